"""Every action code Tandem writes to the audit trail has plain words (issue 17.12).

The code base is read, not run: every call to ``record``, ``record_per_client`` or ``audit_event``
is found, and its ``action`` followed back to the literal codes it can be — through conditional
expressions, f-strings and parameters of the calling function (``_audit(actor, "goal.create", …)``,
``password_changed(user, "reset")``). A code that cannot be followed back fails the test too, so
a new way of writing codes has to be made readable here first.
"""

from __future__ import annotations

import ast
from pathlib import Path

from django.utils import translation

from tandem.audit.words import ACTION_WORDS, ADMIN_CODES, words

ROOT = Path(__file__).resolve().parents[2]
RECORDERS = {"record", "record_per_client", "audit_event"}


def _name(call: ast.Call) -> str | None:
    if isinstance(call.func, ast.Name):
        return call.func.id
    if isinstance(call.func, ast.Attribute):
        return call.func.attr
    return None


class _CodeBase:
    def __init__(self, root: Path) -> None:
        self.files = {
            path: ast.parse(path.read_text(), str(path))
            for path in sorted(root.rglob("*.py"))
            if "tests" not in path.parts and "migrations" not in path.parts
        }
        self.parent: dict[ast.AST, ast.AST] = {}
        self.calls: list[tuple[Path, ast.Call]] = []
        for path, tree in self.files.items():
            for node in ast.walk(tree):
                for child in ast.iter_child_nodes(node):
                    self.parent[child] = node
                if isinstance(node, ast.Call):
                    self.calls.append((path, node))

    def function_of(self, node: ast.AST) -> ast.FunctionDef | None:
        while node in self.parent:
            node = self.parent[node]
            if isinstance(node, ast.FunctionDef):
                return node
        return None

    def codes(self) -> tuple[dict[str, str], list[str]]:
        found: dict[str, str] = {}
        problems: list[str] = []
        for path, call in self.calls:
            if _name(call) not in RECORDERS:
                continue
            for keyword in call.keywords:
                if keyword.arg == "action":
                    where = f"{path.relative_to(ROOT.parent)}:{call.lineno}"
                    try:
                        for code in self._resolve(keyword.value, path, where, frozenset()):
                            found.setdefault(code, where)
                    except LookupError as error:
                        problems.append(str(error))
        return found, problems

    def _resolve(self, node: ast.AST, path: Path, where: str, seen: frozenset[str]) -> set[str]:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            return {node.value}
        if isinstance(node, ast.IfExp):
            return self._resolve(node.body, path, where, seen) | self._resolve(
                node.orelse, path, where, seen
            )
        if isinstance(node, ast.JoinedStr):
            out = {""}
            for part in node.values:
                if isinstance(part, ast.Constant):
                    values = {str(part.value)}
                else:
                    assert isinstance(part, ast.FormattedValue)
                    values = self._resolve(part.value, path, where, seen)
                out = {a + b for a in out for b in values}
            return out
        if isinstance(node, ast.Name):
            function = self.function_of(node)
            if function is not None and f"{function.name}.{node.id}" not in seen:
                return self._from_callers(function, node.id, path, where, seen)
        raise LookupError(f"{where}: cannot tell which action code {ast.unparse(node)} is")

    def _from_callers(
        self, function: ast.FunctionDef, param: str, path: Path, where: str, seen: frozenset[str]
    ) -> set[str]:
        positional = [a.arg for a in function.args.posonlyargs + function.args.args]
        if param not in positional + [a.arg for a in function.args.kwonlyargs]:
            raise LookupError(f"{where}: {param} is not a parameter of {function.name}")
        # A private helper is called from its own module (two modules have an ``_audit``).
        private = function.name.startswith("_")
        callers = [
            (p, c)
            for p, c in self.calls
            if _name(c) == function.name and (p == path or not private)
        ]
        if not callers:
            raise LookupError(f"{where}: nothing calls {function.name}")
        out: set[str] = set()
        for caller_path, call in callers:
            value = next((k.value for k in call.keywords if k.arg == param), None)
            if value is None and param in positional:
                index = positional.index(param) - (1 if positional[0] in ("self", "cls") else 0)
                value = call.args[index] if index < len(call.args) else None
            if value is None:
                raise LookupError(f"{caller_path}:{call.lineno}: {function.name} without {param}")
            place = f"{caller_path.relative_to(ROOT.parent)}:{call.lineno}"
            out |= self._resolve(value, caller_path, place, seen | {f"{function.name}.{param}"})
        return out


def test_it_follows_every_action_code_back_to_its_literal():
    codes, problems = _CodeBase(ROOT).codes()
    assert problems == []
    # A sample from each way of writing a code, so the reader cannot quietly find nothing.
    assert {"client.view", "goal.create", "password.reset", "episode.paused"} <= set(codes)
    assert {"supervision.set", "supervision.remove", "client.list", "login"} <= set(codes)


def test_it_has_plain_words_for_every_action_code_written():
    codes, _ = _CodeBase(ROOT).codes()
    missing = {code: where for code, where in codes.items() if code not in ACTION_WORDS}
    assert missing == {}, "add these codes to ACTION_WORDS in tandem/audit/words.py"


def test_it_lists_no_words_for_codes_nothing_writes():
    codes, _ = _CodeBase(ROOT).codes()
    assert set(ACTION_WORDS) - set(codes) == set()
    assert set(ADMIN_CODES) <= set(codes)


def test_it_speaks_to_the_client_about_their_own_record():
    assert words("client.view") == "looked at the client's record"
    assert words("client.view", for_client=True) == "looked at your record"
    assert words("reminder.send", for_client=True) == "sent you a reminder"
    assert all("the client" not in words(code, for_client=True) for code in ACTION_WORDS)


def test_an_email_sent_instead_of_a_text_says_what_the_text_was_for():
    reminder, check_in = {"purpose": "reminder", "text": "failed"}, {"purpose": "follow_up"}
    assert "a reminder" in words("sms.email_instead", detail=reminder)
    assert "a reminder" not in words("sms.email_instead", detail=check_in)
    assert "follow-up check-in" in words("sms.email_instead", detail=check_in)
    assert words("sms.email_instead", for_client=True, detail=check_in).startswith("emailed you")
    # A record without a purpose this knows reads as the plain phrase.
    assert words("sms.email_instead", detail={}) == words("sms.email_instead")
    assert "reminder" not in words("sms.email_instead")
    with translation.override("es"):
        said = words("sms.email_instead", detail=check_in)
    assert "seguimiento" in said and "recordatorio" not in said

"""Transcript analysis end to end vs ConvoKit's ``Coordination`` over the same utterances.

Both sides are timed as separate processes, from process start to JSON written, so import time
counts: ``tandem analyze FILE --format annomi --json`` (every utterance labelled, every session
metric, quality) against ConvoKit 5.0.0 building a Corpus from the same de-duplicated utterances
and running ``Coordination().fit_transform`` (which computes one of our metrics). ConvoKit runs in
its own virtualenv, ``bench/out/convokit-venv`` (gitignored), made with::

    python3 -m venv bench/out/convokit-venv
    bench/out/convokit-venv/bin/pip install torch==2.13.0   # first: the CPU build
    bench/out/convokit-venv/bin/pip install convokit==5.0.0

Peak memory is each child process's maximum resident set size (``wait4``).
"""

from __future__ import annotations

import csv
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "bench" / "out"
DATA = Path(os.environ.get("TANDEM_ANNOMI", ROOT.parent / "shared" / "data" / "annomi"))
CONVOKIT_PYTHON = OUT / "convokit-venv" / "bin" / "python"
RUNS = 3

# Run inside the ConvoKit virtualenv: argv = AnnoMI CSV, output JSON.
CONVOKIT_SCRIPT = r"""
import csv, json, sys
from convokit import Coordination, Corpus, Speaker, Utterance

seen, rows = set(), []
with open(sys.argv[1], newline="", encoding="utf-8") as handle:
    for row in csv.DictReader(handle):
        key = (row["transcript_id"], row["utterance_id"])
        if key not in seen:
            seen.add(key)
            rows.append(row)
rows.sort(key=lambda r: (int(r["transcript_id"]), int(r["utterance_id"])))
speakers, utterances, first, last = {}, [], {}, {}
for row in rows:
    tid = row["transcript_id"]
    sid = tid + "-" + row["interlocutor"]
    speaker = speakers.setdefault(sid, Speaker(id=sid))
    uid = tid + "-" + row["utterance_id"]
    root = first.setdefault(tid, uid)  # ConvoKit names a conversation by its first utterance
    utterances.append(Utterance(id=uid, speaker=speaker, conversation_id=root,
                                reply_to=last.get(tid), text=row["utterance_text"]))
    last[tid] = uid
corpus = Corpus(utterances=utterances)
coordination = Coordination()
coordination.fit_transform(corpus)
out = {s.id: {t: v for t, v in (s.meta.get("coord") or {}).items()} for s in corpus.iter_speakers()}
with open(sys.argv[2], "w") as handle:
    json.dump(out, handle, default=str)
print(len(rows))
"""


def timed(argv: list[str], stdout_path: Path) -> tuple[float, float, float]:
    """Wall seconds, peak RSS in MB and CPU seconds (user + system) of one child process."""
    # Under /usr/bin/time, which reports its child's own peak: a child forked straight from this
    # process would report at least this process's size at the fork (Linux carries the
    # high-water mark across fork and exec), and `make bench` has grown large by now.
    with stdout_path.open("wb") as out:
        started = time.perf_counter()
        child = subprocess.Popen(
            ["/usr/bin/time", "-f", "peak-kb %M", *argv],
            stdout=out,
            stderr=subprocess.PIPE,
            cwd=ROOT,
        )
        assert child.stderr is not None
        err = child.stderr.read()
        _, status, usage = os.wait4(child.pid, 0)
        seconds = time.perf_counter() - started
    child.returncode = os.waitstatus_to_exitcode(status)
    if child.returncode != 0:
        raise RuntimeError(f"{argv[:3]} failed ({child.returncode}): {err.decode()[-2000:]}")
    peak = [line for line in err.decode().splitlines() if line.startswith("peak-kb ")]
    return seconds, int(peak[-1].split()[1]) / 1024, usage.ru_utime + usage.ru_stime


def count(csv_path: Path) -> tuple[int, int, int]:
    with csv_path.open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    unique = {(r["transcript_id"], r["utterance_id"]) for r in rows}
    return len(rows), len(unique), len({r["transcript_id"] for r in rows})


def run() -> str:
    csv_path = DATA / "annomi-full-train.csv"
    if not csv_path.exists():
        return f"Skipped: {csv_path} not found (set TANDEM_ANNOMI to the AnnoMI folder)."
    OUT.mkdir(parents=True, exist_ok=True)
    n_rows, n_utterances, n_sessions = count(csv_path)
    tandem = [str(Path(sys.executable).parent / "tandem"), "analyze", str(csv_path),
              "--format", "annomi", "--json"]  # fmt: skip
    load_before = os.getloadavg()[0]
    ours = [timed(tandem, OUT / "tandem-annomi.json") for _ in range(RUNS)]
    json.loads((OUT / "tandem-annomi.json").read_text())  # written completely and valid
    lines = [
        f"Input: the AnnoMI training file in `../shared` ({n_sessions} transcripts, "
        f"{n_utterances} distinct utterances, {n_rows} rows with the repeats of multi-annotator "
        f"transcripts). Median of {RUNS} runs, each a fresh process, start to JSON written.",
        "",
        "| engine | what it computes | wall s | CPU s | utterances / wall s | peak memory |",
        "|---|---|---:|---:|---:|---:|",
    ]
    t_sec = statistics.median(s for s, _, _ in ours)
    t_mem = max(m for _, m, _ in ours)
    t_cpu = statistics.median(c for _, _, c in ours)
    lines.append(
        f"| Tandem `tandem analyze --format annomi --json` | labels, subtypes, all session "
        f"metrics, quality | {t_sec:.2f} | {t_cpu:.2f} | {n_utterances / t_sec:,.0f} | "
        f"{t_mem:.0f} MB |"
    )
    if not CONVOKIT_PYTHON.exists():
        lines += ["", f"ConvoKit not measured: {CONVOKIT_PYTHON} is missing (see the module doc)."]
        return "\n".join(lines)
    script = OUT / "convokit_coordination.py"
    script.write_text(CONVOKIT_SCRIPT)
    theirs = [
        timed(
            [str(CONVOKIT_PYTHON), str(script), str(csv_path), str(OUT / "convokit.json")],
            OUT / "convokit-stdout.txt",
        )  # fmt: skip
        for _ in range(RUNS)
    ]
    c_sec = statistics.median(s for s, _, _ in theirs)
    c_mem = max(m for _, m, _ in theirs)
    c_cpu = statistics.median(c for _, _, c in theirs)
    lines.append(
        f"| ConvoKit 5.0.0 `Coordination().fit_transform` | coordination only | {c_sec:.2f} | "
        f"{c_cpu:.2f} | {n_utterances / c_sec:,.0f} | {c_mem:.0f} MB |"
    )
    lines += [
        "",
        f"Ratio ConvoKit ÷ Tandem: **{c_sec / t_sec:.1f}×** in wall time, **{c_cpu / t_cpu:.1f}×** "
        "in CPU time (goal ≥ 5×; above 1 means Tandem is faster). CPU time is the steadier "
        f"figure on a shared machine. Load average (1 min) {load_before:.1f} before the runs, "
        f"{os.getloadavg()[0]:.1f} after.",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    print(run())

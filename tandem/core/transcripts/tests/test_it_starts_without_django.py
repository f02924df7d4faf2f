import subprocess
import sys

from tandem.core.transcripts.tests.conftest import FIXTURES

PROBE = """
import sys
from click.testing import CliRunner
from tandem.cli import main
result = CliRunner().invoke(main, ["analyze", sys.argv[1], "--json"])
assert result.exit_code == 0, result.output
heavy = sorted(m for m in ("django", "sklearn", "scipy", "pandas", "torch") if m in sys.modules)
print(",".join(heavy) or "none")
"""


def test_it_analyses_without_importing_django_or_scikit_learn():
    out = subprocess.run(
        [sys.executable, "-c", PROBE, str(FIXTURES / "session.txt")],
        capture_output=True, text=True, check=True,
    )  # fmt: skip
    assert out.stdout.strip() == "none"

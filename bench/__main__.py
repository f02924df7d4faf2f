"""Run the benchmarks and write their figures into docs/benchmarks.md.

Usage: ``python -m bench [NAME ...]`` (NAME is the part after ``bench_`` in a module's file name).
Each benchmark's Markdown goes between ``<!-- bench:NAME -->`` markers, so running one benchmark
replaces only its own section and keeps the others' last figures.
"""

from __future__ import annotations

import importlib
import platform
import re
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
HEADER = """# Benchmarks

Figures written by `make bench` (`python -m bench [NAME …]`). Each section says when and on what
machine it was measured; speed is never asserted in the test suite.
"""


def machine() -> str:
    cpus = len(__import__("os").sched_getaffinity(0))
    return f"{platform.machine()}, {cpus} cores, Python {platform.python_version()}, {platform.system()}"


def replace_section(text: str, name: str, body: str) -> str:
    start, end = f"<!-- bench:{name} -->", f"<!-- /bench:{name} -->"
    block = f"{start}\n{body.strip()}\n{end}"
    pattern = re.compile(re.escape(start) + r".*?" + re.escape(end), re.S)
    if pattern.search(text):
        return pattern.sub(lambda _m: block, text)
    return text.rstrip() + "\n\n" + block + "\n"


def main(argv: list[str]) -> int:
    names = argv or sorted(
        p.stem.removeprefix("bench_") for p in Path(__file__).parent.glob("bench_*.py")
    )
    for name in names:
        print(f"== benchmark: {name} ==", flush=True)
        module = importlib.import_module(f"bench.bench_{name}")
        body = module.run()
        stamp = f"_Measured {datetime.now(UTC):%Y-%m-%d %H:%M} UTC on {machine()}._\n\n"
        # Read the file only now: another benchmark may have written its section meanwhile.
        text = DOC.read_text() if DOC.exists() else HEADER
        text = replace_section(text, name, stamp + body)
        DOC.write_text(text)
        print(body, flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

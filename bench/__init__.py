"""Benchmarks for `make bench`. Each `bench_NAME.py` module defines `run() -> str` (Markdown)."""

"""`tandem outcomes FILE --json` on a national-scale file, against the same report in DuckDB SQL.

Generates 1,000,000 synthetic episodes (about 10 million rows) into bench/out/, then, in the same
run, times the command as a subprocess and the DuckDB query (what an analyst would write) as a
subprocess, each with its peak memory from ``/usr/bin/time -v``. Also times learning expected
bands and flagging not-on-track for 100,000 active clients. Returns Markdown.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

OUT = Path(__file__).resolve().parent / "out"
EPISODES = 1_000_000
ACTIVE = 100_000
REPEATS = 5

# The report as one SQL query: first and last score per episode and measure by session, then the
# NHS Talking Therapies rules. ``{path}`` is replaced by the file.
QUERY = """
WITH s AS (
  SELECT episode_id, instrument,
         arg_min(score, session) AS first_score, arg_max(score, session) AS last_score,
         count(DISTINCT session) AS n
  FROM read_csv('{path}') WHERE instrument IN ('phq9', 'gad7')
  GROUP BY episode_id, instrument),
e AS (
  SELECT episode_id,
    max(CASE WHEN instrument = 'phq9' THEN first_score END) AS p0,
    max(CASE WHEN instrument = 'phq9' THEN last_score END) AS p1,
    max(CASE WHEN instrument = 'gad7' THEN first_score END) AS g0,
    max(CASE WHEN instrument = 'gad7' THEN last_score END) AS g1,
    coalesce(max(CASE WHEN instrument = 'phq9' THEN n END), 0) >= 2
      AND coalesce(max(CASE WHEN instrument = 'gad7' THEN n END), 0) >= 2 AS finished
  FROM s GROUP BY episode_id),
f AS (
  SELECT *, finished AND (p0 >= 10 OR g0 >= 8) AS case0, finished AND (p1 >= 10 OR g1 >= 8) AS case1,
    (p1 - p0 <= -6 OR g1 - g0 <= -4) AS down, (p1 - p0 >= 6 OR g1 - g0 >= 4) AS up
  FROM e),
o AS (
  SELECT finished, case0, case0 AND NOT case1 AS recovered,
         finished AND down AND NOT up AS imp, finished AND up AND NOT down AS det
  FROM f)
SELECT count(*) AS episodes,
       count(*) FILTER (finished) AS finished,
       count(*) FILTER (case0) AS at_caseness,
       count(*) FILTER (recovered) AS recovered,
       count(*) FILTER (imp) AS reliable_improvement,
       count(*) FILTER (det) AS reliable_deterioration,
       count(*) FILTER (recovered AND imp) AS reliable_recovery
FROM o
"""


def _data_file() -> Path:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    from tandem.core.outcomes.synthetic import generate

    OUT.mkdir(exist_ok=True)
    path = OUT / f"outcomes_{EPISODES}.csv"
    if path.exists():
        return path
    data = generate(EPISODES, seed=2026, max_sessions=9)
    long = data.long.assign(instrument=data.long["instrument"].astype(str))
    tmp = path.with_suffix(".tmp")
    pacsv.write_csv(
        pa.Table.from_pandas(long, preserve_index=False),
        tmp,
        pacsv.WriteOptions(quoting_style="needed"),
    )
    tmp.rename(path)
    return path


def _timed(command: list[str]) -> tuple[float, float, float, str]:
    """Wall seconds, peak resident MB, CPU seconds (user + system) and stdout of one run."""
    wrapper = ["/usr/bin/time", "-v"] if shutil.which("/usr/bin/time") else []
    start = time.perf_counter()
    done = subprocess.run(wrapper + command, capture_output=True, text=True, check=True)
    seconds = time.perf_counter() - start
    match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", done.stderr)
    peak = int(match.group(1)) / 1024 if match else float("nan")
    cpu = sum(
        float(m) for m in re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", done.stderr)
    )
    return seconds, peak, cpu or float("nan"), done.stdout


def _bands_timing() -> tuple[float, float, int, int]:
    from tandem.core.outcomes.bands import learn_bands, not_on_track
    from tandem.core.outcomes.synthetic import generate

    finished = generate(300_000, seed=11).long
    active = generate(ACTIVE, seed=12).long
    start = time.perf_counter()
    bands = learn_bands(finished)
    learned = time.perf_counter() - start
    start = time.perf_counter()
    flags = not_on_track(active, bands)
    flagged = time.perf_counter() - start
    return learned, flagged, len(flags), int(flags["not_on_track"].sum())


def run() -> str:
    path = _data_file()
    rows = sum(1 for _ in path.open("rb")) - 1
    size_mb = path.stat().st_size / 1e6
    tandem = [str(Path(sys.executable).with_name("tandem")), "outcomes", str(path), "--json"]
    duck = [
        sys.executable,
        "-c",
        f"import duckdb; print(duckdb.sql({QUERY.format(path=path)!r}).fetchall())",
    ]
    ours: list[tuple[float, float, float]] = []
    theirs: list[tuple[float, float, float]] = []
    load_before = os.getloadavg()[0]
    report: dict[str, object] = {}
    duck_out = ""
    for _ in range(REPEATS):  # interleaved so both see the same machine load
        seconds, peak, cpu, out = _timed(tandem)
        ours.append((seconds, peak, cpu))
        report = json.loads(out)
        seconds, peak, cpu, duck_out = _timed(duck)
        theirs.append((seconds, peak, cpu))
    load_after = os.getloadavg()[0]
    t_ours = statistics.median(s for s, _, _ in ours)
    t_duck = statistics.median(s for s, _, _ in theirs)
    cpu_ours = statistics.median(c for _, _, c in ours)
    cpu_duck = statistics.median(c for _, _, c in theirs)
    peak_ours = max(p for _, p, _ in ours)
    peak_duck = max(p for _, p, _ in theirs)
    counts = [
        report[k]
        for k in (
            "episodes",
            "finished",
            "at_caseness",
            "recovered",
            "reliable_improvement",
            "reliable_deterioration",
            "reliable_recovery",
        )
    ]
    agree = str(tuple(counts)) in duck_out
    learned, flagged, clients, n_flagged = _bands_timing()
    threads = os.cpu_count()
    return f"""### `tandem outcomes FILE --json` vs one DuckDB query

{EPISODES:,} synthetic episodes, {rows:,} rows, {size_mb:.0f} MB CSV; median of {REPEATS} runs
each, run alternately in one session; each is a fresh process (start-up and imports included);
peak memory is the maximum resident set size from `/usr/bin/time -v`. DuckDB uses all
{threads} cores by default.

| | wall time (s) | CPU time (s) | peak memory (MB) |
|---|---:|---:|---:|
| `tandem outcomes --json` | {t_ours:.2f} | {cpu_ours:.2f} | {peak_ours:.0f} |
| DuckDB SQL (`read_csv` + one query) | {t_duck:.2f} | {cpu_duck:.2f} | {peak_duck:.0f} |
| ratio (DuckDB / Tandem) | {t_duck / t_ours:.2f}× | {cpu_duck / cpu_ours:.2f}× | |

Machine load (1-minute load average) {load_before:.1f} before and {load_after:.1f} after the
runs: on a shared machine wall times stretch with other work; CPU time (user + system, from
`/usr/bin/time -v`) is steadier.

Same counts from both: {"yes" if agree else "NO"}. Goal: ≥ 3× faster than DuckDB, < 2 GB peak.
All runs, wall (s): Tandem {", ".join(f"{s:.2f}" for s, _, _ in ours)}; DuckDB {", ".join(f"{s:.2f}" for s, _, _ in theirs)}.

### Expected bands and not-on-track

Learning PHQ-9 bands from 300,000 finished synthetic episodes: {learned:.2f} s.
Not-on-track flags for {clients:,} active clients: {flagged:.2f} s ({n_flagged:,} flagged).
"""

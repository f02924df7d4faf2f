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
REPEATS = 3

# The report as one SQL query (what an analyst would write): the anxiety measure for each episode
# (the problem's ADSM when scored at two or more sessions, else the GAD-7), first and last score
# per measure by session, then the NHS Talking Therapies rules. ``{path}`` is the file, which has
# the optional ``ended`` and ``problem`` columns.
QUERY = """
WITH raw AS (
  SELECT CAST(episode_id AS VARCHAR) AS episode_id, session, instrument, score,
         CAST(ended AS BOOLEAN) AS ended, coalesce(problem, 'none') AS problem
  FROM read_csv('{path}')
  WHERE instrument IN ('phq9','gad7','spin','pcl5','iesr','mi','oci','pdss','hai')),
m(instrument, caseness, rc) AS (VALUES ('phq9', 10, 6), ('gad7', 8, 4), ('spin', 19, 10),
  ('pcl5', 32, 10), ('iesr', 33, 9), ('mi', 2.3, 0.73), ('oci', 40, 32), ('pdss', 8, 5),
  ('hai', 18, 4)),
pref(problem, instrument, rank) AS (VALUES ('social_anxiety', 'spin', 1), ('ptsd', 'pcl5', 1),
  ('ptsd', 'iesr', 2), ('agoraphobia', 'mi', 1), ('ocd', 'oci', 1), ('panic', 'pdss', 1),
  ('health_anxiety', 'hai', 1)),
ep AS (
  SELECT episode_id, any_value(ended) AS ended, any_value(problem) AS problem,
         count(DISTINCT session) AS sessions
  FROM raw GROUP BY episode_id),
s AS (
  SELECT episode_id, instrument, arg_min(score, session) AS f, arg_max(score, session) AS l,
         count(DISTINCT session) AS n
  FROM raw GROUP BY episode_id, instrument),
best AS (
  SELECT ep.episode_id, arg_min(s.instrument, pref.rank) AS anx
  FROM ep JOIN pref ON pref.problem = ep.problem
  JOIN s ON s.episode_id = ep.episode_id AND s.instrument = pref.instrument AND s.n >= 2
  GROUP BY ep.episode_id),
e AS (
  SELECT ep.*, coalesce(best.anx, 'gad7') AS anx FROM ep LEFT JOIN best USING (episode_id)),
p AS (
  SELECT e.ended, e.sessions, ph.f AS p0, ph.l AS p1, coalesce(ph.n, 0) AS pn,
         a.f AS a0, a.l AS a1, coalesce(a.n, 0) AS an, m.caseness AS ac, m.rc AS ar
  FROM e JOIN m ON m.instrument = e.anx
  LEFT JOIN s ph ON ph.episode_id = e.episode_id AND ph.instrument = 'phq9'
  LEFT JOIN s a ON a.episode_id = e.episode_id AND a.instrument = e.anx),
f AS (
  SELECT *, ended AND sessions >= 2 AS finished,
         ended AND sessions >= 2 AND pn >= 2 AND an >= 2 AS paired FROM p),
g AS (
  SELECT *, paired AND (p0 >= 10 OR a0 >= ac - 1e-9) AS case0,
         paired AND (p1 >= 10 OR a1 >= ac - 1e-9) AS case1,
         (p1 - p0 <= -6 OR a1 - a0 <= -ar + 1e-9) AS down,
         (p1 - p0 >= 6 OR a1 - a0 >= ar - 1e-9) AS up FROM f),
o AS (
  SELECT ended, finished, paired, case0, case0 AND NOT case1 AS recovered,
         paired AND down AND NOT up AS imp, paired AND up AND NOT down AS det FROM g)
SELECT count(*) AS episodes,
       count(*) FILTER (NOT ended) AS not_ended,
       count(*) FILTER (finished) AS finished,
       count(*) FILTER (paired) AS paired,
       count(*) FILTER (case0) AS at_caseness,
       count(*) FILTER (recovered) AS recovered,
       count(*) FILTER (imp) AS reliable_improvement,
       count(*) FILTER (det) AS reliable_deterioration,
       count(*) FILTER (recovered AND imp) AS reliable_recovery
FROM o
"""
COUNT_KEYS = (
    "episodes",
    "not_ended",
    "finished",
    "paired",
    "at_caseness",
    "recovered",
    "reliable_improvement",
    "reliable_deterioration",
    "reliable_recovery",
)

# The anxiety measure each problem descriptor is scored on in the generated files (the PTSD
# episodes alternate between the PCL-5 and the IES-R).
_GEN_PROBLEMS = ("depression", "gad", "mixed", "none", "social_anxiety", "ptsd", "agoraphobia",
                 "ocd", "panic", "health_anxiety")  # fmt: skip
_GEN_ADSM = {"social_anxiety": "spin", "agoraphobia": "mi", "ocd": "oci", "panic": "pdss",
             "health_anxiety": "hai"}  # fmt: skip


def contract_table(episodes: int, seed: int, text_ids: bool, shuffled: bool) -> object:
    """A long table in the full contract (``episode_id, session, instrument, score, ended,
    problem``): PHQ-9 and GAD-7 at most sessions, the problem's ADSM at most sessions, some
    scores missing, a tenth of episodes not ended, one in 20 with a PARTNERSHIP row to skip.
    Text ids look like ``ep-000123``; ``shuffled`` puts the rows in random order. Returns an
    Arrow table."""
    import numpy as np
    import pyarrow as pa

    from tandem.core.outcomes.nhs_measures import MEASURES

    rng = np.random.default_rng(seed)
    sessions = rng.integers(1, 10, episodes)
    problem = rng.integers(0, len(_GEN_PROBLEMS), episodes)
    ended = rng.random(episodes) < 0.9
    ep_rows = np.repeat(np.arange(episodes), sessions)
    starts = np.repeat(np.cumsum(sessions) - sessions, sessions)
    session = np.arange(ep_rows.size) - starts + 1
    names, parts_ep, parts_session, parts_score = [], [], [], []
    severity = rng.random(episodes)
    gain = rng.normal(0.45, 0.35, episodes)
    progress = (session - 1) / np.maximum(sessions[ep_rows] - 1, 1)
    level = np.clip(severity[ep_rows] * (1 - gain[ep_rows] * progress), 0, 1)
    adsm_of = np.array(
        [_GEN_ADSM.get(p, "pcl5" if p == "ptsd" else "") for p in _GEN_PROBLEMS],
        dtype=object,
    )
    wanted = adsm_of[problem[ep_rows]]
    ptsd_iesr = (np.array(_GEN_PROBLEMS)[problem[ep_rows]] == "ptsd") & (ep_rows % 2 == 1)
    wanted = np.where(ptsd_iesr, "iesr", wanted)
    for name in ("phq9", "gad7", *sorted(set(_GEN_ADSM.values()) | {"pcl5", "iesr"})):
        measure = MEASURES[name]
        mask = rng.random(ep_rows.size) < 0.92
        if name not in ("phq9", "gad7"):
            mask &= wanted == name
        noise = rng.normal(0, 0.08, ep_rows.size)
        raw = measure.min + np.clip(level + noise, 0, 1) * (measure.max - measure.min)
        value = np.round(raw, 2) if measure.decimal else np.round(raw)
        parts_ep.append(ep_rows[mask])
        parts_session.append(session[mask])
        parts_score.append(value[mask])
        names.append(np.full(int(mask.sum()), name, dtype=object))
    extra = ep_rows[(session == 1) & (ep_rows % 20 == 0)]
    parts_ep.append(extra)
    parts_session.append(np.ones(extra.size, dtype=np.int64))
    parts_score.append(np.full(extra.size, 7.5))
    names.append(np.full(extra.size, "partnership", dtype=object))
    ep = np.concatenate(parts_ep)
    sess = np.concatenate(parts_session)
    order = rng.permutation(ep.size) if shuffled else np.lexsort((sess, ep))
    ep, sess = ep[order], sess[order]
    instrument = np.concatenate(names)[order]
    score = np.concatenate(parts_score)[order]
    ids: object = (
        pa.array(np.char.add("ep-", np.char.zfill(ep.astype(str), 7)))
        if text_ids
        else pa.array(ep + 1)
    )
    return pa.table(
        {
            "episode_id": ids,
            "session": pa.array(sess),
            "instrument": pa.array(instrument, type=pa.string()),
            "score": pa.array(score),
            "ended": pa.array(ended[ep].astype(np.int8)),
            "problem": pa.array(np.array(_GEN_PROBLEMS, dtype=object)[problem[ep]], pa.string()),
        }
    )


def write_contract_file(
    path: Path, episodes: int, seed: int, text_ids: bool, shuffled: bool
) -> None:
    import pyarrow.csv as pacsv

    table = contract_table(episodes, seed, text_ids, shuffled)
    tmp = path.with_suffix(".tmp")
    pacsv.write_csv(table, tmp, pacsv.WriteOptions(quoting_style="needed"))
    tmp.rename(path)


# The three files: (name, episodes, text ids, rows shuffled).
FILES = (
    ("export order, whole-number ids", EPISODES, False, False),
    ("text ids, rows of an episode together", EPISODES, True, False),
    ("text ids, rows shuffled", 300_000, True, True),
)


def _data_file(episodes: int, text_ids: bool, shuffled: bool) -> Path:
    OUT.mkdir(exist_ok=True)
    kind = ("text" if text_ids else "int") + ("_shuffled" if shuffled else "")
    path = OUT / f"outcomes_{episodes}_{kind}.csv"
    if not path.exists():
        write_contract_file(path, episodes, seed=2026, text_ids=text_ids, shuffled=shuffled)
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


def _compare(path: Path) -> dict[str, object]:
    """Alternated runs of the command and of the DuckDB query on one file."""
    tandem = [str(Path(sys.executable).with_name("tandem")), "outcomes", str(path), "--json"]
    duck = [
        sys.executable,
        "-c",
        f"import duckdb; print(duckdb.sql({QUERY.format(path=path)!r}).fetchall())",
    ]
    ours: list[tuple[float, float, float]] = []
    theirs: list[tuple[float, float, float]] = []
    report: dict[str, object] = {}
    duck_out = ""
    load_before = os.getloadavg()[0]
    for _ in range(REPEATS):  # interleaved so both see the same machine load
        seconds, peak, cpu, out = _timed(tandem)
        ours.append((seconds, peak, cpu))
        report = json.loads(out)
        seconds, peak, cpu, duck_out = _timed(duck)
        theirs.append((seconds, peak, cpu))
    counts = tuple(report[k] for k in COUNT_KEYS)
    return {
        "rows": sum(1 for _ in path.open("rb")) - 1,
        "mb": path.stat().st_size / 1e6,
        "ours": statistics.median(s for s, _, _ in ours),
        "duck": statistics.median(s for s, _, _ in theirs),
        "cpu_ours": statistics.median(c for _, _, c in ours),
        "cpu_duck": statistics.median(c for _, _, c in theirs),
        "peak_ours": max(p for _, p, _ in ours),
        "peak_duck": max(p for _, p, _ in theirs),
        "agree": str(counts) in duck_out,
        "load": (load_before, os.getloadavg()[0]),
        "all": (ours, theirs),
    }


def run() -> str:
    results = []
    for name, episodes, text_ids, shuffled in FILES:
        path = _data_file(episodes, text_ids, shuffled)
        results.append((name, episodes, _compare(path)))
    learned, flagged, clients, n_flagged = _bands_timing()
    threads = os.cpu_count()
    rows = "\n".join(
        f"| {name} | {episodes:,} | {r['rows']:,} | {r['ours']:.2f} / {r['cpu_ours']:.2f} / "
        f"{r['peak_ours']:.0f} | {r['duck']:.2f} / {r['cpu_duck']:.2f} / {r['peak_duck']:.0f} | "
        f"{r['duck'] / r['ours']:.2f}× | {r['cpu_duck'] / r['cpu_ours']:.2f}× | "
        f"{'yes' if r['agree'] else 'NO'} | {r['load'][0]:.1f}–{r['load'][1]:.1f} |"
        for name, episodes, r in results
    )
    return f"""### `tandem outcomes FILE --json` vs one DuckDB query

Files in the full contract (`episode_id, session, instrument, score, ended, problem`; PHQ-9,
GAD-7 and every ADSM, a tenth of episodes not ended, rows of another instrument to skip); median
of {REPEATS} runs each, run alternately; each is a fresh process (start-up and imports included);
peak memory is the maximum resident set size from `/usr/bin/time -v`. DuckDB uses all {threads}
cores by default. Cells: wall seconds / CPU seconds / peak MB.

| file | episodes | rows | Tandem | DuckDB | wall ratio | CPU ratio | same counts | load avg |
|---|---:|---:|---:|---:|---:|---:|---|---|
{rows}

Goal: ≥ 3× faster than DuckDB, < 2 GB peak, on any valid file. On a shared machine wall times
stretch with other work (the last column is the 1-minute load average before and after); CPU time
(user + system) is steadier.

### Expected bands and not-on-track

Learning PHQ-9 bands from 300,000 finished synthetic episodes: {learned:.2f} s.
Not-on-track flags for {clients:,} active clients: {flagged:.2f} s ({n_flagged:,} flagged).
"""

"""How long `tandem seed-demo --scale large` takes to load the large practice into PostgreSQL.

`python -m bench seed`. Loads into a fresh database (BENCH_SEED_DATABASE, default
tandem_seed_bench on the server of BENCH_DATABASE_URL) and drops it afterwards.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path

TANDEM = str(Path(sys.executable).with_name("tandem"))
SERVER = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/tandem_large"
).rsplit("/", 1)[0]
NAME = os.environ.get("BENCH_SEED_DATABASE", "tandem_seed_bench")


def _admin(sql: str) -> None:
    import psycopg

    with psycopg.connect(SERVER + "/postgres", autocommit=True) as conn:
        conn.execute(sql)


def run() -> str:
    _admin(f"DROP DATABASE IF EXISTS {NAME}")
    _admin(f"CREATE DATABASE {NAME}")
    env = {
        **os.environ,
        "DATABASE_URL": f"{SERVER}/{NAME}",
        "SECRET_KEY": "bench-only-secret-key",
        "TANDEM_DATA_DIR": tempfile.mkdtemp(prefix="tandem-seed-"),
    }
    try:
        started = time.monotonic()
        out = subprocess.run(
            [TANDEM, "seed-demo", "--scale", "large"],
            env=env,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        seconds = time.monotonic() - started
    finally:
        _admin(f"DROP DATABASE IF EXISTS {NAME} WITH (FORCE)")
    steps = "\n".join(line for line in out.splitlines() if re.match(r"\[\s*[\d.]+ s\]", line))
    return (
        "### `tandem seed-demo --scale large` into an empty PostgreSQL database\n\n"
        f"1,000 therapists, 50,000 clients and episodes, 500,000 sessions, 1,000,000 responses "
        f"(COPY): **{seconds:.0f} s** in all, migrations included.\n\n```\n{steps}\n```"
    )


if __name__ == "__main__":
    print(run())

"""A background worker started beside `tandem serve`, for one machine with one command.

In single-machine mode (SQLite, `make demo`, a small practice) nobody should have to remember a
second command for emails, reminders, transcript analysis and the nightly figures to happen.
`tandem serve` starts one `tandem worker` next to the web processes and stops it when it stops.
A production deployment runs its workers as their own services instead (docs/deploy.md) and
turns this off with `--no-worker` (the default when DATABASE_URL is set).
"""

from __future__ import annotations

import atexit
import ctypes
import os
import signal
import subprocess
import sys
from typing import Any

PR_SET_PDEATHSIG = 1  # prctl(2): the signal a child gets when its parent dies (Linux)


def _die_with_parent() -> None:
    """In the child before exec: ask Linux to send SIGTERM if the server dies, even by SIGKILL,
    so no worker is left running on its own. Elsewhere the atexit handler has to do."""
    if sys.platform.startswith("linux"):
        try:
            libc = ctypes.CDLL("libc.so.6", use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGTERM)
        except OSError:
            pass


def start_worker(environ: dict[str, str] | None = None) -> subprocess.Popen[Any]:
    """Start `tandem worker` as a child process; it is stopped (SIGTERM, then SIGKILL after ten
    seconds) when this process exits."""
    process = subprocess.Popen(
        [sys.executable, "-m", "tandem.cli", "worker"],
        env=environ if environ is not None else dict(os.environ),
        preexec_fn=_die_with_parent,  # noqa: PLW1509 - no threads exist yet at this point
    )

    owner = os.getpid()

    def stop() -> None:
        # Only the process that started it stops it: gunicorn's web workers are forked from
        # this one and inherit its exit handlers.
        if os.getpid() == owner and process.poll() is None:
            process.terminate()
            try:
                process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                process.kill()

    atexit.register(stop)
    return process

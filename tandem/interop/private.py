"""Files of health data that Tandem writes (backups, exports) are readable by their owner only."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def owner_only(*existing: Path) -> Iterator[None]:
    """Create files and folders readable by their owner only while the block runs (umask 077),
    whatever the shell's umask; ``existing`` files overwritten keep no wider mode either.

    The umask is the process's; these are written by the command line, one thread at a time.
    """
    before = os.umask(0o077)
    try:
        for path in existing:
            if path.is_file():
                path.chmod(0o600)
        yield
    finally:
        os.umask(before)

"""The code version a refresh records: the release plus a hash of the code that computes.

A period whose input files and code version are unchanged since its last refresh is skipped
(unless forced); hashing the sources means a changed transform or rule re-computes even if
nobody bumped the release number.
"""

from __future__ import annotations

import functools
import hashlib
from pathlib import Path

from kinerja import __version__

_ROOMS = ("readers", "transforms", "expectations", "warehouse", "flows")
_SUFFIXES = (".py", ".sql", ".toml")


@functools.cache
def code_version() -> str:
    root = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for room in _ROOMS:
        for path in sorted((root / room).rglob("*")):
            if path.suffix in _SUFFIXES and "__pycache__" not in path.parts:
                digest.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"

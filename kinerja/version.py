"""The code version a refresh records: the release plus a hash of the code that computes.

A period whose input files and code version are unchanged since its last refresh is skipped
(unless forced); hashing the sources means a changed transform or rule re-computes even if
nobody bumped the release number. The sources are read through :mod:`importlib.resources`,
so the hash is the same in an editable checkout and in an installed wheel.
"""

from __future__ import annotations

import functools
import hashlib
from importlib import resources
from importlib.abc import Traversable

from kinerja import __version__

# The packages whose code decides what a period computes (the report only presents it).
_ROOMS = ("kinerja", "kinerja.readers", "kinerja.transforms", "kinerja.expectations", "kinerja.warehouse")
_SUFFIXES = (".py", ".sql", ".toml")
_SKIP = ("__pycache__", "sample", "tests")


def _files(root: Traversable, prefix: str) -> list[tuple[str, Traversable]]:
    found = []
    for entry in root.iterdir():
        name = f"{prefix}/{entry.name}"
        if entry.is_dir():
            if entry.name not in _SKIP:
                found += _files(entry, name)
        elif entry.name.endswith(_SUFFIXES):
            found.append((name, entry))
    return found


@functools.cache
def code_version() -> str:
    digest = hashlib.sha256()
    for room in _ROOMS:
        for name, entry in sorted(_files(resources.files(room), room), key=lambda item: item[0]):
            if room == "kinerja" and name.count("/") > 1:
                continue                 # the kernel's own files; its subpackages are rooms above
            digest.update(name.encode() + b"\0" + entry.read_bytes())
    return f"{__version__}+{digest.hexdigest()[:12]}"

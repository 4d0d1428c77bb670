"""Named instants of a run where a test can make it stop or fail, as a real crash would.

``KINERJA_CRASH_AT=<point>[,<point>...]`` makes the process end itself with ``os._exit(137)``
(no clean-up, no ``finally``, no atexit: what a SIGKILL or a power cut leaves) when it reaches
one of the points. ``KINERJA_FAIL_AT=<point>:enospc`` raises ``OSError(ENOSPC)`` there instead
(a full disk). Unset, both cost one dictionary look-up per point.

The points of a refresh (see :mod:`kinerja.pipeline.period` and :mod:`kinerja.warehouse.publish`):

- ``before:<step>`` / ``after:<step>`` around each step of a period, e.g. ``after:read-2025-06``
  (the files are read), ``before:write-2025-06`` (gated, nothing written), ``after:write-2025-06``
  (the period's transaction committed, nothing published yet);
- ``publish:built`` the new copy is built and verified beside the served file, not swapped;
- ``publish:swapped`` the new file is served, its audit row not yet written.
"""

from __future__ import annotations

import errno
import os
import sys

CRASH_ENV = "KINERJA_CRASH_AT"
FAIL_ENV = "KINERJA_FAIL_AT"
CRASH_STATUS = 137


def point(name: str) -> None:
    """Stop the process here, or fail here, if a test asked for it."""
    crash = os.environ.get(CRASH_ENV)
    if crash and name in crash.split(","):
        sys.stderr.flush()
        os._exit(CRASH_STATUS)
    fail = os.environ.get(FAIL_ENV)
    if fail:
        for item in fail.split(","):
            where, _, what = item.rpartition(":")
            if where == name and what == "enospc":
                raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), name)

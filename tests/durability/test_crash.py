"""A refresh killed at any instant leaves the published file old or new, whole, and the next
plain run finishes the job (issue 15).

Real processes: ``kinerja run --period 2025-06`` on a copy of a home refreshed 2025-01..05, each
a process of its own (``kinerja_process``: forked with kinerja already imported), stopped at
named instants (``KINERJA_CRASH_AT``: the process ends itself with ``os._exit``, as a SIGKILL
would leave it) or by a SIGKILL on a timer. They run side by side; each home is then checked
and repaired by a plain run.
"""

from __future__ import annotations

import os
import signal
import shutil
import time

import pytest

from kinerja.cli import EXIT_NEEDS_REPAIR, main
from kinerja.faults import CRASH_STATUS
from kinerja.verify import verify
from kinerja.warehouse.home import Home
from tests.durability.conftest import published_content

# with the other tests that fork runs: one worker, one preloaded fork server
pytestmark = [pytest.mark.integration, pytest.mark.xdist_group("kinerja_process")]

# named instant -> what it interrupts
HOOKED = {
    "after:read-2025-06": "during read (files read, nothing gated)",
    "after:write-2025-06": "after the period's transaction, before the swap",
    "publish:built": "the new copy built beside the served file, not swapped",
    "publish:swapped": "after the swap, before its audit row",
}
TIMED = (4.0,)   # seconds after start (about the period's transaction): a SIGKILL of the group wherever it is


def test_a_run_killed_at_any_instant_leaves_old_or_new_and_the_next_run_converges(before_june, sample_home,
                                                                                   kinerja_process, tmp_path, capsys):
    """Each home is then checked (``kinerja verify``), repaired by a plain run, and checked again."""
    old, new = published_content(before_june), published_content(sample_home)
    assert old != new
    homes, procs = {}, {}
    for name in [*HOOKED, *(f"timer {t:g} s" for t in TIMED)]:
        home = tmp_path / name.replace(":", "_").replace(" ", "_")
        shutil.copytree(before_june, home)
        homes[name] = home
        env = {"KINERJA_CRASH_AT": name} if name in HOOKED else {}
        procs[name] = (kinerja_process("run", "--period", "2025-06", "--home", str(home), "--prefect", "off", "-q",
                                       env=env), time.monotonic())
    for t in TIMED:
        proc, started = procs[f"timer {t:g} s"]
        time.sleep(max(0.0, started + t - time.monotonic()))
        if proc.is_alive():
            os.kill(proc.pid, signal.SIGKILL)
    for name, (proc, _) in procs.items():
        proc.join(timeout=120)
        if name in HOOKED:
            assert proc.exitcode == CRASH_STATUS, f"{name}: {proc.exitcode}"

    said = {}
    for name, home in homes.items():
        # the served file opens read-only and holds the old or the new publish, never anything else
        assert published_content(home) in (old, new), name
        capsys.readouterr()
        assert main(["verify", "--home", str(home)]) in (0, EXIT_NEEDS_REPAIR), name
        said[name] = capsys.readouterr().out
        assert main(["run", "--period", "2025-06", "--home", str(home), "--prefect", "off"]) == 0, name
        said[name] += capsys.readouterr().out
        assert published_content(home) == new, name
        assert verify(Home(home)) == [], name
        assert not list((home / "published").glob(".kinerja.duckdb.*")), name
    # the instant of the bug report: the warehouse held June, the served file did not; verify says
    # so with the repair, and the next plain run republishes (after removing the half-built copy)
    for name in ("after:write-2025-06", "publish:built"):
        assert "published file behind the warehouse (missing 2025-06)" in said[name], said[name]
        assert f"repair: kinerja run --home {homes[name]}" in said[name]
        assert "published file behind the warehouse (missing 2025-06): republishing" in said[name]
    assert "temporary publish file left by a stopped run" in said["publish:built"]
    assert "removed a temporary publish file left by a stopped run" in said["publish:built"]
    assert "has no audit row" in said["publish:swapped"] and "was missing" in said["publish:swapped"]

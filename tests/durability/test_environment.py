"""Environment failures are not data failures: a full or read-only home and a Prefect server that
does not start end with their own exit status, one line, no traceback, nothing half-written;
a temporary server dies with the CLI (issue 15)."""

from __future__ import annotations

import os
import signal
import subprocess
import time
from pathlib import Path

import pytest

from kinerja.cli import EXIT_DISK_FULL, EXIT_READ_ONLY, EXIT_SERVER, main
from kinerja.verify import verify
from kinerja.warehouse.home import Home
from tests.durability.conftest import kinerja, published_content

pytestmark = pytest.mark.integration


def _one_line_no_traceback(err: str) -> None:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and lines[0].startswith("kinerja: "), err
    assert "Traceback" not in err


def _working_periods(home: Path) -> list[str]:
    import duckdb

    con = duckdb.connect(str(home / "warehouse.duckdb"), read_only=True)
    try:
        return [str(r[0])[:7] for r in con.execute("SELECT DISTINCT period FROM out_budget_region ORDER BY 1")
                .fetchall()]
    finally:
        con.close()


@pytest.mark.parametrize("where", ["before:write-2025-06", "publish:built"])
def test_a_full_disk_at_the_write_or_the_publish_fails_cleanly_and_the_next_run_succeeds(home_copy, sample_home,
                                                                                        where, monkeypatch, capsys):
    served = (home_copy / "published" / "kinerja.duckdb").read_bytes()
    monkeypatch.setenv("KINERJA_FAIL_AT", f"{where}:enospc")
    assert main(["run", "--period", "2025-06", "--home", str(home_copy), "--prefect", "off", "-q"]) == EXIT_DISK_FULL
    _one_line_no_traceback(capsys.readouterr().err)
    assert (home_copy / "published" / "kinerja.duckdb").read_bytes() == served
    assert not list((home_copy / "published").glob(".kinerja.duckdb.*"))
    # the warehouse is consistent: June is absent (write) or whole and waiting to be published
    assert _working_periods(home_copy)[-1] == ("2025-05" if where.startswith("before") else "2025-06")
    monkeypatch.delenv("KINERJA_FAIL_AT")
    assert main(["run", "--period", "2025-06", "--home", str(home_copy), "--prefect", "off", "-q"]) == 0
    assert published_content(home_copy) == published_content(sample_home)
    assert verify(Home(home_copy)) == []


@pytest.fixture
def mounted(tmp_path):
    """Mount points this test made (root: real read-only and full file systems), unmounted after."""
    points: list[Path] = []
    yield points
    for point in reversed(points):
        subprocess.run(["umount", str(point)], check=True)


def test_a_read_only_home_is_refused_before_any_work(home_copy, tmp_path, mounted):
    ro = tmp_path / "ro"
    ro.mkdir()
    subprocess.run(["mount", "--bind", str(home_copy), str(ro)], check=True)
    mounted.append(ro)
    subprocess.run(["mount", "-o", "remount,ro,bind", str(ro)], check=True)
    served = (ro / "published" / "kinerja.duckdb").read_bytes()
    proc = kinerja("run", "--period", "2025-06", "--home", str(ro), "--prefect", "off")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == EXIT_READ_ONLY, err
    _one_line_no_traceback(err)
    assert "not writable" in err and "Read-only file system" in err
    assert (ro / "published" / "kinerja.duckdb").read_bytes() == served


def test_a_full_home_is_refused_with_its_own_status(tmp_path, mounted):
    full = tmp_path / "full"
    full.mkdir()
    subprocess.run(["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(full)], check=True)
    mounted.append(full)
    with (full / "filler").open("wb", buffering=0) as fh:   # fill it to the last block
        try:
            while True:
                fh.write(b"\0" * 4096)
        except OSError:
            pass
    proc = kinerja("run", "--period", "2025-06", "--home", str(full / "home"), "--prefect", "off")
    out, err = proc.communicate(timeout=60)
    assert proc.returncode == EXIT_DISK_FULL, err
    _one_line_no_traceback(err)
    assert "full" in err


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.append(int(entry.name))
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def test_a_temporary_server_that_does_not_start_in_time_ends_with_its_own_status(home_copy):
    proc = kinerja("run", "--period", "2025-06", "--home", str(home_copy), "--prefect", "temporary",
                   "--server-timeout", "0.3")
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == EXIT_SERVER, err
    _one_line_no_traceback(err)
    assert "did not start within 0.3 s" in err
    assert _working_periods(home_copy)[-1] == "2025-05"


def test_a_temporary_server_dies_with_the_cli_even_when_only_its_pid_is_killed(home_copy):
    proc = kinerja("run", "--period", "2025-06", "--home", str(home_copy), "--prefect", "temporary",
                   "--server-timeout", "120")
    deadline, servers = time.monotonic() + 60, []
    while time.monotonic() < deadline and not servers:
        servers = [pid for pid in _children(proc.pid)
                   if b"uvicorn" in Path(f"/proc/{pid}/cmdline").read_bytes()]
        time.sleep(0.1)
    assert servers, "the CLI never started its temporary server"
    time.sleep(1.0)
    os.kill(proc.pid, signal.SIGKILL)   # the CLI's PID only, not its group
    proc.communicate(timeout=10)
    deadline = time.monotonic() + 5
    while time.monotonic() < deadline and any(_alive(pid) for pid in servers):
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in servers)

"""The kinerja command: exit status and messages a person acts on."""

from __future__ import annotations

import json
import os
import pty
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from filelock import FileLock

from kinerja import __version__
from kinerja.cli import EXIT_BUSY, EXIT_FAILED, EXIT_USAGE, main
from kinerja.warehouse.home import Home


def test_a_malformed_period_is_a_usage_error_said_before_prefect_starts(tmp_path, capsys):
    # no Prefect server in this test: the argument is refused before any flow runs
    assert main(["run", "--period", "2025-13", "--home", str(tmp_path / "home")]) == EXIT_USAGE
    assert "YYYY-MM" in capsys.readouterr().err
    assert not (tmp_path / "home").exists()


def test_a_failing_gate_exits_1_and_names_file_row_and_rule(sample_home, landing_copy, tmp_path, capsys):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    path = landing_copy / "2025-05" / "realisasi.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(lines[2].split(",")[0], "999999", 1)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    code = main(["run", "--period", "2025-05", "--landing", str(landing_copy), "--home", str(home)])
    err = capsys.readouterr().err
    assert code == EXIT_FAILED
    assert "2025-05/realisasi.csv, row 3" in err and "[satker.unknown]" in err and "999999" in err


def test_a_busy_home_exits_3_without_changing_anything(sample_home, tmp_path, capsys):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    before = (home / "published" / "kinerja.duckdb").read_bytes()
    with FileLock(str(home / ".lock")):
        code = main(["run", "--period", "2025-06", "--force", "--home", str(home), "--wait", "1"])
    assert code == EXIT_BUSY and "another kinerja run" in capsys.readouterr().err
    assert (home / "published" / "kinerja.duckdb").read_bytes() == before


def test_report_of_an_unpublished_period_is_refused_and_a_published_one_is_written(sample_home, tmp_path, capsys):
    assert main(["report", "--period", "2025-07", "--home", str(sample_home), "--out", str(tmp_path)]) == EXIT_USAGE
    assert "2025-07" in capsys.readouterr().err
    assert main(["report", "--period", "2025-06", "--home", str(sample_home), "--format", "md",
                 "--out", str(tmp_path)]) == 0
    written = capsys.readouterr().out.split()
    assert str(tmp_path / "kinerja_2025-06.md") in written
    assert "Rp123.380.040.660" in (tmp_path / "kinerja_2025-06.md").read_text(encoding="utf-8")


def _one_line(err: str) -> str:
    lines = [line for line in err.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in err, err
    return lines[0]


@pytest.mark.parametrize("args, said", [
    (["run", "--period", "2025-13"], "YYYY-MM"),
    (["run", "--period", "202506"], "YYYY-MM"),
    (["run", "--from", "2025-06", "--to", "2025-01"], "before it starts"),
    (["backfill"], "--from"),
    (["run", "--landing", "/nonexistent/landing"], "landing folder /nonexistent/landing does not exist"),
    (["run", "--over-pagu-fail-ratio", "banyak"], "--over-pagu-fail-ratio"),
    (["run", "--perod", "2025-06"], "No such option"),
])
def test_every_user_error_is_one_line_exit_2_and_nothing_is_created(args, said, tmp_path, capsys):
    assert main([*args, "--home", str(tmp_path / "home")]) == EXIT_USAGE
    assert said in _one_line(capsys.readouterr().err)
    assert not (tmp_path / "home").exists()


def test_a_busy_home_names_the_holder_in_one_line(sample_home, tmp_path, capsys):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    with Home(home).lock(1):
        code = main(["run", "--period", "2025-06", "--home", str(home), "--wait", "0.5"])
    captured = capsys.readouterr()
    assert code == EXIT_BUSY
    assert f"PID {os.getpid()}" in _one_line(captured.err)
    assert f"waiting up to 0.5 s for another kinerja run (PID {os.getpid()}" in captured.out
    assert not (home / ".lock.holder").exists()   # the holder's record goes with its lock


def test_version_and_status(sample_home, capsys):
    assert main(["--version"]) == 0
    assert capsys.readouterr().out.strip() == f"kinerja {__version__}"
    assert main(["status", "--home", str(sample_home), "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert [p["period"] for p in data["periods"]] == [f"2025-0{m}" for m in range(1, 7)]
    assert all(p["published"] and p["state"] == "refreshed" for p in data["periods"])
    assert all(len(f["sha256"]) == 64 for p in data["periods"] for f in p["inputs"])
    assert data["space_bytes"]["published"] > 0
    assert main(["status", "--home", str(sample_home)]) == 0
    assert "2025-06" in capsys.readouterr().out


def test_ten_runs_of_a_period_leave_at_most_keep_gate_reports_and_logs(sample_home, tmp_path, capsys):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    earlier = home / "gate" / "2025-06"
    for n in range(9):   # nine earlier runs' reports and logs, oldest first
        (earlier / f"run-{n}").mkdir(parents=True)
        (earlier / f"run-{n}" / "index.html").write_text("<html></html>", encoding="utf-8")
        os.utime(earlier / f"run-{n}", (1_000_000 + n, 1_000_000 + n))
        (home / "logs").mkdir(exist_ok=True)
        (home / "logs" / f"run-2020010{n}-000000-1.log").write_text("x", encoding="utf-8")
        os.utime(home / "logs" / f"run-2020010{n}-000000-1.log", (1_000_000 + n, 1_000_000 + n))
    assert main(["run", "--period", "2025-06", "--force", "--home", str(home), "--keep", "3", "-q"]) == 0
    kept = {d.name for d in earlier.iterdir()}
    # this run's report, the sample's own refresh (newer than the nine) and the newest of the nine
    assert len(kept) == 3 and "run-8" in kept and not kept & {f"run-{n}" for n in range(8)}
    capsys.readouterr()
    assert main(["status", "--home", str(home), "--json"]) == 0
    june = [p for p in json.loads(capsys.readouterr().out)["periods"] if p["period"] == "2025-06"][0]
    assert Path(june["gate_report"]).parent.name in kept
    assert len(list((home / "logs").glob("run-*.log"))) <= 3
    assert not (home / "static").exists() and not list(home.rglob("data_docs"))   # no static copies at all


def _on_a_terminal(args: list[str]) -> str:
    """What ``kinerja args`` writes on a pseudo-terminal (as an operator at a shell sees it)."""
    leader, follower = pty.openpty()
    env = {**os.environ, "COLUMNS": "100", "TERM": "xterm"}
    with subprocess.Popen([sys.executable, "-m", "kinerja.cli", *args], stdin=subprocess.DEVNULL, stdout=follower,
                          stderr=follower, env=env) as proc:
        os.close(follower)
        chunks = []
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:      # EIO: the command ended and closed the terminal
                break
            if not chunk:
                break
            chunks.append(chunk)
        assert proc.wait(timeout=300) == 0, b"".join(chunks).decode(errors="replace")
    os.close(leader)
    return b"".join(chunks).decode("utf-8", errors="replace")


def test_a_range_shows_a_progress_bar_on_a_terminal_and_plain_lines_otherwise(sample_home, tmp_path, capsys):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    shown = _on_a_terminal(["run", "--from", "2025-05", "--to", "2025-06", "--force", "--home", str(home)])
    plain = re.sub(r"\x1b\[[0-9;?]*[A-Za-z]", "", shown).replace("\r", "\n")
    assert "━" in plain and "refreshing 2025-06" in plain and "1/2" in plain   # rich's bar, moving on
    assert re.search(r"^2025-05  refreshed +\d+\.\d s  0 warning\(s\)$", plain, re.M)
    assert "published: " in plain
    # the same command on a pipe: the period lines only, no bar, no control characters
    assert main(["run", "--from", "2025-05", "--to", "2025-06", "--force", "--home", str(home)]) == 0
    out = capsys.readouterr().out
    assert "━" not in out and "\x1b" not in out and "\r" not in out
    assert [line.split()[:2] for line in out.splitlines()][:2] == [["2025-05", "refreshed"], ["2025-06", "refreshed"]]


def test_a_folder_that_is_not_a_period_is_named_as_ignored(sample_home, landing_copy, tmp_path, capsys):
    (landing_copy / "2025-13").mkdir()
    shutil.copy(landing_copy / "2025-05" / "realisasi.csv", landing_copy / "2025-13" / "realisasi.csv")
    (landing_copy / ".cache").mkdir()   # hidden folders are nobody's business
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    assert main(["run", "--landing", str(landing_copy), "--home", str(home)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[0] == "ignored in the landing (not a period folder YYYY-MM): 2025-13/"
    assert [line.split()[0] for line in out.splitlines()[1:7]] == [f"2025-0{m}" for m in range(1, 7)]


def test_a_failed_period_is_printed_once_with_its_gate_report(sample_home, landing_copy, tmp_path, capsys):
    home = tmp_path / "home"
    shutil.copytree(sample_home, home)
    path = landing_copy / "2025-05" / "realisasi.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], lines[1].replace("343016801", "343016901"), *lines[2:]]) + "\n",
                    encoding="utf-8")
    assert main(["run", "--from", "2025-04", "--to", "2025-05", "--force", "--landing", str(landing_copy),
                 "--home", str(home)]) == EXIT_FAILED
    captured = capsys.readouterr()
    lines = captured.out.splitlines()
    assert [line.split()[:2] for line in lines[:2]] == [["2025-04", "refreshed"], ["2025-05", "gate_failed"]]
    assert sum(line.startswith("2025-05") for line in lines) == 1 and "gate report: " in lines[1]
    assert "2025-04/realisasi_sp2d.csv" in captured.err and "[cumulative.inconsistent]" in captured.err

"""The kinerja command: exit status and messages a person acts on."""

from __future__ import annotations

import shutil

from filelock import FileLock

from kinerja.cli import EXIT_BUSY, EXIT_FAILED, EXIT_USAGE, main


def test_a_malformed_period_is_a_usage_error_said_before_prefect_starts(tmp_path, capsys):
    # no Prefect server in this test: the argument is refused before any flow runs
    assert main(["run", "--period", "2025-13", "--home", str(tmp_path / "home")]) == EXIT_USAGE
    assert "YYYY-MM" in capsys.readouterr().err
    assert not (tmp_path / "home").exists()


def test_a_failing_gate_exits_1_and_names_file_row_and_rule(prefect_server, sample_home, landing_copy, tmp_path,
                                                            capsys):
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


def test_a_busy_home_exits_3_without_changing_anything(prefect_server, sample_home, tmp_path, capsys):
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

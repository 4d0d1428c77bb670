"""``kinerja national``: argument and landing errors are one line with exit status 2, before any refresh."""

from __future__ import annotations

from kinerja.cli import EXIT_USAGE, main
from tests.conftest import SAMPLE_LANDING


def test_a_single_region_landing_is_refused_naming_the_layout(tmp_path, capsys):
    assert main(["national", "--serial", "--landing", str(SAMPLE_LANDING), "--home", str(tmp_path / "h")]) == EXIT_USAGE
    err = capsys.readouterr().err
    assert "is not a national landing: no <kode_kanwil>/ folders" in err and len(err.strip().splitlines()) == 1


def test_a_missing_landing_or_a_bad_period_is_refused(tmp_path, capsys):
    assert main(["national", "--landing", str(tmp_path / "nowhere"), "--home", str(tmp_path / "h")]) == EXIT_USAGE
    assert "does not exist" in capsys.readouterr().err
    assert main(["national", "--landing", str(tmp_path), "--period", "2025-13", "--home", str(tmp_path / "h")]) \
        == EXIT_USAGE
    assert "YYYY-MM" in capsys.readouterr().err

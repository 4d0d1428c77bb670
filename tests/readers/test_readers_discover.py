"""Landing discovery: kinds from file names, lock/hidden files ignored, unknown kinds refused."""

from pathlib import Path

import pytest

from kinerja.issues import ExtractError
from kinerja.readers import discover, reference_files


# every known kind is a key; the indicator kinds (issue 3) are empty here
NO_INDICATORS = {"rb": [], "pk": [], "iku": [], "survei": [], "iph": []}


def _touch(folder: Path, *names: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name in names:
        (folder / name).write_text("x")


def test_discover_groups_files_by_kind(tmp_path: Path) -> None:
    _touch(tmp_path / "2025-06", "pagu.xlsx", "realisasi_sakti.csv", "realisasi_omspan.XLSX",
           "~$pagu.xlsx", ".DS_Store", "satker_tambahan.csv")
    _touch(tmp_path / "2025-05", "pagu.csv")
    found = discover(tmp_path, "2025-06")
    period = tmp_path / "2025-06"
    assert found == {"satker": [period / "satker_tambahan.csv"],
                     "pagu": [period / "pagu.xlsx"],
                     "realisasi": [period / "realisasi_omspan.XLSX",
                                   period / "realisasi_sakti.csv"],
                     **NO_INDICATORS}


def test_missing_period_folder_is_empty(tmp_path: Path) -> None:
    assert discover(tmp_path, "2025-07") == {"satker": [], "pagu": [], "realisasi": [],
                                             **NO_INDICATORS}


def test_unknown_kind_and_format(tmp_path: Path) -> None:
    _touch(tmp_path / "2025-06", "pagu.csv", "anggaran.csv", "realisasi.xls")
    with pytest.raises(ExtractError) as err:
        discover(tmp_path, "2025-06")
    got = sorted((i.file, i.rule) for i in err.value.issues)
    assert got == [("2025-06/anggaran.csv", "file.unknown_kind"),
                   ("2025-06/realisasi.xls", "file.format")]


def test_bad_period() -> None:
    with pytest.raises(ValueError):
        discover(Path("."), "2025-6")


def test_reference_files(tmp_path: Path) -> None:
    _touch(tmp_path / "reference", "satker.csv", "satker_2025-07.xlsx", "pk_2025.csv",
           "~$satker.xlsx", "satker.txt")
    assert reference_files(tmp_path, "satker") == [tmp_path / "reference" / "satker.csv",
                                                   tmp_path / "reference" / "satker_2025-07.xlsx"]
    assert reference_files(tmp_path / "nowhere", "satker") == []

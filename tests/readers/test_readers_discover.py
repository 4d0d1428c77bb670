"""Landing discovery: kinds from file names, lock/hidden files ignored, unknown kinds refused;
reference files chosen by the validity their names give."""

from pathlib import Path

import pytest

from kinerja.issues import ExtractError
from kinerja.periods import Period
from kinerja.readers import discover, reference_files, reference_for, reference_valid_from


# every known kind is a key; the indicator kinds (issue 3) are empty here
NO_INDICATORS = {"rb": [], "pk": [], "iku": [], "survei": [], "iph": [], "rpd": [], "ikpa": []}


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


def test_the_analysis_file_is_not_an_extract(tmp_path: Path) -> None:
    _touch(tmp_path / "2025-06", "pagu.csv", "narasi.md", "narasi.txt")
    with pytest.raises(ExtractError) as err:
        discover(tmp_path, "2025-06")
    # narasi.md is the report's analysis (kinerja.report.narasi): neither read nor refused;
    # any other non-extract name still is
    assert [(i.file, i.rule) for i in err.value.issues] == [("2025-06/narasi.txt", "file.format")]
    (tmp_path / "2025-06" / "narasi.txt").unlink()
    found = discover(tmp_path, "2025-06")
    assert found["pagu"] == [tmp_path / "2025-06" / "pagu.csv"]
    assert all("narasi.md" not in str(p) for paths in found.values() for p in paths)


def test_bad_period() -> None:
    with pytest.raises(ValueError):
        discover(Path("."), "2025-6")


def test_reference_files(tmp_path: Path) -> None:
    _touch(tmp_path / "reference", "satker.csv", "satker_2025-07.xlsx", "pk_2025.csv",
           "~$satker.xlsx", "satker.txt")
    assert reference_files(tmp_path, "satker") == [tmp_path / "reference" / "satker.csv",
                                                   tmp_path / "reference" / "satker_2025-07.xlsx"]
    assert reference_files(tmp_path / "nowhere", "satker") == []


# --- reference files by validity ----------------------------------------------------------------

def test_reference_for_pk_by_year(tmp_path: Path) -> None:
    _touch(tmp_path / "reference", "pk.csv", "pk_2026.csv")
    ref = tmp_path / "reference"
    assert reference_for(tmp_path, "pk", "2025-06") == ref / "pk.csv"
    assert reference_for(tmp_path, "pk", "2025-12") == ref / "pk.csv"
    assert reference_for(tmp_path, "pk", "2026-01") == ref / "pk_2026.csv"
    assert reference_for(tmp_path, "pk", Period(2027, 3)) == ref / "pk_2026.csv"


def test_reference_for_satker_by_month(tmp_path: Path) -> None:
    _touch(tmp_path / "reference", "satker.csv", "satker_2025-07.xlsx", "pk.csv")
    ref = tmp_path / "reference"
    assert reference_for(tmp_path, "satker", "2025-06") == ref / "satker.csv"
    for period in ("2025-07", "2025-08", "2026-01"):
        assert reference_for(tmp_path, "satker", period) == ref / "satker_2025-07.xlsx"


def test_an_earlier_dated_name_does_not_win_over_a_later_validity(tmp_path: Path) -> None:
    # sorted by name satker_2024-12.csv comes last; by validity it applies before satker_2025.csv
    _touch(tmp_path / "reference", "satker.csv", "satker_202507.csv", "satker_2024-12.csv", "satker_2025.csv")
    ref = tmp_path / "reference"
    assert reference_for(tmp_path, "satker", "2024-11") == ref / "satker.csv"
    assert reference_for(tmp_path, "satker", "2024-12") == ref / "satker_2024-12.csv"
    assert reference_for(tmp_path, "satker", "2025-06") == ref / "satker_2025.csv"
    assert reference_for(tmp_path, "satker", "2025-07") == ref / "satker_202507.csv"


def test_reference_for_nothing_applies_yet(tmp_path: Path) -> None:
    _touch(tmp_path / "reference", "satker_2025-07.csv", "~$satker.xlsx", "satker.txt")
    assert reference_for(tmp_path, "satker", "2025-06") is None
    assert reference_for(tmp_path, "pk", "2025-06") is None
    assert reference_for(tmp_path / "nowhere", "satker", "2025-06") is None


def test_names_that_are_not_dates_apply_from_the_beginning(tmp_path: Path) -> None:
    assert reference_valid_from(Path("satker.csv")) is None
    assert reference_valid_from(Path("pk_kanwil_ntb.xlsx")) is None
    assert reference_valid_from(Path("pk_2026.csv")) == Period(2026, 1)
    assert reference_valid_from(Path("satker_2025-07_revisi.xlsx")) == Period(2025, 7)
    assert reference_valid_from(Path("satker_202507.csv")) == Period(2025, 7)


def test_two_files_with_the_same_validity_are_one_error_naming_both(tmp_path: Path) -> None:
    _touch(tmp_path / "reference", "satker.csv", "satker_lama.csv", "satker_2025-07.csv", "satker_202507.xlsx")
    with pytest.raises(ExtractError) as err:
        reference_for(tmp_path, "satker", "2025-06")
    [issue] = err.value.issues
    assert issue.rule == "reference.ambiguous"
    assert "reference/satker.csv" in issue.message and "reference/satker_lama.csv" in issue.message
    assert "berlaku sejak awal" in issue.message
    with pytest.raises(ExtractError) as err:
        reference_for(tmp_path, "satker", "2025-07")
    [issue] = err.value.issues
    assert issue.rule == "reference.ambiguous" and "berlaku mulai 2025-07" in issue.message
    assert "reference/satker_2025-07.csv" in issue.message and "reference/satker_202507.xlsx" in issue.message


def test_a_date_like_name_that_is_no_period_is_an_error(tmp_path: Path) -> None:
    _touch(tmp_path / "reference", "satker.csv", "satker_2025-13.csv", "satker_20250701.csv")
    with pytest.raises(ExtractError) as err:
        reference_for(tmp_path, "satker", "2025-06")
    assert sorted((i.file, i.rule) for i in err.value.issues) == [
        ("reference/satker_2025-13.csv", "reference.name"), ("reference/satker_20250701.csv", "reference.name")]


def test_the_sample_masters_apply_to_every_sample_period() -> None:
    from kinerja.packaged import sample_landing

    for period in ("2025-01", "2025-06"):
        assert reference_for(sample_landing(), "satker", period).name == "satker.csv"
        assert reference_for(sample_landing(), "pk", period).name == "pk.csv"

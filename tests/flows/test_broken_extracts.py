"""Broken extracts fail with a message naming the file and the rule, and publish nothing.

Budget extracts (the twelve cases of the budget issue) and indicator extracts (each gate
rule of the indicators issue) alike. Each case breaks one file of the sample landing (May's
comma CSV or June's XLSX, an indicator file, the pk reference) in a private copy.

- Every case is checked at gate level: the real period pipeline in dry-run mode (read, gate 1,
  the warehouse state of a home refreshed January..May, derive, gate 2; nothing written)
  must fail with exactly the case's rule, naming its file, and write a gate report naming it.
- Two cases (one budget, one indicator) go end to end through a real refresh of a copy of
  that home: the run fails naming file and rule, the published file is byte-for-byte
  unchanged and keeps exactly January..May.
"""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import duckdb
import openpyxl
import pytest

from kinerja.periods import Period
from kinerja.pipeline import RefreshFailed, RunInfo, Settings, refresh_landing, run_period
from kinerja.warehouse.db import connect_published
from kinerja.warehouse.home import Home
from tests.conftest import SAMPLE_LANDING

MAY_CSV = Path("2025-05") / "realisasi.csv"
JUNE_XLSX = Path("2025-06") / "realisasi.xlsx"


@pytest.fixture(scope="module")
def may_warehouse(before_june):
    """The January..May working DB of the session's ``before_june`` home, opened read-only:
    a dry run cannot write to it."""
    con = duckdb.connect(str(before_june / "warehouse.duckdb"), read_only=True)
    yield con
    con.close()


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _csv_lines(landing: Path) -> list[str]:
    return (landing / MAY_CSV).read_text(encoding="utf-8").splitlines()


def _write_csv(landing: Path, lines: list[str]) -> None:
    (landing / MAY_CSV).write_text("\n".join(lines) + "\n", encoding="utf-8")


def _edit_xlsx(landing: Path, edit) -> None:
    path = landing / JUNE_XLSX
    wb = openpyxl.load_workbook(path)
    edit(wb.active)
    wb.save(path)


def _find_row(ws, first_cell: str) -> int:
    for row in ws.iter_rows(min_row=1, max_row=ws.max_row):
        if isinstance(row[0].value, str) and row[0].value.strip().upper().startswith(first_cell.upper()):
            return row[0].row
    raise AssertionError(f"no row starting with {first_cell!r}")


def wrong_period(landing):
    _edit_xlsx(landing, lambda ws: ws.cell(row=_find_row(ws, "Periode"), column=1, value="Periode: Mei 2025"))


def unknown_satker(landing):
    lines = _csv_lines(landing)
    lines[3] = "999999" + lines[3][6:]
    _write_csv(landing, lines)


def duplicate_key(landing):
    lines = _csv_lines(landing)
    _write_csv(landing, lines + [lines[2]])


def ambiguous_number(landing):
    lines = [line.replace(",", ";") for line in _csv_lines(landing)]
    cells = lines[4].split(";")
    cells[2] = "1,234"
    lines[4] = ";".join(cells)
    _write_csv(landing, lines)


def missing_column(landing):
    _write_csv(landing, [",".join(c for i, c in enumerate(line.split(",")) if i != 1) for line in _csv_lines(landing)])


def negative_pagu(landing):
    text = (landing / "2025-01" / "pagu.csv").read_text(encoding="utf-8-sig").splitlines()
    cells = text[2].split(";")
    cells[4] = "-" + cells[4]
    text[2] = ";".join(cells)
    (landing / "2025-05" / "pagu.csv").write_text("\n".join(text) + "\n", encoding="utf-8")


def total_mismatch(landing):
    def edit(ws):
        row = _find_row(ws, "JUMLAH")
        ws.cell(row=row, column=6, value=ws.cell(row=row, column=6).value + 1000)
    _edit_xlsx(landing, edit)


def cumulative_falls(landing):
    # keep only the cumulative column, and lower one cumulative below April's: no correction present
    rows = [line.split(",") for line in _csv_lines(landing)]
    rows = [[r[0], r[1], r[3]] for r in rows]
    rows[5][2] = "0"
    _write_csv(landing, [",".join(r) for r in rows])


def empty_file(landing):
    (landing / MAY_CSV).write_bytes(b"")


def wrong_separator(landing):
    _write_csv(landing, [line.replace(",", "\t") for line in _csv_lines(landing)])


def xlsx_without_header(landing):
    def edit(ws):
        row = _find_row(ws, "Kode Satker")
        for col in range(1, 7):
            ws.cell(row=row, column=col, value=f"kolom {col}")
    _edit_xlsx(landing, edit)


def far_over_pagu(landing):
    rows = [line.split(",") for line in _csv_lines(landing)]
    month, cum = int(rows[3][2]), int(rows[3][3])
    rows[3][2], rows[3][3] = str(month + 50 * cum), str(51 * cum)   # consistent with April, 51x as much
    _write_csv(landing, [",".join(r) for r in rows])


def _edit_rb(landing, row_offset: int, column: int, value: int) -> None:
    """Set one cell of June's RB workbook (B06) and keep its JUMLAH row equal to the sum."""
    path = landing / "2025-06" / "rb.xlsx"
    wb = openpyxl.load_workbook(path)
    ws = wb.active
    row = _find_row(ws, "Kode Satker") + row_offset
    total = _find_row(ws, "JUMLAH")
    delta = value - ws.cell(row=row, column=column).value
    ws.cell(row=row, column=column, value=value)
    ws.cell(row=total, column=column, value=ws.cell(row=total, column=column).value + delta)
    wb.save(path)


def _edit_lines(landing, name: str, edit) -> None:
    path = landing / name
    lines = path.read_text(encoding="utf-8-sig").splitlines()
    path.write_text("\n".join(edit(lines)) + "\n", encoding="utf-8")


def rb_terlaksana_above_target(landing):
    _edit_rb(landing, 2, 4, 49)                  # Bapas Mataram: 49 done of 48 due


def rb_target_falls(landing):
    # Lapas Lombok Barat: 28 due (and done) at B06 after 29 at B03. Every B06 terlaksana is
    # above 28, so terlaksana comes down with the target to keep 0 <= terlaksana <= target.
    _edit_rb(landing, 3, 3, 28)
    _edit_rb(landing, 3, 4, 28)


def survey_score_out_of_range(landing):
    def edit(lines):
        cells = lines[1].split(";")
        cells[3] = "5"                            # L1 on a 1..4 scale
        return [lines[0], ";".join(cells), *lines[2:]]
    _edit_lines(landing, "2025-06/survei.csv", edit)


def survey_score_missing(landing):
    def edit(lines):
        cells = lines[1].split(";")
        cells[11] = ""                            # L9 left empty
        return [lines[0], ";".join(cells), *lines[2:]]
    _edit_lines(landing, "2025-06/survei.csv", edit)


def survey_duplicate_respondent(landing):
    _edit_lines(landing, "2025-06/survei.csv", lambda lines: lines + [lines[1]])


def survey_unknown_satker(landing):
    _edit_lines(landing, "2025-06/survei.csv", lambda lines: [lines[0], lines[1].replace(";410001;", ";999999;"),
                                                             *lines[2:]])


def iph_seven_dimensions(landing):
    _edit_lines(landing, "2025-06/iph.csv", lambda lines: [lines[0], *lines[2:]])


def iph_outside_scale(landing):
    _edit_lines(landing, "2025-06/iph.csv", lambda lines: [lines[0], lines[1].rsplit(";", 1)[0] + ";4,5",
                                                          *lines[2:]])


def iku_unknown_indicator(landing):
    _edit_lines(landing, "2025-06/iku.csv", lambda lines: [line.replace("SYN.IKU1", "SYN.IKU9") for line in lines])


def pk_invalid_polarity(landing):
    _edit_lines(landing, "reference/pk.csv", lambda lines: [lines[0], lines[1].replace(";positif;", ";naik;"),
                                                           *lines[2:]])


def pk_invalid_unit(landing):
    _edit_lines(landing, "reference/pk.csv", lambda lines: [lines[0], lines[1].replace(";indeks;", ";skor;"),
                                                           *lines[2:]])


CASES = [
    ("wrong period", wrong_period, "2025-06", "2025-06/realisasi.xlsx", "period.mismatch"),
    ("unknown satker", unknown_satker, "2025-05", "2025-05/realisasi.csv", "satker.unknown"),
    ("duplicate key", duplicate_key, "2025-05", "2025-05/realisasi.csv", "key.unique"),
    ("ambiguous number", ambiguous_number, "2025-05", "2025-05/realisasi.csv", "number.ambiguous"),
    ("missing column", missing_column, "2025-05", "2025-05/realisasi.csv", "column.missing"),
    ("negative pagu", negative_pagu, "2025-05", "2025-05/pagu.csv", "amount.negative"),
    ("total row mismatch", total_mismatch, "2025-06", "2025-06/realisasi.xlsx", "total.mismatch"),
    ("cumulative falls", cumulative_falls, "2025-05", "2025-05/realisasi.csv", "cumulative.falls"),
    ("empty file", empty_file, "2025-05", "2025-05/realisasi.csv", "file.empty"),
    ("wrong separator", wrong_separator, "2025-05", "2025-05/realisasi.csv", "csv.separator"),
    ("xlsx without header", xlsx_without_header, "2025-06", "2025-06/realisasi.xlsx", "header.not_found"),
    ("far above pagu", far_over_pagu, "2025-05", "2025-05/realisasi.csv", "realisasi.far_over_pagu"),
    ("rb terlaksana above target", rb_terlaksana_above_target, "2025-06", "2025-06/rb.xlsx", "rb.terlaksana_range"),
    ("rb target falls", rb_target_falls, "2025-06", "2025-06/rb.xlsx", "rb.target_falls"),
    ("survey score out of range", survey_score_out_of_range, "2025-06", "2025-06/survei.csv", "survei.score_range"),
    ("survey score missing", survey_score_missing, "2025-06", "2025-06/survei.csv", "survei.incomplete"),
    ("survey duplicate respondent", survey_duplicate_respondent, "2025-06", "2025-06/survei.csv", "key.unique"),
    ("survey unknown satker", survey_unknown_satker, "2025-06", "2025-06/survei.csv", "satker.unknown"),
    ("iph seven dimensions", iph_seven_dimensions, "2025-06", "2025-06/iph.csv", "iph.dimension_count"),
    ("iph outside scale", iph_outside_scale, "2025-06", "2025-06/iph.csv", "iph.scale"),
    ("iku unknown indicator", iku_unknown_indicator, "2025-06", "2025-06/iku.csv", "iku.unknown_indicator"),
    ("pk invalid polarity", pk_invalid_polarity, "2025-06", "reference/pk.csv", "pk.polaritas"),
    ("pk invalid unit", pk_invalid_unit, "2025-06", "reference/pk.csv", "pk.satuan"),
]


@pytest.mark.parametrize("name,breaker,period,file,rule", CASES, ids=[c[0] for c in CASES])
def test_broken_extract_fails_exactly_its_rule_naming_the_file(name, breaker, period, file, rule, may_warehouse,
                                                                landing_copy, tmp_path):
    breaker(landing_copy)
    run = RunInfo("dry-run", None, landing_copy, Home(tmp_path / "reports"))
    outcome = run_period(may_warehouse, run, Period.parse(period), Settings(), dry_run=True)
    assert outcome.status in ("gate_failed", "unreadable")
    # one broken value breaks exactly one rule
    assert {i.rule for i in outcome.issues if i.severity == "error"} == {rule}, [str(i) for i in outcome.issues]
    assert {i.file for i in outcome.issues if i.rule == rule} == {file}
    report = outcome.gate_report.read_text(encoding="utf-8")
    assert rule in report and file in report


def test_the_unbroken_sample_passes_the_same_dry_run(may_warehouse, tmp_path):
    run = RunInfo("dry-run", None, SAMPLE_LANDING, Home(tmp_path / "reports"))
    outcome = run_period(may_warehouse, run, Period.parse("2025-06"), Settings(), dry_run=True)
    assert outcome.status == "passed", [str(i) for i in outcome.issues if i.severity == "error"]


END_TO_END = [c for c in CASES if c[0] in ("unknown satker", "rb target falls")]


@pytest.mark.parametrize("name,breaker,period,file,rule", END_TO_END, ids=[c[0] for c in END_TO_END])
def test_broken_extract_fails_the_refresh_and_publishes_nothing(
        name, breaker, period, file, rule, before_june, landing_copy, tmp_path):
    home = tmp_path / "home"
    shutil.copytree(before_june, home)
    published = home / "published" / "kinerja.duckdb"
    before = _sha(published)
    breaker(landing_copy)

    with pytest.raises(RefreshFailed) as failed:
        refresh_landing(period=period, landing=str(landing_copy), home=str(home))

    err = failed.value
    assert err.period == period
    assert {i.rule for i in err.issues if i.severity == "error"} == {rule}, [str(i) for i in err.issues]
    message = str(err)
    assert file in message and rule in message
    assert _sha(published) == before
    assert err.result.published is None
    con = connect_published(published)
    assert [str(p) for (p,) in con.execute("SELECT DISTINCT period FROM out_budget_region ORDER BY 1").fetchall()] == [
        "2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01", "2025-05-01"]
    con.close()
    report = Path(err.gate_report)
    assert report.is_file() and rule in report.read_text(encoding="utf-8")

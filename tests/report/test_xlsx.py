"""The XLSX opens with openpyxl: expected sheets, numbers stored as numbers, hostile text inert."""

from __future__ import annotations

import zipfile
from decimal import Decimal

import openpyxl

from tests.report.conftest import FORMULA_NAME, FORMULA_UNIT, seed_rows

# in the chapter's numbering (IKPA sheets, when issue 10's tables are published, come before Grafik)
SHEETS = ["Narasi", "Capaian Indikator", "IPH", "Rencana Aksi RB", "IKM", "Ringkasan", "Jenis Belanja", "Blokir",
          "Target (estimasi)", "Penyerapan Bulanan", "Riwayat DIPA", "Kanwil", "Pagu UPT", "Realisasi UPT", "Grafik"]


def rows_by_unit(ws) -> dict[str, tuple]:
    return {r[1].value: r for r in ws.iter_rows(min_row=4) if isinstance(r[0].value, int)}


def test_sheets_numbers_and_formats(sample_report):
    wb = openpyxl.load_workbook(sample_report["xlsx"])
    assert [n for n in wb.sheetnames if not n.startswith("ikpa_")] == SHEETS
    ws = wb["Pagu UPT"]
    assert ws["A1"].value.startswith("Tabel 3.12. Sebaran anggaran dan jenis belanja UPT")
    assert [c.value for c in ws[3]] == ["No", "UPT", "Belanja Pegawai (Rp)", "Belanja Barang (Rp)",
                                        "Belanja Modal (Rp)", "Total (Rp)"]
    assert ws.freeze_panes == "A4"
    got = rows_by_unit(ws)
    for r in seed_rows("budget_2025_upt_pagu.csv"):
        cells = got[r["unit_name"]][2:6]
        assert all(c.data_type == "n" and isinstance(c.value, int) for c in cells)
        assert all(c.number_format == "#,##0" for c in cells)
        assert [Decimal(c.value) for c in cells] == [
            Decimal(r[k]) for k in ("pagu_pegawai", "pagu_barang", "pagu_modal", "pagu_total")]
    total = next(r for r in ws.iter_rows(min_row=4) if r[1].value == "TOTAL")
    assert total[5].value == sum(Decimal(r["pagu_total"]) for r in seed_rows("budget_2025_upt_pagu.csv"))
    pct = rows_by_unit(wb["Realisasi UPT"])["Bapas Kelas I Mataram"][4]
    assert (pct.data_type, pct.value, pct.number_format) == ("n", 58.56, "0.00")
    assert len(wb["Grafik"]._images) == 2  # pagu per jenis belanja, trajectory; the other two are native charts
    assert any(str(c.value).startswith("Pagu anggaran tahun 2025") for c in wb["Narasi"]["A"])


def test_formula_like_unit_name_is_inert_text(malicious_report):
    path = malicious_report["xlsx"]
    wb = openpyxl.load_workbook(path)
    for sheet in ("Pagu UPT", "Realisasi UPT", "Rencana Aksi RB", "IKM", "IPH"):
        cell = next(c for row in wb[sheet].iter_rows() for c in row if c.value == FORMULA_NAME)
        assert cell.data_type == "s" and cell.quotePrefix, sheet
        assert FORMULA_UNIT not in {c.value for row in wb[sheet].iter_rows() for c in row}
    assert any(FORMULA_NAME in (c.value or "") for c in wb["Narasi"]["A"])
    with zipfile.ZipFile(path) as z:
        sheets = [n for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
        assert sheets and not any(b"<f>" in z.read(n) or b"<f " in z.read(n) for n in sheets)
        assert not any(n.startswith("xl/externalLinks") for n in z.namelist())

"""The performance section of the 2025-06 report: narrative = tables = published database = seed facts.

Figures are parsed back out of the generated sentences; the RB rows are compared with
data/seed_facts/rb_rat_2025.csv (the report's Tabel 1.8), other expected values are queried
from the published tables.
"""

from __future__ import annotations

import html
import re
from collections import Counter
from decimal import Decimal
from pathlib import Path

import docx
import duckdb
import openpyxl
import pytest

from kinerja import report
from kinerja.report.tables import Table, by_key, cell_text
from tests.report.conftest import pct2, seed_rows

JUNE = "2025-06-01"
COUNT = r"(\d+) \((?:[a-z ]+)\)"
INT = r"(\d{1,3}(?:\.\d{3})*)"
DEC = r"(\d{1,3}(?:\.\d{3})*,\d\d)"
NUM_CLASS = ' class="num"'
NEW_SHEETS = ("Capaian Indikator", "IPH", "Rencana Aksi RB", "IKM")  # in the chapter's order (section A)
SATISFACTION = ("Indeks Kepuasan Unit Kerja lingkup UPT Pemasyarakatan Terhadap Layanan Kesekretariatan "
                "di UPT Masing-Masing")


def dec(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


def whole(text: str) -> int:
    return int(text.replace(".", ""))


@pytest.fixture(scope="module")
def db(published_db: Path):
    con = duckdb.connect(str(published_db), read_only=True)
    yield con
    con.close()


@pytest.fixture(scope="module")
def tables(composed: report.Report) -> dict[str, Table]:
    return by_key(composed.tables)


@pytest.fixture(scope="module")
def performance(composed: report.Report) -> str:
    """Section A's sentences written by kinerja (the attainment sentence first)."""
    texts = [p.text for p in composed.paragraphs if p.style == "body"]
    start = next(i for i, t in enumerate(texts) if t.startswith("Perjanjian Kinerja Tahun"))
    text = " ".join(texts[start:])
    text = text[text.index("Dari "):]
    return text


def one(db, sql: str) -> tuple:
    return db.execute(sql, {"p": JUNE}).fetchone()


def target_of(table: Table, sumber: str) -> Decimal:
    return next(r for k, r in zip(table.keys, table.rows, strict=True) if k.startswith(f"{sumber}:"))["target"]


def test_indicator_tables_open_section_a_in_the_pk_order(composed):
    placed = composed.tables_in_order()
    assert [t.key for t in placed[:4]] == ["iku", "iph", "rb_satker", "ikm"]  # SK1.IKU1 iph, SK2.IKU1 rb, SK2.IKU2
    assert [t.number for t in placed] == list(range(1, len(placed) + 1))
    assert sorted(t.key for t in placed) == sorted(t.key for t in composed.tables)
    assert [t.label for t in placed[:4]] == ["Tabel 3.1", "Tabel 3.2", "Tabel 3.3", "Tabel 3.4"]


def test_rb_rows_equal_the_seed_table_and_total_is_the_sum(tables, db):
    rb = tables["rb_satker"]
    assert [c.header for c in rb.columns] == [
        "No", "Unit Kerja", "Target B03", "Terlaksana B03", "Capaian B03 (%)",
        "Target B06", "Terlaksana B06", "Capaian B06 (%)"]
    got = {r["unit"]: r for r in rb.rows}
    expected = seed_rows("rb_rat_2025.csv")
    assert set(got) == {r["unit_name"] for r in expected}
    for r in expected:
        row = got[r["unit_name"]]
        for cp in ("b03", "b06"):
            target, done = int(r[f"target_{cp}"]), int(r[f"realisasi_{cp}"])
            key = cp.upper()
            assert (row[f"target_{key}"], row[f"terlaksana_{key}"]) == (target, done), (r["unit_name"], key)
            assert row[f"capaian_{key}"] == pct2(Decimal(done) * 100 / target)
    total = rb.total
    for cp in ("B03", "B06"):
        target = sum(r[f"target_{cp}"] for r in rb.rows)
        done = sum(r[f"terlaksana_{cp}"] for r in rb.rows)
        seed = (sum(int(r[f"target_{cp.lower()}"]) for r in expected),
                sum(int(r[f"realisasi_{cp.lower()}"]) for r in expected))
        assert (total[f"target_{cp}"], total[f"terlaksana_{cp}"]) == (target, done) == seed
        assert total[f"capaian_{cp}"] == pct2(Decimal(done) * 100 / target)
        region = one(db, f"SELECT target, terlaksana, capaian_pct FROM out_rb_region "
                         f"WHERE period = $p AND checkpoint = '{cp}'")
        assert (target, done, total[f"capaian_{cp}"]) == (region[0], region[1], pct2(region[2]))


def test_attainment_counts_in_the_narrative_equal_the_table(performance, tables, db):
    m = re.match(rf"Dari {COUNT} indikator kinerja \((Tabel \d+\.\d+)\), {COUNT} indikator tercapai, {COUNT} "
                 rf"indikator tidak tercapai dan {COUNT} indikator tidak dapat dinilai", performance)
    assert m, performance
    n, label, achieved, missed, na = int(m[1]), m[2], int(m[3]), int(m[4]), int(m[5])
    iku = tables["iku"]
    statuses = Counter(r["status"] for r in iku.rows)
    assert label == iku.label
    assert (n, achieved, missed, na) == (
        len(iku.rows), statuses["Tercapai"], statuses["Tidak Tercapai"], statuses["Tidak Dapat Dinilai"])
    assert achieved + missed + na == n
    summary = one(db, "SELECT n_indikator, n_tercapai, n_tidak_tercapai, n_tidak_dapat_dinilai "
                      "FROM out_iku_summary WHERE period = $p")
    assert (n, achieved, missed, na) == summary
    assert na >= 1  # the sample holds an n/a indicator, outside both counts
    assert all(r["realisasi"] == "n/a" and r["capaian"] is None
               for r in iku.rows if r["status"] == "Tidak Dapat Dinilai")


def test_rb_sentence_quotes_the_table_total_and_the_target(performance, tables, db):
    m = re.search(rf"Capaian rencana aksi Reformasi Birokrasi pada checkpoint (B\d\d) sebesar {DEC}% \({INT} dari "
                  rf"{INT} rencana aksi terlaksana, (Tabel \d+\.\d+)\) terhadap target {DEC}% \((tercapai|tidak tercapai)\)\.",
                  performance)
    assert m, performance
    cp, capaian, done, target, label, goal, status = m.groups()
    rb, iku = tables["rb_satker"], tables["iku"]
    assert (cp, label) == ("B06", rb.label)
    assert (dec(capaian), whole(done), whole(target)) == (
        rb.total["capaian_B06"], rb.total["terlaksana_B06"], rb.total["target_B06"])
    region = one(db, "SELECT checkpoint, target, terlaksana, capaian_pct FROM out_rb_region "
                     "WHERE period = $p AND is_latest")
    assert (cp, whole(target), whole(done), dec(capaian)) == (region[0], region[1], region[2], pct2(region[3]))
    iku_row = one(db, "SELECT target, realisasi, status FROM out_iku WHERE period = $p AND sumber = 'rb'")
    assert dec(goal) == target_of(iku, "rb") == pct2(iku_row[0])
    assert dec(capaian) == pct2(iku_row[1]) and status == iku_row[2]


def test_ikm_sentence_quotes_the_region_row_and_the_target(performance, tables, db):
    m = re.search(rf"{re.escape(SATISFACTION)} \(IKM\) wilayah \(SINTETIS\) sebesar {DEC} pada skala 1-4 \(nilai konversi {DEC}\) "
                  rf"dengan mutu pelayanan ([A-D]) \(([A-Za-z ]+)\) dari {INT} responden \((Tabel \d+\.\d+)\) "
                  rf"terhadap target {DEC} \((tercapai|tidak tercapai)\)\.", performance)
    assert m, performance
    ikm, konversi, mutu, kinerja, n, label, goal, status = m.groups()
    table = tables["ikm"]
    region = table.total
    assert label == table.label and region["unit"] == "Wilayah (seluruh responden)"
    assert (dec(ikm), dec(konversi), mutu, kinerja, whole(n)) == (
        region["ikm"], region["ikm_konversi"], region["mutu"], region["kinerja_unit"], region["n_responden"])
    db_region = one(db, "SELECT ikm, ikm_konversi, mutu, kinerja_unit, n_responden FROM out_survey_region "
                        "WHERE period = $p")
    assert (dec(ikm), dec(konversi), mutu, kinerja, whole(n)) == (
        pct2(db_region[0]), pct2(db_region[1]), *db_region[2:])
    assert whole(n) == sum(r["n_responden"] for r in table.rows)
    iku_row = one(db, "SELECT target, status FROM out_iku WHERE period = $p AND sumber = 'survei'")
    assert dec(goal) == target_of(tables["iku"], "survei") == pct2(iku_row[0]) and status == iku_row[1]


def test_iph_sentence_quotes_the_region_row_and_the_target(performance, tables, db):
    m = re.search(rf"Indeks Penegakan Hukum Pemasyarakatan \(IPH\) wilayah \(SINTETIS\) sebesar {DEC} \((Tabel \d+\.\d+)\) "
                  rf"terhadap target {DEC} \((tercapai|tidak tercapai)\)\.", performance)
    assert m, performance
    iph, label, goal, status = m.groups()
    table = tables["iph"]
    assert label == table.label and dec(iph) == table.total["iph"]
    db_region = one(db, "SELECT iph, " + ", ".join(f"dimensi_{d}" for d in range(1, 9)) +
                    " FROM out_iph_region WHERE period = $p")
    assert [table.total["iph"], *(table.total[f"dimensi_{d}"] for d in range(1, 9))] == [pct2(v) for v in db_region]
    units = dict(db.execute("SELECT nama_satker, iph FROM out_iph_satker WHERE period = $p", {"p": JUNE}).fetchall())
    assert {r["unit"]: r["iph"] for r in table.rows} == {k: pct2(v) for k, v in units.items()}
    iku_row = one(db, "SELECT target, status FROM out_iku WHERE period = $p AND sumber = 'iph'")
    assert dec(goal) == target_of(tables["iku"], "iph") == pct2(iku_row[0]) and status == iku_row[1]


@pytest.fixture(scope="module")
def na_indicators(db) -> list[str]:
    names = [n for (n,) in db.execute("SELECT indikator FROM out_iku WHERE period = $p AND realisasi IS NULL",
                                      {"p": JUNE}).fetchall()]
    assert names
    return names


def test_na_indicator_is_na_in_every_format(sample_report, tables, na_indicators):
    iku = tables["iku"]
    columns = [c.key for c in iku.columns]
    real_at, cap_at = columns.index("realisasi"), columns.index("capaian")
    wb = openpyxl.load_workbook(sample_report["xlsx"])
    xlsx_rows = {r[2].value: [c.value for c in r] for r in wb["Capaian Indikator"].iter_rows(min_row=4)}
    page = sample_report["html"].read_text(encoding="utf-8")
    html_rows = {html.unescape(re.sub(r"<[^>]+>", "|", tr)).split("|")[6]: tr
                 for tr in re.findall(r"<tr>.*?</tr>", page)}
    md_lines = sample_report["md"].read_text(encoding="utf-8").splitlines()
    grid = next(g for g in docx.Document(str(sample_report["docx"])).tables
                if [c.text for c in g.rows[0].cells] == [c.header for c in iku.columns])
    docx_rows = {row.cells[2].text: [c.text for c in row.cells] for row in grid.rows[1:]}
    for name in na_indicators:
        row = next(r for r in iku.rows if r["indikator"] == name)
        assert (row["realisasi"], row["capaian"], row["status"]) == ("n/a", None, "Tidak Dapat Dinilai")
        assert xlsx_rows[name][real_at] == "n/a" and xlsx_rows[name][cap_at] == "-"
        assert '<td class="num">n/a</td><td class="num">-</td>' in html_rows[name]
        line = next(ln for ln in md_lines if name.split(" (")[0] in ln)
        assert "| n/a | - | Tidak Dapat Dinilai |" in line
        assert docx_rows[name][real_at:cap_at + 1] == ["n/a", "-"]


def test_xlsx_indicator_sheets_hold_numbers(sample_report, tables):
    wb = openpyxl.load_workbook(sample_report["xlsx"])
    assert wb.sheetnames[1:5] == list(NEW_SHEETS)
    for sheet, key in zip(NEW_SHEETS, ("iku", "iph", "rb_satker", "ikm"), strict=True):
        ws, table = wb[sheet], tables[key]
        assert ws["A1"].value == table.caption
        assert [c.value for c in ws[3]] == [c.header for c in table.columns]
        body = list(ws.iter_rows(min_row=4, max_row=3 + len(table.all_rows())))
        for row, cells in zip(table.all_rows(), body, strict=True):
            for col, cell in zip(table.columns, cells, strict=True):
                value = row[col.key]
                if isinstance(value, Decimal | int) and col.kind != "no":
                    assert cell.data_type == "n", (sheet, col.key)
                    assert Decimal(repr(cell.value)) == value, (sheet, col.key)
                    assert cell.number_format == ("#,##0" if col.kind == "count" else "0.00"), (sheet, col.key)
    rb = {r[1].value: r for r in wb["Rencana Aksi RB"].iter_rows(min_row=4)}
    total = rb["TOTAL"]
    assert [total[i].value for i in (5, 6, 7)] == [578, 508, 87.89]
    assert isinstance(total[5].value, int) and total[5].number_format == "#,##0"


def test_html_holds_the_indicator_tables(sample_report, tables):
    page = html.unescape(sample_report["html"].read_text(encoding="utf-8"))
    for key in ("rb_satker", "iku", "ikm", "iph"):
        table = tables[key]
        assert f"<caption>{table.caption}</caption>" in page
        for row in table.all_rows():
            cells = "".join(f"<td{NUM_CLASS if c.kind != 'text' else ''}>{cell_text(c, row[c.key])}</td>"
                            for c in table.columns)
            assert f"<tr>{cells}</tr>" in page, (key, row)
    assert "Wilayah (seluruh responden)" in page and "Wilayah (rata-rata satker)" in page

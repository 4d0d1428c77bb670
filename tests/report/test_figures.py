"""The figures of the 2025-06 report: narrative = tables = published database = seed facts.

Numbers are parsed back out of the generated sentences; expected budget values come from
data/seed_facts (transcribed from the real LKjIP) or from the published tables via SQL.
"""

from __future__ import annotations

import hashlib
import logging
import re
from decimal import Decimal
from pathlib import Path

import duckdb
import pytest

from kinerja import report
from kinerja.report.charts import build_charts
from kinerja.report.queries import (
    PeriodNotPublished,
    Source,
    connect,
    parse_period,
    resolve_region,
    table_names,
)
from kinerja.report.tables import Table, TableSpec, build_tables, by_key, cell_text
from kinerja.rules import rules_for
from tests.report.conftest import PERIOD, pct2, seed_rows

JUNE = "2025-06-01"
RP = r"Rp(\d{1,3}(?:\.\d{3})*)"
PCT = r"(\d{1,3}(?:\.\d{3})*,\d\d)%"
# Written in words in the real report (seed text), independent of num2words.
PAGU_WORDS = "seratus dua puluh tiga miliar tiga ratus delapan puluh juta empat puluh ribu enam ratus enam puluh rupiah"


def amount(text: str) -> Decimal:
    return Decimal(text.replace(".", ""))


def pct(text: str) -> Decimal:
    return Decimal(text.replace(".", "").replace(",", "."))


@pytest.fixture(scope="module")
def db(published_db: Path):
    con = duckdb.connect(str(published_db), read_only=True)
    yield con
    con.close()


def one(db, sql: str) -> tuple:
    return db.execute(sql, {"p": JUNE}).fetchone()


def sentences(composed: report.Report) -> str:
    """Every sentence kinerja writes (the office's analysis from narasi.md is its own text)."""
    ours = [p for p in composed.paragraphs if p.style not in ("analysis", "label")]
    return "\n".join([p.text for p in ours] + [i for p in ours for i in p.items])


def para(composed: report.Report, start: str):
    """The one paragraph that begins with ``start``."""
    found = [p for p in composed.paragraphs if p.text.startswith(start)]
    assert len(found) == 1, (start, [p.text[:60] for p in found])
    return found[0]


def test_every_quoted_figure_is_printed_in_a_table(composed):
    printed = {cell_text(c, r[c.key]) for t in composed.tables for r in t.all_rows() for c in t.columns}
    text = sentences(composed)
    quoted = re.findall(RP, text) + re.findall(PCT, text)
    assert len(quoted) >= 25
    assert [q for q in quoted if q not in printed] == []


def test_pagu_split_sentence(composed, db):
    m = re.search(
        rf"sebesar {RP} \((.+?)\)\. Pagu tersebut tersebar pada DIPA internal Kantor Wilayah sebesar {RP} "
        rf"\({PCT} dari total\) dan (\d+) \(tiga belas\) Unit Pelaksana Teknis sebesar {RP} \({PCT} dari total\)",
        para(composed, "Pagu anggaran tahun").text,
    )
    assert m, para(composed, "Pagu anggaran tahun").text
    total, words, kanwil, kanwil_pct, n_upt, upt, upt_pct = m.groups()
    region_pagu, = one(db, "SELECT pagu FROM out_budget_region WHERE period = $p")
    k_pagu, = one(db, "SELECT pagu FROM out_budget_satker WHERE period = $p AND jenis_satker = 'KANWIL'")
    u_pagu, u_n = one(db, "SELECT sum(pagu), count(*) FROM out_budget_satker "
                          "WHERE period = $p AND jenis_satker <> 'KANWIL'")
    assert (amount(total), amount(kanwil), amount(upt), int(n_upt)) == (region_pagu, k_pagu, u_pagu, u_n)
    assert words == PAGU_WORDS
    assert pct(kanwil_pct) == pct2(k_pagu * 100 / region_pagu)
    assert pct(upt_pct) == pct2(u_pagu * 100 / region_pagu)
    table = by_key(composed.tables)["ringkasan"]
    assert table.total["pagu"] == amount(total) and table.rows[0]["porsi"] == pct(kanwil_pct)


def test_realisation_sentence_and_items(composed, db):
    para_ = para(composed, "Realisasi anggaran s.d.")
    m = re.search(rf"sebesar {PCT} atau sejumlah {RP} \((.+?) rupiah\), sehingga sisa anggaran sebesar {RP}\.",
                  para_.text)
    assert m, para_.text
    real_pct, real, _words, sisa = m.groups()
    r = one(db, "SELECT realisasi_kumulatif, penyerapan_pct, sisa FROM out_budget_region WHERE period = $p")
    assert (amount(real), pct(real_pct), amount(sisa)) == (r[0], pct2(r[1]), r[2])
    assert "empat puluh delapan miliar delapan ratus sembilan juta" in _words
    expected = {
        name: (pct2(p), real_, pagu) for name, p, real_, pagu in db.execute(
            "SELECT jenis_belanja, penyerapan_pct, realisasi_kumulatif, pagu FROM out_budget_region_jenis_belanja "
            "WHERE period = $p", {"p": JUNE}).fetchall()
    }
    parsed = {}
    for item in para_.items:
        m = re.fullmatch(rf"Realisasi belanja (\w+) {PCT} \({RP}\) dari pagu sebesar {RP}[;.]", item)
        assert m, item
        parsed[m[1]] = (pct(m[2]), amount(m[3]), amount(m[4]))
    assert parsed == expected
    # the report's own printed figures for the region (Kanwil + UPT)
    assert parsed["pegawai"][:2] == (Decimal("54.10"), Decimal(26930254163))
    assert parsed["barang"][:2] == (Decimal("31.50"), Decimal(21461961237))
    assert parsed["modal"][:2] == (Decimal("7.64"), Decimal(417486498))


def test_composition_sentence(composed, db):
    text = para(composed, "Berdasarkan jenis belanja").text
    found = {m[0]: (amount(m[1]), pct(m[2])) for m in re.findall(rf"belanja (\w+) sebesar {RP} atau {PCT}", text)}
    expected = {n: (pagu, pct2(share)) for n, pagu, share in db.execute(
        "SELECT jenis_belanja, pagu, pagu_share_pct FROM out_budget_region_jenis_belanja WHERE period = $p",
        {"p": JUNE}).fetchall()}
    assert found == expected
    assert text.startswith("Berdasarkan jenis belanja, anggaran terbesar adalah pada belanja barang")


def test_kanwil_and_upt_sentences(composed, db):
    kanwil = re.search(rf"sebesar {RP} dengan realisasi sebesar {RP} atau {PCT}", para(composed, "Pagu internal Kantor Wilayah").text)
    k = one(db, "SELECT pagu, realisasi_kumulatif, penyerapan_pct FROM out_budget_satker "
                "WHERE period = $p AND jenis_satker = 'KANWIL'")
    assert (amount(kanwil[1]), amount(kanwil[2]), pct(kanwil[3])) == (k[0], k[1], pct2(k[2]))
    text = para(composed, "Total realisasi anggaran pada seluruh UPT").text
    upt = re.search(rf"sebesar {RP} atau {PCT} dari pagu sebesar {RP}", text)
    u = one(db, "SELECT sum(realisasi_kumulatif), sum(pagu) FROM out_budget_satker WHERE period = $p "
                "AND jenis_satker <> 'KANWIL'")
    assert (amount(upt[1]), pct(upt[2]), amount(upt[3])) == (u[0], pct2(u[0] * 100 / u[1]), u[1])
    hi_lo = re.search(rf"tertinggi pada (.+) \({PCT}\) dan terendah pada (.+) \({PCT}\)\.", text)
    ranked = db.execute("SELECT nama_satker, penyerapan_pct FROM out_budget_satker WHERE period = $p "
                        "AND jenis_satker <> 'KANWIL' ORDER BY penyerapan_pct", {"p": JUNE}).fetchall()
    assert (hi_lo[1], pct(hi_lo[2])) == (ranked[-1][0], pct2(ranked[-1][1]))
    assert (hi_lo[3], pct(hi_lo[4])) == (ranked[0][0], pct2(ranked[0][1]))


def test_totals_are_sums_of_rows(composed):
    with_total = [t for t in composed.tables if t.total is not None]
    assert {t.key for t in with_total} == {
        "ringkasan", "blokir", "region_jenis", "pagu_upt_jenis", "kanwil_jenis", "realisasi_upt", "rb_satker", "ikm",
        "iph"}
    for t in with_total:
        if t.key in ("ikm", "iph"):
            continue  # a region row from the database, not a sum (tests/report/test_indicators.py)
        for c in t.columns:
            if c.kind in ("money", "count"):
                assert t.total[c.key] == sum(r[c.key] for r in t.rows), (t.key, c.key)
            if c.ratio:
                num, den = (t.total[k] for k in c.ratio)
                assert t.total[c.key] == pct2(num * 100 / den), (t.key, c.key)
    upt = by_key(composed.tables)["pagu_upt_jenis"]
    assert all(r["total"] == r["jb51"] + r["jb52"] + r["jb53"] for r in upt.rows)


def test_tables_equal_the_report_figures(composed):
    t = by_key(composed.tables)
    pagu = {r["unit"]: r for r in t["pagu_upt_jenis"].rows}
    expected = seed_rows("budget_2025_upt_pagu.csv")
    assert set(pagu) == {r["unit_name"] for r in expected}
    for r in expected:
        got = pagu[r["unit_name"]]
        assert (got["jb51"], got["jb52"], got["jb53"], got["total"]) == tuple(
            Decimal(r[k]) for k in ("pagu_pegawai", "pagu_barang", "pagu_modal", "pagu_total"))
    real = {r["unit"]: r for r in t["realisasi_upt"].rows}
    for r in seed_rows("budget_2025-06_upt_realisasi.csv"):
        got = real[r["unit_name"]]
        assert (got["pagu"], got["realisasi_kumulatif"], got["persen"]) == (
            Decimal(r["pagu_total"]), Decimal(r["realisasi_total"]), Decimal(r["persen_realisasi_stated"]))
    kanwil = {str(r["jenis"]): r for r in t["kanwil_jenis"].rows}
    for r in seed_rows("budget_2025-06_kanwil.csv"):
        got = kanwil[f"Belanja {r['jenis_belanja'].title()}"]
        stated = Decimal(r["persen_realisasi_stated"]) if r["persen_realisasi_stated"] else None
        assert (got["pagu"], got["realisasi_kumulatif"], got["persen"]) == (
            Decimal(r["pagu"]), Decimal(r["realisasi"]), stated)


def test_trajectory_covers_the_year_to_date_and_labels_targets_estimated(composed):
    t = by_key(composed.tables)
    assert t["trajektori"].keys == ("2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06")
    assert t["trajektori"].rows[-1]["jb51"] == Decimal("54.10")
    assert "estimasi" in t["target"].caption and "estimasi" in (t["target"].note or "")
    assert [r["jb52"] for r in t["target"].rows] == [15, 50, 70, 90]
    assert any("estimasi" in c.caption for c in composed.charts)


def test_unpublished_period_is_a_clear_error(published_db, tmp_path):
    with pytest.raises(PeriodNotPublished, match=r"2025-07 is not published.*2025-01.*2025-06"):
        report.build(published_db, "2025-07", out_dir=tmp_path)
    with pytest.raises(ValueError, match="YYYY-MM"):
        report.build(published_db, "2025-13", out_dir=tmp_path)
    with pytest.raises(ValueError, match="pdf"):
        report.build(published_db, PERIOD, ("pdf",), tmp_path)
    assert list(tmp_path.iterdir()) == []


def test_reads_the_published_file_without_changing_it(published_db, tmp_path):
    before = hashlib.sha256(published_db.read_bytes()).hexdigest()
    other = duckdb.connect(str(published_db), read_only=True)  # a BI tool holds the file
    try:
        paths = report.build(published_db, PERIOD, ("md",), tmp_path)
    finally:
        other.close()
    assert paths[0].name == "kinerja_2025-06.md"
    assert hashlib.sha256(published_db.read_bytes()).hexdigest() == before


def test_table_with_absent_source_is_skipped_and_logged(published_db, caplog):
    def rb_table(source: Source) -> Table:
        raise AssertionError("must not be built")

    con = connect(published_db)
    try:
        when = parse_period(PERIOD)
        source = Source(con, when, resolve_region(con, when, None), table_names(con), rules_for(when.year))
        specs = (*report.TABLES, TableSpec("rb_satker", ("out_not_yet_published",), rb_table))
        with caplog.at_level(logging.WARNING, logger="kinerja.report"):
            tables = build_tables(source, specs)
    finally:
        con.close()
    assert [t.key for t in tables] == [s.key for s in report.TABLES]
    assert [t.number for t in tables] == list(range(1, len(report.TABLES) + 1))
    assert "rb_satker skipped: out_not_yet_published absent" in caplog.text


def test_chart_without_its_table_is_skipped_and_logged(composed, caplog):
    tables = [t for t in composed.tables if t.key != "realisasi_upt"]
    with caplog.at_level(logging.WARNING, logger="kinerja.report"):
        charts = build_charts(tables, composed.period)
    assert [c.key for c in charts] == ["pagu_jenis", "trajektori", "rb_satker"]
    assert [c.label for c in charts] == ["Gambar 3.1", "Gambar 3.2", "Gambar 3.3"]
    assert "penyerapan_upt skipped" in caplog.text

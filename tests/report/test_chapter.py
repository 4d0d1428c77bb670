"""The chapter: report kinds, the office's analysis merged (or marked missing and listed),
IKPA when published, synthetic values labelled, units in the office's order."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import duckdb
import pytest

from kinerja import report
from kinerja.cli import main
from kinerja.report import narasi
from kinerja.report.chapter import MISSING_DATA, SECTIONS, kind_title
from kinerja.report.narrative import Heading, Paragraph
from kinerja.report.tables import Table
from tests.conftest import SAMPLE_LANDING
from tests.report.conftest import PERIOD

IKPA_TABLES = ("out_ikpa_region", "out_ikpa_satker")


def section(composed: report.Report, letter: str) -> list:
    blocks = composed.blocks
    starts = [i for i, b in enumerate(blocks) if isinstance(b, Heading) and b.level == 2]
    at = next(i for i in starts if blocks[i].text.startswith(f"{letter}."))
    end = next((i for i in starts if i > at), len(blocks))
    return blocks[at + 1:end]


@pytest.mark.parametrize(("kind", "month", "title"), [
    ("semester", 6, "Semester I Tahun 2025"), ("semester", 12, "Semester II Tahun 2025"),
    ("triwulan", 9, "Triwulan III Tahun 2025"), ("tahunan", 12, "Tahunan 2025"), ("bulanan", 5, "Bulan Mei 2025"),
])
def test_kind_titles(kind, month, title):
    assert kind_title(kind, date(2025, month, 1)) == title


def test_kind_must_fit_the_month():
    for kind, month in (("tahunan", 6), ("semester", 3), ("triwulan", 5), ("mingguan", 6)):
        with pytest.raises(ValueError):
            kind_title(kind, date(2025, month, 1))


def test_june_is_semester_one_and_the_analysis_is_merged_verbatim(composed):
    assert composed.kind == "semester" and composed.heading == "Laporan Kinerja Semester I Tahun 2025"
    assert composed.missing == []
    notes = narasi.read(SAMPLE_LANDING, PERIOD)
    merged = [p.text for p in composed.paragraphs if p.style == "analysis"]
    for key in ("SK1.IKU1", "SK2.IKU1", "SK2.IKU2", "SYN.IKU1", narasi.BUDGET, narasi.CONCLUSION):
        for part in notes.get(key):
            assert all(text in merged for text in part.paragraphs), key
    # the budget analysis sits in B, the conclusion in E
    budget = notes.get(narasi.BUDGET)[0].paragraphs[0]
    assert any(isinstance(b, Paragraph) and b.text == budget for b in section(composed, "B"))
    assert not any(p.style == "placeholder" and "ANALISIS" in p.text for p in composed.paragraphs)


def test_without_narasi_placeholders_appear_and_the_command_lists_them(published_db, tmp_path, capsys):
    bare = report.compose(published_db, PERIOD)  # no landing: no analysis file
    placeholders = [p.text for p in bare.paragraphs if p.style == "placeholder" and "ANALISIS BELUM DIISI" in p.text]
    assert len(placeholders) == len(bare.missing) == 6  # 4 indicators, the budget, the conclusion
    assert [m.split(" ")[0] for m in bare.missing] == ["SK1.IKU1", "SK2.IKU1", "SK2.IKU2", "SYN.IKU1", "ANGGARAN",
                                                       "KESIMPULAN"]
    landing = tmp_path / "landing"
    (landing / PERIOD).mkdir(parents=True)
    home = tmp_path / "home"
    (home / "published").mkdir(parents=True)
    shutil.copyfile(published_db, home / "published" / "kinerja.duckdb")
    status = main(["report", "--period", PERIOD, "--format", "md", "--home", str(home), "--out", str(tmp_path / "o"),
                   "--landing", str(landing)])
    err = capsys.readouterr().err
    assert status == 0
    assert "warning: analysis missing" in err
    for entry in bare.missing:
        assert f"  - {entry}" in err
    text = (tmp_path / "o" / f"kinerja_{PERIOD}.md").read_text(encoding="utf-8")
    assert text.count("ANALISIS BELUM DIISI") == 6


def test_narasi_text_is_escaped_in_every_format(tmp_path, published_db):
    landing = tmp_path / "landing"
    (landing / PERIOD).mkdir(parents=True)
    hostile = '<script>alert(1)</script> =HYPERLINK("http://x") **tebal**'
    (landing / PERIOD / "narasi.md").write_text(f"# ANGGARAN\n\n{hostile}\n", encoding="utf-8")
    paths = {p.suffix: p for p in report.build(published_db, PERIOD, ("html", "md"), tmp_path / "o", landing=landing)}
    page = paths[".html"].read_text(encoding="utf-8")
    assert "<script>" not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert r"\<script\>alert(1)\</script\> =HYPERLINK(\"http://x\") \*\*tebal\*\*".replace('\\"', '"') in \
        paths[".md"].read_text(encoding="utf-8")


def _without_ikpa(published_db: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "kinerja.duckdb"
    shutil.copyfile(published_db, copy)
    con = duckdb.connect(str(copy))
    for (name,) in con.sql("SELECT table_name FROM information_schema.tables WHERE table_name LIKE 'out_ikpa%'"
                           ).fetchall():
        con.execute(f"DROP TABLE {name}")
    con.close()
    return copy


def test_ikpa_absent_is_a_marked_paragraph_and_present_is_a_table(published_db, tmp_path):
    db = _without_ikpa(published_db, tmp_path)
    absent = report.compose(db, PERIOD, landing=SAMPLE_LANDING)
    c = section(absent, "C")
    assert [b.style for b in c] == ["placeholder"] and c[0].text.startswith(MISSING_DATA) and "IKPA" in c[0].text
    con = duckdb.connect(str(db))
    con.execute("CREATE TABLE out_ikpa_region (period DATE, kode_kanwil VARCHAR, nama_kanwil VARCHAR, "
                "n_satker BIGINT, nilai_rata_rata DOUBLE, kategori VARCHAR, konvensi VARCHAR)")
    con.execute("INSERT INTO out_ikpa_region VALUES ('2025-06-01', '410001', 'x', 14, 91.25, 'Sangat Baik', "
                "'estimasi kinerja')")
    con.close()
    present = report.compose(db, PERIOD, landing=SAMPLE_LANDING)
    c = section(present, "C")
    tables = [b for b in c if isinstance(b, Table)]
    assert len(tables) == 1 and tables[0].rows[0]["nilai_rata_rata"] == pytest.approx(91.25)
    assert "estimasi" in tables[0].title and tables[0].label in c[0].text
    # section C comes after B: its table is numbered after every budget table
    assert tables[0].number == len(present.tables_in_order())


def test_sections_in_order_and_d_marked_when_no_pk_anggaran(composed):
    assert [h.text for h in composed.headings if h.level == 2] == list(SECTIONS)
    d = section(composed, "D")
    assert d[0].style == "placeholder" and d[0].text.startswith(MISSING_DATA)


def test_synthetic_values_are_labelled_and_the_satisfaction_table_is_titled_as_the_pk(composed):
    ikm = next(t for t in composed.tables if t.key == "ikm")
    iku = next(t for t in composed.tables if t.key == "iku")
    pk_name = next(r["indikator"] for k, r in zip(iku.keys, iku.rows, strict=True) if k.startswith("survei:"))
    assert ikm.title.startswith(pk_name) and "(SINTETIS)" in ikm.title and "SINTETIS" in (ikm.note or "")
    iph = next(t for t in composed.tables if t.key == "iph")
    assert "(SINTETIS)" in iph.title and "SINTETIS" in (iph.note or "")
    # no sentence states a value of the synthetic survey or IPH without its label
    for p in composed.paragraphs:
        if p.style != "body":
            continue
        for sentence in re.split(r"(?<=\.) (?=[A-Z])", p.text):
            if re.search(r"\((IKM|IPH)\) wilayah", sentence):
                assert "(SINTETIS)" in sentence, sentence


def test_units_in_the_office_order_and_scope_notes(composed):
    upt = next(t for t in composed.tables if t.key == "realisasi_upt")
    names = [str(r["unit"]) for r in upt.rows]
    order = ("Lapas", "LPKA", "Rutan", "Bapas", "Rupbasan")
    ranks = [next(i for i, kind in enumerate(order) if n.startswith(kind)) for n in names]
    assert ranks == sorted(ranks)
    for kind in order:  # by name within a type
        same = [n for n in names if n.startswith(kind + " ")]
        assert same == sorted(same)
    ikm = next(t for t in composed.tables if t.key == "ikm")
    assert "Cakupan:" in (ikm.note or "") and "tidak termasuk" in (ikm.note or "")
    assert "Cakupan: Kantor Wilayah dan 13 UPT (14 dari 14 satker" in (
        next(t for t in composed.tables if t.key == "ringkasan").note or "")


def test_blokir_and_the_triwulan_shortfall(composed):
    blokir = next(t for t in composed.tables if t.key == "blokir")
    assert blokir.total["blokir"] == 354_861_000
    assert blokir.total["pagu_netto"] == blokir.total["pagu"] - blokir.total["blokir"]
    text = " ".join(p.text for p in composed.paragraphs)
    assert "blokir anggaran sebesar Rp354.861.000 (tiga ratus lima puluh empat juta delapan ratus enam puluh satu " \
           "ribu rupiah)" in text
    m = re.search(r"belanja barang (\d+,\d\d)% terhadap target (\d+,\d\d)% \(di bawah target, kurang (\d+,\d\d) poin\)",
                  text)
    assert m, text
    got, goal, gap = (float(g.replace(",", ".")) for g in m.groups())
    assert round(goal - got, 2) == gap

"""The BI model of the published file: scopes, summability, dimensions, comments, keys.

Figures from the real LKjIP Semester I 2025 (Tabel 1.10-1.12, Tabel 1.8) that the sample
reproduces at 2025-06.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal as D

from kinerja import metadata
from kinerja.transforms.codes import JENIS_BELANJA
from kinerja.warehouse.model import STORAGE_VERSION, view_differences
from kinerja.warehouse.schema import drift

JUNE = date(2025, 6, 1)


def test_published_file_is_written_in_the_storage_version_duckdb_1x_reads(published_file):
    # DuckDB's main header: magic "DUCK" at byte 8, the storage format number (uint64) at byte 12.
    head = published_file.read_bytes()[:20]
    assert head[8:12] == b"DUCK"
    assert int.from_bytes(head[12:20], "little") == 64 and STORAGE_VERSION == "v1.0.0"


def test_lingkup_upt_budget_row_is_published_with_the_report_figures(pub):
    rows = {r[0]: r[1:] for r in pub.execute("""
        SELECT lingkup, pagu, realisasi_kumulatif, round(penyerapan_ratio * 100, 2), n_satker
        FROM fact_budget_lingkup WHERE period = ?""", [JUNE]).fetchall()}
    assert rows["upt"] == (D("120315107660.00"), D("48154214932.00"), 40.02, 13)
    assert rows["wilayah"][:2] == (D("123380040660.00"), D("48809701898.00")) and rows["wilayah"][3] == 14
    kanwil = rows["kanwil"]
    assert (kanwil[0], kanwil[1], kanwil[3]) == (D("3064933000.00"), D("655486966.00"), 1)
    # wilayah is out_budget_region exactly, and kanwil + upt = wilayah for every period and measure
    assert pub.execute("""
        SELECT count(*) FROM fact_budget_lingkup f JOIN out_budget_region r USING (period, kode_kanwil)
        WHERE f.lingkup = 'wilayah' AND (f.pagu, f.blokir, f.pagu_netto, f.realisasi_bulan, f.realisasi_kumulatif,
              f.sisa, f.sisa_netto, f.n_satker, f.n_akun_over_pagu)
            IS DISTINCT FROM (r.pagu, r.blokir, r.pagu_netto, r.realisasi_bulan, r.realisasi_kumulatif,
              r.sisa, r.sisa_netto, r.n_satker, r.n_akun_over_pagu)""").fetchall() == [(0,)]
    assert pub.execute("""
        SELECT count(*) FROM (
            SELECT period, sum(CASE WHEN lingkup = 'wilayah' THEN pagu ELSE -pagu END) AS p,
                   sum(CASE WHEN lingkup = 'wilayah' THEN realisasi_kumulatif ELSE -realisasi_kumulatif END) AS r
            FROM fact_budget_lingkup GROUP BY period) WHERE p <> 0 OR r <> 0""").fetchall() == [(0,)]
    assert pub.execute("SELECT count(DISTINCT period) FROM fact_budget_lingkup WHERE lingkup = 'upt'"
                       ).fetchall() == [(6,)]
    # per jenis belanja, the scopes add up to the scope totals
    assert pub.execute("""
        SELECT count(*) FROM fact_budget_lingkup t JOIN (
            SELECT period, kode_kanwil, lingkup, sum(pagu) AS pagu, sum(realisasi_kumulatif) AS r
            FROM fact_budget_lingkup_jenis_belanja GROUP BY ALL) j USING (period, kode_kanwil, lingkup)
        WHERE t.pagu <> j.pagu OR t.realisasi_kumulatif <> j.r""").fetchall() == [(0,)]


def test_rb_lingkup_upt_is_published_beside_the_region_at_b06(pub):
    rows = {r[0]: r[1:] for r in pub.execute("""
        SELECT lingkup, target, terlaksana, capaian_ratio, n_satker, is_latest FROM fact_rb_lingkup
        WHERE period = ? AND checkpoint = 'B06'""", [JUNE]).fetchall()}
    assert set(rows) == {"wilayah", "upt", "kanwil"}
    region = pub.execute("""SELECT target, terlaksana, capaian_pct FROM out_rb_region
        WHERE period = ? AND checkpoint = 'B06'""", [JUNE]).fetchall()[0]
    assert rows["wilayah"][:2] == region[:2] == (578, 508)
    assert abs(rows["wilayah"][2] * 100 - region[2]) < 1e-9
    assert rows["upt"][:2] == (528, 461) and rows["upt"][3] == 11 and rows["upt"][4] is True
    assert abs(rows["upt"][2] - 461 / 528) < 1e-15
    assert rows["kanwil"][:2] == (50, 47)


def test_survey_lingkup_pools_respondents(pub):
    rows = {r[0]: r[1:] for r in pub.execute("""SELECT lingkup, n_responden, ikm FROM fact_survey_lingkup
        WHERE period = ?""", [JUNE]).fetchall()}
    region = pub.execute("SELECT n_responden, ikm FROM out_survey_region WHERE period = ?", [JUNE]).fetchall()[0]
    assert rows["wilayah"][0] == region[0] == rows["upt"][0] + rows["kanwil"][0]
    assert abs(rows["wilayah"][1] - region[1]) < 1e-12


def test_monthly_realisasi_sums_to_the_june_cumulative_for_every_satker(pub):
    per_satker = pub.execute("""
        SELECT kode_satker, sum(realisasi_bulan) FILTER (WHERE period BETWEEN '2025-01-01' AND '2025-06-01'),
               sum(realisasi_kumulatif) FILTER (WHERE period = '2025-06-01')
        FROM fact_budget_akun GROUP BY kode_satker ORDER BY 1""").fetchall()
    assert len(per_satker) == 14
    assert [r for r in per_satker if r[1] != r[2]] == []
    # the same on the reporting table the report reads
    assert pub.execute("""
        SELECT count(*) FROM (SELECT kode_satker,
               sum(realisasi_bulan) AS s, sum(realisasi_kumulatif) FILTER (WHERE period = '2025-06-01') AS k
            FROM out_budget_satker WHERE period BETWEEN '2025-01-01' AND '2025-06-01' GROUP BY kode_satker)
        WHERE s <> k""").fetchall() == [(0,)]
    # and summing the cumulative column over months is what the comment forbids: far above
    wrong = pub.execute("SELECT sum(realisasi_kumulatif) FROM fact_budget_akun").fetchall()[0][0]
    assert wrong > D("150000000000")
    comment = pub.execute("""SELECT comment FROM duckdb_columns() WHERE table_name = 'fact_budget_akun'
        AND column_name = 'realisasi_kumulatif'""").fetchall()[0][0]
    assert "NOT summable over periods" in comment


def test_akun_fact_sums_to_the_satker_table(pub):
    assert pub.execute("""
        SELECT count(*) FROM out_budget_satker s FULL JOIN (
            SELECT period, kode_satker, sum(pagu) AS pagu, sum(blokir) AS blokir,
                   sum(realisasi_bulan) AS rb, sum(realisasi_kumulatif) AS rk,
                   count(*) FILTER (WHERE is_over_pagu) AS over
            FROM fact_budget_akun GROUP BY ALL) a USING (period, kode_satker)
        WHERE (s.pagu, s.blokir, s.realisasi_bulan, s.realisasi_kumulatif, s.n_akun_over_pagu)
              IS DISTINCT FROM (a.pagu, a.blokir, a.rb, a.rk, a.over)""").fetchall() == [(0,)]
    assert pub.execute("SELECT count(*) FROM fact_budget_akun WHERE kode_jenis_belanja NOT IN "
                       "(SELECT kode_jenis_belanja FROM dim_jenis_belanja)").fetchall() == [(0,)]


def test_dimensions_carry_officer_labels(pub):
    june = pub.execute("""SELECT periode, nama_bulan, triwulan, nama_triwulan, semester, nama_semester,
        label_periode, is_akhir_triwulan FROM dim_period WHERE period = ?""", [JUNE]).fetchall()
    assert june == [("2025-06", "Juni", 2, "Triwulan II", 1, "Semester I", "s.d. Juni 2025", True)]
    assert [r[0] for r in pub.execute("SELECT nama_bulan FROM dim_period ORDER BY period").fetchall()] == [
        "Januari", "Februari", "Maret", "April", "Mei", "Juni"]
    satker = pub.execute("""SELECT kode_satker, nama_jenis_satker, is_kanwil, lingkup, kode_kanwil, urutan_laporan
        FROM dim_satker ORDER BY urutan_laporan""").fetchall()
    assert len(satker) == 14 and satker[0] == ("410001", "Kanwil", True, "kanwil", "410001", 1)
    assert {r[1] for r in satker} == {"Kanwil", "Lapas", "Rutan", "Bapas", "Rupbasan", "LPKA"}
    assert [r[0] for r in satker[1:]] == sorted(r[0] for r in satker[1:])
    jenis = pub.execute("SELECT kode_jenis_belanja, jenis_belanja, nama_jenis_belanja FROM dim_jenis_belanja "
                        "ORDER BY 1").fetchall()
    assert {k: v for k, v, _ in jenis} == JENIS_BELANJA
    assert ("51", "pegawai", "Belanja Pegawai") in jenis and ("57", "bantuan_sosial", "Belanja Bantuan Sosial") in jenis
    # every period and satker of a fact has its dimension row
    assert pub.execute("""SELECT count(*) FROM fact_budget_akun f
        WHERE f.period NOT IN (SELECT period FROM dim_period)
           OR f.kode_satker NOT IN (SELECT kode_satker FROM dim_satker)""").fetchall() == [(0,)]


def test_metric_views_aggregate_as_ratios_of_sums(pub):
    upt = pub.execute("""SELECT nama_bulan, pagu, realisasi_kumulatif, round(penyerapan_ratio, 4)
        FROM v_penyerapan_bulanan WHERE period = ? AND lingkup = 'upt'""", [JUNE]).fetchall()
    assert upt == [("Juni", D("120315107660.00"), D("48154214932.00"), 0.4002)]
    # regrouping the satker x jenis belanja view by summing and dividing gives the region's figure
    ratio, mean_of_ratios = pub.execute("""SELECT sum(realisasi_kumulatif) / sum(pagu), avg(penyerapan_ratio)
        FROM v_penyerapan_satker_jenis_belanja WHERE period = ?""", [JUNE]).fetchall()[0]
    assert round(float(ratio) * 100, 2) == 39.56 and round(mean_of_ratios * 100, 2) != 39.56
    rb = pub.execute("""SELECT count(*), sum(terlaksana), sum(target) FROM v_capaian_rb_unit
        WHERE period = ?""", [JUNE]).fetchall()
    assert rb == [(12, 508, 578)]
    iku = pub.execute("""SELECT count(*) FROM v_capaian_indikator v JOIN out_iku i USING (period, kode_indikator)
        WHERE v.capaian_ratio IS DISTINCT FROM i.capaian_pct / 100""").fetchall()
    assert iku == [(0,)]


def test_every_published_table_view_and_column_has_a_comment_and_every_table_a_key(pub):
    tables = pub.execute("SELECT table_name, comment FROM duckdb_tables() WHERE database_name = current_database() "
                         "AND schema_name = 'main'").fetchall()
    views = pub.execute("SELECT view_name, comment FROM duckdb_views() WHERE NOT internal "
                        "AND database_name = current_database() AND schema_name = 'main'").fetchall()
    assert {t for t, _ in tables} == {t.name for t in metadata.published_tables()}
    assert {v for v, _ in views} == {v.name for v in metadata.VIEWS}
    assert [name for name, comment in tables + views if not (comment or "").strip()] == []
    uncommented = pub.execute("""SELECT table_name, column_name FROM duckdb_columns()
        WHERE database_name = current_database() AND schema_name = 'main'
          AND coalesce(trim(comment), '') = ''""").fetchall()
    n_columns = pub.execute("SELECT count(*) FROM duckdb_columns() WHERE database_name = current_database()"
                            ).fetchall()[0][0]
    assert n_columns > 300
    assert uncommented == []
    keyed = {r[0] for r in pub.execute("SELECT table_name FROM duckdb_constraints() "
                                       "WHERE constraint_type = 'PRIMARY KEY'").fetchall()}
    assert keyed == {t for t, _ in tables}
    not_null = pub.execute("""SELECT count(*) FROM duckdb_constraints() WHERE constraint_type = 'NOT NULL'
        AND table_name = 'fact_budget_lingkup'""").fetchall()[0][0]
    assert not_null == sum(not c.nullable for c in metadata.table("fact_budget_lingkup").columns) > 10
    assert drift(pub, published=True) == [] and view_differences(pub) == []
    # ratios of the BI model are fractions, said so in their comment
    ratio_comments = pub.execute("""SELECT comment FROM duckdb_columns()
        WHERE column_name LIKE '%\\_ratio' ESCAPE '\\' AND table_name LIKE 'fact\\_%' ESCAPE '\\'""").fetchall()
    assert ratio_comments and all("fraction" in c for (c,) in ratio_comments)

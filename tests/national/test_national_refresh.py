"""Two sample regions refreshed as one national landing: each region's figures equal its own
single-region run, and the national totals equal sums computed here from the extracts
themselves (their own notation parsed with polars), not from the code under test."""

from __future__ import annotations

import shutil
from itertools import takewhile
from pathlib import Path

import duckdb
import openpyxl
import polars as pl
import pytest

from kinerja.files import file_sha256
from kinerja.metadata import national as meta
from kinerja.pipeline import refresh_landing
from kinerja.pipeline.national import national_regions, refresh_national
from kinerja.warehouse.db import connect_published
from kinerja.warehouse.national import content_sha256, structure_differences
from kinerja.warehouse.store import OUT_TABLES

# the national tests share one serial national run per session; the Dask test compares with it
pytestmark = pytest.mark.slow

NTB, NTT = "410001", "420001"


def _published(home: Path) -> duckdb.DuckDBPyConnection:
    return connect_published(home / "published" / "kinerja.duckdb")


def _rows(con: duckdb.DuckDBPyConnection, table: str, where: str) -> list[tuple]:
    columns = ", ".join(f'"{c}"' for c in meta.NATIONAL_TABLES[table].column_names if c != "kode_kanwil")
    return con.execute(f"SELECT {columns} FROM {table} WHERE {where} ORDER BY ALL").fetchall()


def _assert_region_equals_single_run(national: Path, kode: str, single: Path) -> None:
    with _published(national) as nat, _published(single) as one:
        for table in OUT_TABLES:
            region_rows = _rows(nat, table, f"kode_kanwil = '{kode}'")
            single_rows = _rows(one, table, "period = DATE '2025-01-01'")
            assert region_rows == single_rows, table
        assert nat.execute(f"SELECT count(*) FROM out_budget_satker WHERE kode_kanwil = '{kode}'").fetchall()[0][0] > 0
        lineage = "SELECT load_id, kind, file_name, sha256, rows_read, rows_loaded FROM out_load WHERE {} ORDER BY ALL"
        assert nat.execute(lineage.format(f"kode_kanwil = '{kode}'")).fetchall() == \
            one.execute(lineage.format("period IS NULL OR period = DATE '2025-01-01'")).fetchall()


def test_the_sample_region_equals_its_single_region_run(national_home, sample_home):
    home, _ = national_home
    _assert_region_equals_single_run(home, NTB, sample_home)


def test_the_second_region_equals_its_single_region_run(national_home, national_landing, tmp_path):
    home, _ = national_home
    # the NTT office's own landing: its folders, and the national performance agreement it uses
    landing = tmp_path / "ntt"
    shutil.copytree(national_landing / NTT, landing)
    shutil.copy(national_landing / "reference" / "pk.csv", landing / "reference" / "pk.csv")
    refresh_landing(landing, tmp_path / "home", period="2025-01")
    _assert_region_equals_single_run(home, NTT, tmp_path / "home")


def _idr(column: str) -> pl.Expr:
    """An amount as the extracts write it: 1.234.567 / 1.234.567,00 / Rp 1.234.567,- / (1.234.567) / -."""
    text = pl.col(column).cast(pl.String).str.strip_chars()
    digits = text.str.replace_all(r"^Rp\.?\s*|,-$|,00$|[()]", "").str.replace_all(".", "", literal=True)
    value = pl.when(digits.is_in(["-", ""])).then(0).otherwise(digits.cast(pl.Int64))
    return pl.when(text.str.starts_with("(")).then(-value).otherwise(value)


def _xlsx_table(path: Path, first_header: str) -> pl.DataFrame:
    """The rows between the header row (found by its first cell) and the JUMLAH row."""
    rows = list(openpyxl.load_workbook(path, read_only=True).active.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r[0] == first_header)
    body = list(takewhile(lambda r: r[0] != "JUMLAH", rows[start + 1:]))
    return pl.DataFrame(body, schema=list(rows[start]), orient="row", infer_schema_length=None)


@pytest.fixture(scope="module")
def extracts(national_landing) -> dict[str, pl.DataFrame]:
    """Per akun line (SP2D line) of both regions, from the files: pagu, blokir, realisasi of January."""
    ntb, ntt = national_landing / NTB, national_landing / NTT
    ntb_pagu = pl.read_csv(ntb / "2025-01" / "pagu.csv", separator=";", infer_schema=False).select(
        pl.col("KDSATKER").alias("kode_satker"), _idr("PAGU").alias("pagu"), _idr("BLOKIR").alias("blokir"))
    ntt_pagu = _xlsx_table(ntt / "2025-01" / "pagu.xlsx", "Kode Satker").select(
        pl.col("Kode Satker").alias("kode_satker"), pl.col("Pagu").cast(pl.Int64).alias("pagu"),
        pl.col("Blokir").cast(pl.Int64).alias("blokir"))
    ntb_jan = pl.read_csv(ntb / "2025-01" / "realisasi.csv", separator=";", infer_schema=False).select(
        pl.col("Kode Satker").alias("kode_satker"), _idr("Realisasi s.d. Bulan Ini").alias("kumulatif"),
        _idr("Realisasi Bulan Ini").alias("bulan"))
    ntt_jan = pl.read_csv(ntt / "2025-01" / "realisasi_sp2d.csv", separator=";", infer_schema=False,
                          encoding="cp1252").select(
        pl.col("Kode Satker").alias("kode_satker"), _idr("Nilai").alias("kumulatif"), _idr("Nilai").alias("bulan"))
    masters = pl.concat([
        pl.read_csv(ntb / "reference" / "satker.csv", infer_schema=False).select("kode_satker", "jenis_satker"),
        pl.read_csv(ntt / "reference" / "satker.csv", separator=";", infer_schema=False, encoding="utf8-lossy")
        .select(pl.col("^.*Kode Satker$").alias("kode_satker"), pl.col("Jenis").alias("jenis_satker"))])
    return {"pagu": pl.concat([ntb_pagu, ntt_pagu]), "realisasi": pl.concat([ntb_jan, ntt_jan]),
            "satker": masters}


def test_national_totals_equal_the_sums_of_the_extracts(national_home, extracts):
    home, _ = national_home
    pagu, real = extracts["pagu"], extracts["realisasi"]
    with _published(home) as con:
        row = con.execute("""SELECT n_kanwil, n_kanwil_expected, kanwil_missing, is_complete, n_satker, pagu, blokir,
                   realisasi_bulan, realisasi_kumulatif, sisa, penyerapan_pct
            FROM out_national_budget WHERE period = DATE '2025-01-01'""").fetchall()[0]
        regions = con.execute("""SELECT sum(pagu), sum(realisasi_kumulatif) FROM out_budget_region
            WHERE period = DATE '2025-01-01'""").fetchall()[0]
    total_pagu, total_real = int(pagu["pagu"].sum()), int(real["kumulatif"].sum())
    assert row[:5] == (2, 2, None, True, 14 + 5)
    assert (row[5], row[6]) == (total_pagu, int(pagu["blokir"].sum()))
    assert (row[7], row[8]) == (int(real["bulan"].sum()), total_real)
    assert row[9] == total_pagu - total_real
    assert row[10] == pytest.approx(total_real / total_pagu * 100, rel=1e-12)     # a ratio of the sums
    assert (row[5], row[8]) == regions                                              # and the sum of the regions


def test_national_rollup_per_unit_type_equals_the_extracts(national_home, extracts):
    home, _ = national_home
    by_type = (extracts["pagu"].join(extracts["satker"], on="kode_satker")
               .group_by("jenis_satker").agg(pl.col("pagu").sum(), pl.col("kode_satker").n_unique().alias("n")))
    real = (extracts["realisasi"].join(extracts["satker"], on="kode_satker")
            .group_by("jenis_satker").agg(pl.col("kumulatif").sum()))
    expected = by_type.join(real, on="jenis_satker").sort("jenis_satker")
    total = int(expected["pagu"].sum())
    with _published(home) as con:
        got = con.execute("""SELECT jenis_satker, n_satker, pagu, realisasi_kumulatif, pagu_share_pct, penyerapan_pct
            FROM out_national_budget_jenis_satker WHERE period = DATE '2025-01-01' ORDER BY 1""").fetchall()
    assert [r[:4] for r in got] == [(r["jenis_satker"], r["n"], r["pagu"], r["kumulatif"])
                                    for r in expected.iter_rows(named=True)]
    for r, e in zip(got, expected.iter_rows(named=True)):
        assert r[4] == pytest.approx(e["pagu"] / total * 100, rel=1e-12)
        assert r[5] == pytest.approx(e["kumulatif"] / e["pagu"] * 100, rel=1e-12)


def test_every_reporting_table_carries_kode_kanwil_and_the_metadata(national_home):
    home, result = national_home
    with _published(home) as con:
        assert structure_differences(con) == []
        for table in meta.REGIONAL_TABLES:
            kanwil = {r[0] for r in con.execute(f"SELECT DISTINCT kode_kanwil FROM {table}").fetchall()}
            assert kanwil <= {NTB, NTT}, table
        assert {r[0] for r in con.execute("SELECT kode_kanwil FROM out_iku_summary").fetchall()} == {NTB, NTT}
        comment = con.execute("SELECT comment FROM duckdb_tables() WHERE table_name = 'out_national_budget'"
                              ).fetchall()[0][0]
        assert comment == meta.NATIONAL_TABLES["out_national_budget"].comment()
        assert content_sha256(con) == result.published.content_sha256
    # written in the storage version DuckDB 1.x clients read (format 64), like a region's file
    head = (home / "published" / "kinerja.duckdb").read_bytes()[:20]
    assert int.from_bytes(head[12:20], "little") == 64


def test_a_region_without_its_own_pk_uses_the_national_one(national_home, national_landing):
    home, _ = national_home
    with _published(home) as con:
        pk = dict(con.execute("SELECT kode_kanwil, sha256 FROM out_load WHERE kind = 'pk'").fetchall())
    assert pk == {NTB: file_sha256(national_landing / NTB / "reference" / "pk.csv"),
                  NTT: file_sha256(national_landing / "reference" / "pk.csv")}
    assert pk[NTB] != pk[NTT]


def test_a_single_region_landing_is_not_a_national_one(tmp_path):
    from tests.conftest import SAMPLE_LANDING

    assert national_regions(SAMPLE_LANDING) == []
    with pytest.raises(ValueError, match="not a national landing"):
        refresh_national(SAMPLE_LANDING, tmp_path / "home")

"""The committed indicator sample (issue 3): Tabel 1.8 exactly, the report's indicators and
targets, and deterministic SYNTHETIC survey responses and IPH scores.

Files are read with plain polars/openpyxl (not the project's readers); expected values come
from data/seed_facts. Byte-for-byte determinism is checked in test_sample.py.
"""

from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import polars as pl

ROOT = Path(__file__).resolve().parents[1]
LANDING = ROOT / "data" / "sample" / "landing"
SEED = ROOT / "data" / "seed_facts"


def read_csv(path: Path, separator: str) -> pl.DataFrame:
    return pl.read_csv(io.StringIO(path.read_bytes().decode("utf-8-sig")), separator=separator,
                       infer_schema=False)


def seed(name: str) -> pl.DataFrame:
    return pl.read_csv(SEED / name, infer_schema=False)


def names() -> dict[str, str]:
    satker = read_csv(LANDING / "reference" / "satker.csv", ",")
    return dict(zip(satker["kode_satker"], satker["nama_satker"]))


def test_rb_checkpoints_are_table_1_8() -> None:
    table = {r["unit_name"]: r for r in seed("rb_rat_2025.csv").iter_rows(named=True)}
    b03 = read_csv(LANDING / "2025-03" / "rb.csv", ";")
    assert set(b03["Checkpoint"]) == {"B-03"}
    got03 = {names()[r["Kode Satker"]]: (int(r["Target"]), int(r["Terlaksana"])) for r in b03.iter_rows(named=True)}
    assert got03 == {n: (int(r["target_b03"]), int(r["realisasi_b03"])) for n, r in table.items()}

    rows = list(openpyxl.load_workbook(LANDING / "2025-06" / "rb.xlsx").active.iter_rows(values_only=True))
    assert "Triwulan II (B-06) Tahun 2025" in [r[0] for r in rows[:4]]
    header = next(i for i, r in enumerate(rows) if r[0] == "Kode Satker")
    total = next(i for i, r in enumerate(rows) if r[0] == "JUMLAH")
    data = rows[header + 1:total]
    got06 = {names()[r[0]]: (int(r[2]), int(r[3])) for r in data}
    assert got06 == {n: (int(r["target_b06"]), int(r["realisasi_b06"])) for n, r in table.items()}
    assert rows[total][2:4] == (578, 508)
    in_scope = set(seed("units.csv").filter(pl.col("in_rb_table") == "yes")["unit_name"])
    assert set(got06) == in_scope and not any("Rupbasan" in n for n in got06)


def test_pk_has_the_reports_indicators_and_targets() -> None:
    pk = read_csv(LANDING / "reference" / "pk.csv", ";")
    report = seed("iku_2025.csv")
    by_name = {r["Indikator Kinerja"]: r for r in pk.iter_rows(named=True)}
    for r in report.iter_rows(named=True):
        row = by_name[r["indikator_kinerja"]]
        assert row["Target Tahunan"].replace(",", ".") in (r["target_2025"], r["target_2025"].removesuffix(".0"))
        assert row["Satuan"] == r["satuan"] and row["Polaritas"] == "positif"
    assert {r["Sumber"] or None for r in by_name.values()} == {"iph", "rb", "survei", None}
    synthetic = pk.filter(pl.col("Sumber").fill_null("") == "").row(0, named=True)
    assert synthetic["Polaritas"] == "negatif" and "SINTETIS" in synthetic["Indikator Kinerja"]
    assert synthetic["Keterangan"].startswith("SYNTHETIC")
    iku = read_csv(LANDING / "2025-06" / "iku.csv", ",")
    assert iku.select("kode_indikator", "realisasi", "keterangan").rows() == [
        (synthetic["Kode Indikator"], "n/a", "menunggu LHP BPK")]


def test_survey_is_synthetic_semester_one_with_free_text() -> None:
    survey = read_csv(LANDING / "2025-06" / "survei.csv", ";")
    assert survey.columns[-1] == "Saran" and survey["Saran"].drop_nulls().len() > 0
    per_unit = survey.group_by("Kode Satker").len()
    assert per_unit.height == 12 and per_unit["len"].min() >= 24 and per_unit["len"].max() <= 40
    assert survey["ID Responden"].is_unique().all()
    months = {int(d.split("/")[1]) for d in survey["Tanggal"]}
    assert months <= set(range(1, 7))
    scores = survey.select([f"L{i}" for i in range(1, 10)]).unpivot()["value"].cast(pl.Int64)
    assert set(scores) == {1, 2, 3, 4}


def test_iph_has_eight_dimensions_per_upt() -> None:
    iph = read_csv(LANDING / "2025-06" / "iph.csv", ";")
    dims = iph.group_by("Kode Satker").agg(pl.col("Dimensi").cast(pl.Int64).sort())
    assert dims.height == 11 and all(d.to_list() == list(range(1, 9)) for d in dims["Dimensi"])
    values = iph["Nilai"].str.replace(",", ".").cast(pl.Float64)
    assert values.min() >= 1 and values.max() <= 4
    assert set(iph["Nama Dimensi"]) == set(seed("iph_dimensions.csv")["dimensi"])

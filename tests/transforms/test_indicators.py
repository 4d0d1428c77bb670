"""Indicator transforms: RB pooled ratios (Tabel 1.8), satisfaction index (PermenPAN-RB
14/2017), law-enforcement index, and target attainment with polarity, cap and n/a.

Expected figures come from data/seed_facts or are worked by hand in the comments, never
from the code under test.
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import polars as pl
import pytest

from kinerja.rules import rules_for
from kinerja.transforms.attainment import attainment, attainment_summary, realizations
from kinerja.transforms.iph import iph_tables
from kinerja.transforms.rb import rb_tables, with_checkpoint
from kinerja.transforms.survey import survey_tables

SEED = Path(__file__).resolve().parents[2] / "data" / "seed_facts"
KANWIL = "400001"
RULES = rules_for(2025)


def seed_rows(name: str) -> list[dict[str, str]]:
    with open(SEED / name, newline="", encoding="utf-8") as fh:
        return list(csv.DictReader(fh))


def units() -> list[dict[str, str]]:
    return seed_rows("units.csv")


@pytest.fixture(scope="module")
def satker() -> pl.DataFrame:
    """The 14 units of units.csv with test codes 400001.. (the Kanwil first)."""
    rows = units()
    return pl.DataFrame({
        "kode_satker": [f"4000{i:02d}" for i in range(1, len(rows) + 1)],
        "nama_satker": [r["unit_name"] for r in rows],
        "jenis_satker": [r["unit_type"] for r in rows],
        "kode_kanwil": [KANWIL] * len(rows),
    })


@pytest.fixture(scope="module")
def rb(satker: pl.DataFrame) -> pl.DataFrame:
    """Tabel 1.8 as two canonical rb deliveries (B03 without a checkpoint column value)."""
    codes = dict(zip(satker["nama_satker"], satker["kode_satker"]))
    frames = []
    for cp in ("b03", "b06"):
        rows = seed_rows("rb_rat_2025.csv")
        frame = pl.DataFrame({
            "checkpoint": pl.Series([None] * len(rows), dtype=pl.String),
            "kode_satker": [codes[r["unit_name"]] for r in rows],
            "target": [int(r[f"target_{cp}"]) for r in rows],
            "terlaksana": [int(r[f"realisasi_{cp}"]) for r in rows],
        })
        frames.append(with_checkpoint(frame, f"2025-{cp[1:]}"))
    return pl.concat(frames)


def half_up(value: float) -> int:
    return int(Decimal(repr(value)).quantize(Decimal(1), rounding=ROUND_HALF_UP))


# --- RB ---------------------------------------------------------------------------------------

def test_rb_per_unit_equals_table_1_8(rb: pl.DataFrame, satker: pl.DataFrame) -> None:
    out = rb_tables(rb, satker)["out_rb_satker"]
    names = dict(zip(satker["kode_satker"], satker["nama_satker"]))
    got = {(names[k], cp): v for k, cp, v in out.select("kode_satker", "checkpoint", "capaian_pct").iter_rows()}
    rows = seed_rows("rb_rat_2025.csv")
    assert len(got) == 2 * len(rows) == 24
    for r in rows:
        assert half_up(got[r["unit_name"], "B03"]) == int(r["capaian_b03_stated"]), r["unit_name"]
        assert half_up(got[r["unit_name"], "B06"]) == int(r["capaian_b06_stated"]), r["unit_name"]
    # not a copy of the printed figure: the unrounded ratio (31/48 = 64,58%)
    bapas = satker.filter(pl.col("nama_satker") == "Bapas Kelas I Mataram")["kode_satker"].item()
    row = out.filter((pl.col("kode_satker") == bapas) & pl.col("is_latest"))
    assert row["capaian_pct"].item() == pytest.approx(31 / 48 * 100, abs=1e-12)


def test_rb_region_is_the_pooled_latest_checkpoint(rb: pl.DataFrame, satker: pl.DataFrame) -> None:
    region = rb_tables(rb, satker)["out_rb_region"]
    rows = seed_rows("rb_rat_2025.csv")
    target = sum(int(r["target_b06"]) for r in rows)
    done = sum(int(r["realisasi_b06"]) for r in rows)
    assert (target, done) == (578, 508)
    latest = region.filter(pl.col("is_latest"))
    assert latest["checkpoint"].to_list() == ["B06"]
    assert latest.select("target", "terlaksana", "n_satker").row(0) == (578, 508, 12)
    assert latest["capaian_pct"].item() == pytest.approx(done / target * 100, abs=1e-12)
    assert round(latest["capaian_pct"].item(), 2) == 87.89
    b03 = region.filter(pl.col("checkpoint") == "B03")
    assert b03.select("target", "terlaksana").row(0) == (344, 344) and not b03["is_latest"].item()


def test_rb_before_the_second_checkpoint_uses_b03(rb: pl.DataFrame, satker: pl.DataFrame) -> None:
    region = rb_tables(rb.filter(pl.col("checkpoint") == "B03"), satker)["out_rb_region"]
    assert region.select("checkpoint", "is_latest", "capaian_pct").rows() == [("B03", True, 100.0)]


def test_iku_shows_rb_not_achieved(rb: pl.DataFrame, satker: pl.DataFrame) -> None:
    pk = pk_frame([("SK2.IKU1", "persen", "positif", 100.0, "rb")])
    region = rb_tables(rb, satker)["out_rb_region"]
    iku = attainment(pk, realizations(pk, rb_region=region), "2025-06", RULES)
    row = iku.row(0, named=True)
    assert row["status"] == "tidak tercapai"
    assert row["target"] == 100.0
    assert row["realisasi"] == pytest.approx(508 / 578 * 100)
    assert row["capaian_pct"] == pytest.approx(508 / 578 * 100)


# --- satisfaction index -------------------------------------------------------------------------

# Unit 400002, three respondents (L1..L9):
#   R1: 4 4 3 3 4 3 4 3 4
#   R2: 3 3 3 2 3 3 3 2 3
#   R3: 4 3 3 3 4 4 3 3 3
# Column sums: 11 10 9 8 11 10 10 8 10 -> NRR = sum/3:
#   3,6667 3,3333 3,0000 2,6667 3,6667 3,3333 3,3333 2,6667 3,3333
# Sum of NRR = 87/3 = 29; IKM = 29 x 1/9 = 3,2222 (the regulation's 0,11 weight would give
# 3,19); x 25 = 80,5556 -> interval 76,61-88,30: mutu B, "Baik".
# Unit 400003, one respondent scoring 2 everywhere: NRR 2 each, IKM 2,0000 -> 50,00: D.
# Region: four respondents pooled: column sums 13 12 11 10 13 12 12 10 12 (= 105), NRR =
# sum/4, sum of NRR = 105/4 = 26,25, IKM = 26,25/9 = 2,9167 -> 72,92: C "Kurang Baik"
# (the mean of the two unit indices, 2,6111, would be wrong).
RESPONSES = {
    "R1": ("400002", (4, 4, 3, 3, 4, 3, 4, 3, 4)),
    "R2": ("400002", (3, 3, 3, 2, 3, 3, 3, 2, 3)),
    "R3": ("400002", (4, 3, 3, 3, 4, 4, 3, 3, 3)),
    "R4": ("400003", (2, 2, 2, 2, 2, 2, 2, 2, 2)),
}


def responses() -> pl.DataFrame:
    return pl.DataFrame({
        "id_responden": list(RESPONSES),
        "kode_satker": [u for u, _ in RESPONSES.values()],
        **{f"l{i + 1}": pl.Series([s[i] for _, s in RESPONSES.values()], dtype=pl.Int64) for i in range(9)},
    })


def test_satisfaction_index_hand_worked(satker: pl.DataFrame) -> None:
    tables = survey_tables(responses(), satker, RULES)
    unit = tables["out_survey_satker"].filter(pl.col("kode_satker") == "400002").row(0, named=True)
    assert unit["n_responden"] == 3
    expected_nrr = [3.6667, 3.3333, 3.0000, 2.6667, 3.6667, 3.3333, 3.3333, 2.6667, 3.3333]
    assert [round(unit[f"nrr_l{i}"], 4) for i in range(1, 10)] == expected_nrr
    assert round(unit["ikm"], 4) == 3.2222
    assert round(unit["ikm_konversi"], 4) == 80.5556
    assert (unit["mutu"], unit["kinerja_unit"]) == ("B", "Baik")
    low = tables["out_survey_satker"].filter(pl.col("kode_satker") == "400003").row(0, named=True)
    assert (round(low["ikm"], 4), low["mutu"], low["kinerja_unit"]) == (2.0, "D", "Tidak Baik")
    region = tables["out_survey_region"].row(0, named=True)
    assert (region["n_satker"], region["n_responden"]) == (2, 4)
    assert round(region["ikm"], 4) == 2.9167 and round(region["ikm_konversi"], 2) == 72.92
    assert region["mutu"] == "C"


# PermenPAN-RB 14/2017 interval table on the 1-4 scale (lower bounds inclusive).
@pytest.mark.parametrize(("ikm", "mutu"), [
    (4.0, "A"), (3.5324, "A"), (3.532, "B"), (3.0644, "B"), (3.064, "C"), (2.60, "C"),
    (2.5996, "D"), (1.0, "D"),
])
def test_grade_bands(ikm: float, mutu: str) -> None:
    from kinerja.transforms.survey import grade
    assert pl.select(grade(pl.lit(ikm), RULES)).item() == mutu


# --- law-enforcement index -----------------------------------------------------------------------

def test_iph_is_the_mean_of_eight_dimensions(satker: pl.DataFrame) -> None:
    # unit 400002: 3,0 3,2 3,4 3,6 3,8 4,0 3,0 3,0 -> 27,0 / 8 = 3,375
    # unit 400003: all 3,5 -> 3,5; region per dimension = mean of the two, index = 3,4375
    a = [3.0, 3.2, 3.4, 3.6, 3.8, 4.0, 3.0, 3.0]
    iph = pl.DataFrame({"kode_satker": ["400002"] * 8 + ["400003"] * 8,
                        "dimensi": list(range(1, 9)) * 2, "nilai_dimensi": a + [3.5] * 8})
    tables = iph_tables(iph, satker)
    unit = tables["out_iph_satker"].filter(pl.col("kode_satker") == "400002").row(0, named=True)
    assert unit["iph"] == pytest.approx(3.375) and unit["n_dimensi"] == 8
    assert unit["dimensi_6"] == 4.0
    region = tables["out_iph_region"].row(0, named=True)
    assert region["iph"] == pytest.approx(3.4375) and region["n_satker"] == 2
    assert region["dimensi_1"] == pytest.approx(3.25)


# --- attainment -------------------------------------------------------------------------------------

def pk_frame(rows: list[tuple[str, str, str, float, str | None]]) -> pl.DataFrame:
    return pl.DataFrame({
        "kode_indikator": [r[0] for r in rows], "sasaran_kegiatan": ["S"] * len(rows),
        "indikator": [f"Indikator {r[0]}" for r in rows], "satuan": [r[1] for r in rows],
        "polaritas": [r[2] for r in rows],
        "target_tahunan": pl.Series([r[3] for r in rows], dtype=pl.Float64),
        "target_tw1": pl.Series([None] * len(rows), dtype=pl.Float64),
        "target_tw2": pl.Series([None] * len(rows), dtype=pl.Float64),
        "target_tw3": pl.Series([None] * len(rows), dtype=pl.Float64),
        "target_tw4": pl.Series([None] * len(rows), dtype=pl.Float64),
        "sumber": pl.Series([r[4] for r in rows], dtype=pl.String),
    })


def typed(values: dict[str, float | None], reason: str | None = None) -> pl.DataFrame:
    return pl.DataFrame({"kode_indikator": list(values),
                         "realisasi": pl.Series(list(values.values()), dtype=pl.Float64),
                         "keterangan": pl.Series([reason] * len(values), dtype=pl.String)})


def run(polaritas: str, target: float, realisasi: float | None, cap: float | None = None,
        reason: str | None = None) -> dict:
    pk = pk_frame([("X", "persen", polaritas, target, None)])
    real = realizations(pk, typed({"X": realisasi}, reason))
    return attainment(pk, real, "2025-06", RULES.with_overrides(capaian_cap=cap)).row(0, named=True)


def test_positive_polarity_is_r_over_t() -> None:
    row = run("positif", 80.0, 60.0)
    assert row["capaian_pct"] == pytest.approx(75.0) and row["status"] == "tidak tercapai"
    assert run("Positif", 80.0, 80.0)["status"] == "tercapai"


def test_negative_polarity_is_2t_minus_r_over_t() -> None:
    # T = 10, R = 12: (20 - 12) / 10 = 80% (the variant T/R would give 83,3%)
    row = run("negatif", 10.0, 12.0)
    assert row["capaian_pct"] == pytest.approx(80.0) and row["status"] == "tidak tercapai"
    # T = 10, R = 4: (20 - 4) / 10 = 160%: achieved, uncapped
    row = run("negatif", 10.0, 4.0)
    assert row["capaian_pct"] == pytest.approx(160.0) and row["status"] == "tercapai"


def test_cap_applies_only_when_configured() -> None:
    assert RULES.capaian_cap is None and RULES.capaian_floor is None   # 2025: no cap, no floor
    assert run("positif", 50.0, 75.0)["capaian_pct"] == pytest.approx(150.0)
    capped = run("positif", 50.0, 75.0, cap=120.0)
    assert capped["capaian_pct"] == 120.0 and capped["status"] == "tercapai"
    assert run("positif", 50.0, 40.0, cap=120.0)["capaian_pct"] == pytest.approx(80.0)


def test_na_is_not_assessable_and_never_zero() -> None:
    row = run("negatif", 10.0, None, reason="menunggu LHP BPK")
    assert row["status"] == "tidak dapat dinilai"
    assert row["capaian_pct"] is None and row["realisasi"] is None
    assert row["keterangan"] == "menunggu LHP BPK"


def test_typed_indicator_not_reported_is_na() -> None:
    pk = pk_frame([("X", "angka", "positif", 5.0, None)])
    row = attainment(pk, realizations(pk, None), "2025-06", RULES).row(0, named=True)
    assert (row["status"], row["capaian_pct"], row["keterangan"]) == (
        "tidak dapat dinilai", None, "belum dilaporkan")


def test_na_excluded_from_counts_of_achieved() -> None:
    pk = pk_frame([("A", "persen", "positif", 100.0, None), ("B", "persen", "positif", 100.0, None),
                   ("C", "persen", "negatif", 10.0, None)])
    real = realizations(pk, typed({"A": 100.0, "B": 90.0, "C": None}, "n/a"))
    summary = attainment_summary(attainment(pk, real, "2025-06", RULES)).row(0, named=True)
    assert summary == {"n_indikator": 3, "n_dinilai": 2, "n_tercapai": 1, "n_tidak_tercapai": 1,
                       "n_tidak_dapat_dinilai": 1, "tercapai_pct": 50.0}


def test_quarterly_target_used_when_given() -> None:
    pk = pk_frame([("X", "persen", "positif", 100.0, None)]).with_columns(
        pl.lit(50.0).alias("target_tw2"))
    row = attainment(pk, realizations(pk, typed({"X": 50.0})), "2025-05", RULES).row(0, named=True)
    assert (row["target"], row["status"]) == (50.0, "tercapai")
    row = attainment(pk, realizations(pk, typed({"X": 50.0})), "2025-07", RULES).row(0, named=True)
    assert (row["target"], row["status"]) == (100.0, "tidak tercapai")


def test_computed_indicator_without_data_is_na(satker: pl.DataFrame) -> None:
    pk = pk_frame([("S", "indeks", "positif", 3.1, "survei"), ("I", "indeks", "positif", 3.6, "iph")])
    out = attainment(pk, realizations(pk), "2025-01", RULES)
    assert out["status"].to_list() == ["tidak dapat dinilai"] * 2
    assert out["capaian_pct"].null_count() == 2

"""IKPA components and score (transforms.ikpa) on small frames, against hand-computed figures.

The penyerapan figures are DOMAIN.md 2.3's illustration (seed, 30 June 2025, no blokir),
recomputed here from data/seed_facts/ (independent of kinerja's readers and sample).
"""

from __future__ import annotations

import csv
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import polars as pl
import pytest

from kinerja.rules import RuleBook, load_rules, rules_for
from kinerja.transforms import ikpa
from tests.conftest import SEED_FACTS
from tests.test_rules import PACKAGED

R2025 = rules_for(2025)
MONEY = pl.Decimal(38, 2)


def pct2(value: float) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP)


def money_frame(rows: list[tuple], columns: list[str]) -> pl.DataFrame:
    frame = pl.DataFrame(rows, schema=columns, orient="row")
    return frame.with_columns(pl.col(c).cast(MONEY) for c in columns
                              if c not in ("kode_satker", "kode_jenis_belanja", "bulan"))


def seed_june() -> pl.DataFrame:
    """Per jenis belanja at 30 June: the region pooled (Kanwil + UPT, as one 'satker' REGION)
    and the Kanwil satker alone (Tabel 1.10-1.12 and the README's region-wide realisation)."""
    with (SEED_FACTS / "budget_2025_upt_pagu.csv").open(encoding="utf-8") as fh:
        upt = [r for r in csv.DictReader(fh) if not r["unit_name"].startswith("TOTAL")]
    with (SEED_FACTS / "budget_2025-06_kanwil.csv").open(encoding="utf-8") as fh:
        kanwil = {r["jenis_belanja"]: r for r in csv.DictReader(fh)}
    jenis = {"51": "pegawai", "52": "barang", "53": "modal"}
    region_real = {"51": 26_930_254_163, "52": 21_461_961_237, "53": 417_486_498}
    rows = []
    for code, name in jenis.items():
        pagu = sum(int(r[f"pagu_{name}"]) for r in upt) + int(kanwil[name]["pagu"])
        rows.append(("REGION", code, pagu, 0, region_real[code]))
        rows.append(("410001", code, int(kanwil[name]["pagu"]), 0, int(kanwil[name]["realisasi"])))
    return money_frame(rows, ["kode_satker", "kode_jenis_belanja", "pagu", "blokir", "realisasi_kumulatif"])


def test_penyerapan_june_equals_domain_illustration() -> None:
    jenis = ikpa.penyerapan_jenis(seed_june(), 6, R2025)
    nk = dict(ikpa.penyerapan_bulan(jenis).iter_rows())
    # DOMAIN.md 2.3: region 51 54,10%/50% -> 100 (w 40,34%); 52 31,50%/50% -> 62,99 (w 55,23%);
    # 53 7,64%/40% -> 19,10 (w 4,43%) => 75,98. Kanwil: 54,18 (w 72,59%) and 12,57 => 42,77.
    assert pct2(nk["REGION"]) == Decimal("75.98")
    assert pct2(nk["410001"]) == Decimal("42.77")
    by = {(s, j): (c, w) for s, j, c, w in jenis.select("kode_satker", "kode_jenis_belanja",
                                                         "capaian_target_pct", "bobot_pct").iter_rows()}
    assert (pct2(by["REGION", "52"][0]), pct2(by["REGION", "52"][1])) == (Decimal("62.99"), Decimal("55.23"))
    assert (pct2(by["410001", "51"][0]), pct2(by["410001", "51"][1])) == (Decimal("54.18"), Decimal("72.59"))
    assert by["410001", "53"] == (None, None)            # pagu 0: no weight, not counted


def test_penyerapan_uses_pagu_net_of_blokir_and_averages_quarter_ends() -> None:
    # 52 pagu 1.000, blokir 200 -> usable 800; TW I target 15% -> 120; realised 60 -> 50,00
    facts = money_frame([("A", "52", 1000, 200, 60)],
                        ["kode_satker", "kode_jenis_belanja", "pagu", "blokir", "realisasi_kumulatif"])
    jenis = ikpa.penyerapan_jenis(facts, 3, R2025)
    assert jenis["target_nominal"].to_list() == [Decimal("120.00")]
    assert pct2(jenis["capaian_target_pct"][0]) == Decimal("50.00")
    history = pl.DataFrame({"kode_satker": ["A"] * 5, "bulan": [1, 2, 3, 4, 5],
                            "nilai_kinerja_bulan": [10.0, 20.0, 50.0, 70.0, 90.0]})
    assert ikpa.penyerapan_indikator(history, 3)["nilai"].to_list() == [50.0]       # NK(3)
    assert ikpa.penyerapan_indikator(history, 5)["nilai"].to_list() == [70.0]       # (50 + 90) / 2


def test_deviasi_hand_computed_three_jenis_three_months() -> None:
    # pagu shares: 51 60%, 52 30%, 53 10%.
    # Jan: 51 RPD 50 R 50 -> 0;  52 RPD 20 R 25 -> 25;  53 RPD 0 R 10 -> 100  => D = 0 + 7,5 + 10 = 17,5
    # Feb: 51 RPD 50 R 45 -> 10; 52 RPD 30 R 30 -> 0;   53 RPD 0 R 0  -> 0    => D = 6,0
    # Mar: 51 RPD 50 R 52 -> 4;  52 RPD 25 R 10 -> 60;  53 RPD 40 R 100 -> 150 capped 100
    #                                                                        => D = 2,4 + 18 + 10 = 30,4
    # mean = (17,5 + 6,0 + 30,4) / 3 = 17,9667 > 5  => nilai = 100 - 17,9667 = 82,03
    pagu = {"51": 600_000_000, "52": 300_000_000, "53": 100_000_000}
    months = {1: {"51": (50, 50), "52": (20, 25), "53": (0, 10)},
              2: {"51": (50, 45), "52": (30, 30), "53": (0, 0)},
              3: {"51": (50, 52), "52": (25, 10), "53": (40, 100)}}
    history = []
    for bulan, plan in months.items():
        facts = money_frame([("A", j, pagu[j], r * 1_000_000, p * 1_000_000) for j, (p, r) in plan.items()],
                            ["kode_satker", "kode_jenis_belanja", "pagu", "realisasi_bulan", "rpd_bulan"])
        d = ikpa.deviasi_bulan(ikpa.deviasi_jenis(facts))
        history.append(d.with_columns(pl.lit(bulan).alias("bulan")))
    got = {b: pct2(v) for b, v in zip(months, pl.concat(history)["deviasi_bulan_pct"])}
    assert got == {1: Decimal("17.50"), 2: Decimal("6.00"), 3: Decimal("30.40")}
    result = ikpa.deviasi_indikator(pl.concat(history), 3, R2025)
    assert pct2(result["deviasi_rata_pct"][0]) == Decimal("17.97")
    assert pct2(result["nilai"][0]) == Decimal("82.03")
    # within the 5% threshold the score is 100; December is November's mean
    within = pl.DataFrame({"kode_satker": ["A"] * 12, "bulan": list(range(1, 13)),
                           "deviasi_bulan_pct": [5.0] * 11 + [60.0]})
    assert ikpa.deviasi_indikator(within, 12, R2025).rows() == [("A", 5.0, 100.0)]


def components(rows: dict[str, float | None]) -> pl.DataFrame:
    official = pl.DataFrame({"kode_satker": ["K"] * len(rows), "komponen": list(rows),
                             "nilai": list(rows.values())}, schema={"kode_satker": pl.String,
                                                                    "komponen": pl.String, "nilai": pl.Float64})
    return ikpa.official_long(official)


def test_score_official_components_give_94_10_baik() -> None:
    official = components({"revisi_dipa": 100, "deviasi_halaman_iii": 90, "penyerapan_anggaran": 80,
                           "belanja_kontraktual": 100, "penyelesaian_tagihan": 100, "pengelolaan_up_tup": 100,
                           "capaian_output": 98.4})
    estimated = pl.DataFrame({"kode_satker": ["K", "K"], "komponen": ["penyerapan_anggaran", "revisi_dipa"],
                              "nilai": [42.77, None], "keterangan": ["estimasi", "not computable"]},
                             schema_overrides={"nilai": pl.Float64})
    chosen = ikpa.choose_components(estimated, official, pl.DataFrame({"kode_satker": ["K"]}), R2025)
    # 100x10 + 90x15 + 80x20 + 100x10 + 100x10 + 100x10 + 98,4x25 = 9.410 / 100 = 94,10
    got = ikpa.score(chosen, R2025).row(0, named=True)
    assert (pct2(got["nilai_akhir"]), got["kategori"], got["n_resmi"]) == (Decimal("94.10"), "Baik", 7)
    rec = ikpa.reconciliation(estimated, official)
    assert rec.select("komponen", "selisih").rows() == [("penyerapan_anggaran", pytest.approx(80 - 42.77))]


def test_score_renormalises_over_components_with_a_value_and_deducts_dispensasi() -> None:
    estimated = pl.DataFrame({"kode_satker": ["A", "A"], "komponen": ["penyerapan_anggaran", "deviasi_halaman_iii"],
                              "nilai": [80.0, 100.0], "keterangan": ["e", "e"]})
    official = components({"dispensasi_spm": 1.5}).with_columns(pl.lit("A").alias("kode_satker"))
    chosen = ikpa.choose_components(estimated, official, pl.DataFrame({"kode_satker": ["A"]}), R2025)
    got = ikpa.score(chosen, R2025).row(0, named=True)
    # (80 x 20 + 100 x 15) / 35 = 88,571 - 1,5 = 87,07 -> Cukup
    assert got["bobot_aktif"] == 35.0
    assert pct2(got["nilai_akhir"]) == Decimal("87.07") and got["kategori"] == "Cukup"
    assert (got["n_estimasi"], got["n_resmi"]) == (2, 0)


ROWS_2026 = """
[[target_penyerapan]]
berlaku_mulai = 2026
sumber = "[U] test: a hypothetical new trajectory"
[target_penyerapan.persen]
51 = [25, 60, 75, 100]
52 = [20, 60, 75, 95]
53 = [10, 50, 70, 90]
57 = [25, 50, 75, 95]

[[deviasi_halaman_iii]]
berlaku_mulai = 2026
sumber = "[U] test: a hypothetical threshold"
batas_pct = 20

[[ikpa_bobot]]
berlaku_mulai = 2026
sumber = "[U] test: hypothetical weights"
pengurang = ["dispensasi_spm"]
[ikpa_bobot.bobot]
revisi_dipa = 5
deviasi_halaman_iii = 20
penyerapan_anggaran = 20
belanja_kontraktual = 10
penyelesaian_tagihan = 10
pengelolaan_up_tup = 10
capaian_output = 25

[[ikpa_kategori]]
berlaku_mulai = 2026
sumber = "[U] test: hypothetical bands"
kategori = [{ nama = "Sangat Baik", nilai_min = 90 }, { nama = "Baik", nilai_min = 80 }, { nama = "Kurang", nilai_min = 0 }]
"""


@pytest.fixture(scope="module")
def book_2026(tmp_path_factory: pytest.TempPathFactory) -> RuleBook:
    path: Path = tmp_path_factory.mktemp("rules") / "rules.toml"
    path.write_text(PACKAGED + ROWS_2026, encoding="utf-8")
    return load_rules(path)


def all_figures(rules) -> dict:
    jenis = ikpa.penyerapan_jenis(seed_june(), 6, rules)
    deviasi_facts = money_frame([("A", "51", 600, 52, 50), ("A", "52", 300, 27, 25), ("A", "53", 100, 44, 40)],
                                ["kode_satker", "kode_jenis_belanja", "pagu", "realisasi_bulan", "rpd_bulan"])
    d = ikpa.deviasi_bulan(ikpa.deviasi_jenis(deviasi_facts)).with_columns(pl.lit(6).alias("bulan"))
    dev = ikpa.deviasi_indikator(d, 6, rules)
    nk = ikpa.penyerapan_bulan(jenis)
    estimated = pl.concat([
        nk.select("kode_satker", pl.lit("penyerapan_anggaran").alias("komponen"),
                  pl.col("nilai_kinerja_bulan").alias("nilai"), pl.lit("e").alias("keterangan")),
        dev.select(pl.lit("REGION").alias("kode_satker"), pl.lit("deviasi_halaman_iii").alias("komponen"),
                   "nilai", pl.lit("e").alias("keterangan"))])
    chosen = ikpa.choose_components(estimated, components({}), nk.select("kode_satker"), rules)
    facts = seed_june()
    awal = facts.select("kode_satker", "kode_jenis_belanja", pl.col("pagu").alias("pagu_awal"))
    return {"jenis": jenis.rows(), "deviasi": dev.rows(), "score": ikpa.score(chosen, rules).rows(),
            "execution": ikpa.budget_execution(facts, awal, 6, rules).rows()}


def test_2026_rules_leave_every_2025_figure_unchanged(book_2026: RuleBook) -> None:
    assert all_figures(rules_for(2025, book_2026)) == all_figures(R2025)
    # the 2026 rows do change figures computed with 2026's rules (the test can fail)
    changed = all_figures(rules_for(2026, book_2026))
    assert changed["jenis"] != all_figures(R2025)["jenis"]
    assert changed["deviasi"] != all_figures(R2025)["deviasi"]
    assert changed["score"] != all_figures(R2025)["score"]


def test_budget_execution_shortfall_against_the_triwulan_target() -> None:
    facts = money_frame([("A", "52", 1000, 200, 300)],
                        ["kode_satker", "kode_jenis_belanja", "pagu", "blokir", "realisasi_kumulatif"])
    awal = money_frame([("A", "52", 1200)], ["kode_satker", "kode_jenis_belanja", "pagu_awal"])
    row = ikpa.budget_execution(facts, awal, 6, R2025).row(0, named=True)
    # usable 800, TW II target 50% -> 400; realised 300 -> shortfall 100; 300/800 = 37,5%
    assert (row["pagu_awal"], row["perubahan_pagu"], row["pagu_efektif"]) == (
        Decimal("1200.00"), Decimal("-200.00"), Decimal("800.00"))
    assert (row["target_nominal"], row["kekurangan_target"]) == (Decimal("400.00"), Decimal("100.00"))
    assert row["penyerapan_efektif_pct"] == 37.5 and row["penyerapan_pct"] == 30.0

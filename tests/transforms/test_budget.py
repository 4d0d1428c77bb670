"""transforms.budget on tiny inline frames; every expected figure is worked by hand here."""

from decimal import Decimal as D

import polars as pl
import pytest

from kinerja.transforms.budget import MONEY, akun_facts, budget_tables, derive_realisasi, empty_cumulative


def money_frame(rows: list[dict], money: list[str]) -> pl.DataFrame:
    return pl.DataFrame(rows, schema_overrides={c: MONEY for c in money})


PREV = money_frame([
    {"kode_satker": "000001", "kode_akun": "511111", "realisasi_kumulatif": D("100")},
    {"kode_satker": "000001", "kode_akun": "521111", "realisasi_kumulatif": D("50")},
], ["realisasi_kumulatif"])


def by_key(frame: pl.DataFrame) -> dict:
    return {(r["kode_satker"], r["kode_akun"]): r for r in frame.iter_rows(named=True)}


def test_transactions_add_to_previous_and_carry_idle_keys_forward():
    tx = money_frame([
        {"kode_satker": "000001", "kode_akun": "511111", "nilai": D("10"), "source_row": 2},
        {"kode_satker": "000001", "kode_akun": "511111", "nilai": D("-3"), "source_row": 3},
        {"kode_satker": "000002", "kode_akun": "521111", "nilai": D("7.50"), "source_row": 4},
    ], ["nilai"])
    out = by_key(derive_realisasi(tx, "transactions", PREV))
    a = out[("000001", "511111")]
    assert (a["realisasi_bulan"], a["realisasi_kumulatif"], a["realisasi_kumulatif_prev"]) == (D("7"), D("107"), D("100"))
    assert a["has_negative_correction"] is True and a["source_row"] == 2
    idle = out[("000001", "521111")]  # no SP2D this month: cumulative carried forward
    assert (idle["realisasi_bulan"], idle["realisasi_kumulatif"]) == (D("0"), D("50"))
    new = out[("000002", "521111")]
    assert (new["realisasi_bulan"], new["realisasi_kumulatif"], new["has_negative_correction"]) == (D("7.50"), D("7.50"), False)


def test_cumulative_summary_is_a_snapshot_and_monthly_is_the_difference():
    summary = money_frame([
        {"kode_satker": "000001", "kode_akun": "511111", "realisasi_bulan_ini": None,
         "realisasi_sd_bulan_ini": D("130"), "source_row": 5},
    ], ["realisasi_bulan_ini", "realisasi_sd_bulan_ini"])
    out = by_key(derive_realisasi(summary, "summary", PREV))
    assert out[("000001", "511111")]["realisasi_bulan"] == D("30")
    # 521111 is missing from a cumulative snapshot: its cumulative is 0, a fall of 50 that
    # the gate reports (cumulative.falls) since no negative correction is present.
    gone = out[("000001", "521111")]
    assert (gone["realisasi_kumulatif"], gone["realisasi_bulan"], gone["has_negative_correction"]) == (D("0"), D("-50"), False)


def test_monthly_only_summary_adds_to_previous_and_flags_negative_months():
    summary = money_frame([
        {"kode_satker": "000001", "kode_akun": "521111", "realisasi_bulan_ini": D("-20"),
         "realisasi_sd_bulan_ini": None, "source_row": 2},
    ], ["realisasi_bulan_ini", "realisasi_sd_bulan_ini"])
    out = by_key(derive_realisasi(summary, "summary", PREV))
    row = out[("000001", "521111")]
    assert (row["realisasi_kumulatif"], row["has_negative_correction"]) == (D("30"), True)
    assert out[("000001", "511111")]["realisasi_kumulatif"] == D("100")


def test_january_starts_from_zero():
    tx = money_frame([{"kode_satker": "000001", "kode_akun": "511111", "nilai": D("5"), "source_row": 2}], ["nilai"])
    out = derive_realisasi(tx, "transactions", empty_cumulative())
    assert out["realisasi_kumulatif"].to_list() == [D("5")]


@pytest.fixture
def tables():
    # Kanwil K (000001) and one Lapas L (000002) in region 000001.
    pagu = money_frame([
        {"kode_satker": "000001", "kode_akun": "511111", "pagu": D("1000"), "blokir": D("0")},
        {"kode_satker": "000001", "kode_akun": "521111", "pagu": D("600"), "blokir": D("100")},
        {"kode_satker": "000002", "kode_akun": "521112", "pagu": D("400"), "blokir": D("0")},
    ], ["pagu", "blokir"])
    real = money_frame([
        {"kode_satker": "000001", "kode_akun": "511111", "realisasi_bulan": D("50"), "realisasi_kumulatif": D("500")},
        {"kode_satker": "000001", "kode_akun": "521111", "realisasi_bulan": D("0"), "realisasi_kumulatif": D("50")},
        {"kode_satker": "000002", "kode_akun": "521112", "realisasi_bulan": D("400"), "realisasi_kumulatif": D("440")},
    ], ["realisasi_bulan", "realisasi_kumulatif"])
    satker = pl.DataFrame({"kode_satker": ["000001", "000002"], "nama_satker": ["Kanwil K", "Lapas L"],
                           "jenis_satker": ["KANWIL", "LAPAS"], "kode_kanwil": ["000001", "000001"]})
    return budget_tables(akun_facts(pagu, real), satker)


def test_region_absorption_is_a_ratio_of_sums_not_a_mean_of_percentages(tables):
    region = tables["out_budget_region"].row(0, named=True)
    assert region["pagu"] == D("2000") and region["realisasi_kumulatif"] == D("990")
    assert region["penyerapan_pct"] == pytest.approx(49.5)          # 990 / 2000
    assert region["penyerapan_netto_pct"] == pytest.approx(990 / 1900 * 100)
    # the mean of the unit percentages would be (550/1600 + 440/400)/2 = 72.19%: not this
    assert region["nama_kanwil"] == "Kanwil K" and region["n_satker"] == 2
    assert region["n_akun_over_pagu"] == 1 and region["sisa"] == D("1010")


def test_satker_and_jenis_levels(tables):
    jenis = {(r["kode_satker"], r["jenis_belanja"]): r for r in tables["out_budget_satker_jenis_belanja"].iter_rows(named=True)}
    barang = jenis[("000001", "barang")]
    assert (barang["pagu_netto"], barang["sisa"], barang["sisa_netto"]) == (D("500"), D("550"), D("450"))
    assert barang["penyerapan_netto_pct"] == pytest.approx(10.0)
    assert barang["pagu_share_pct"] == pytest.approx(600 / 1600 * 100)   # within its satker
    per_satker = {r["kode_satker"]: r for r in tables["out_budget_satker"].iter_rows(named=True)}
    assert per_satker["000002"]["pagu_share_pct"] == pytest.approx(20.0)  # 400 of the region's 2000
    assert per_satker["000002"]["penyerapan_pct"] == pytest.approx(110.0)
    region_jenis = {r["jenis_belanja"]: r for r in tables["out_budget_region_jenis_belanja"].iter_rows(named=True)}
    assert region_jenis["barang"]["realisasi_kumulatif"] == D("490")
    assert region_jenis["barang"]["penyerapan_pct"] == pytest.approx(49.0)  # 490 / 1000
    types = {r["jenis_satker"]: r for r in tables["out_budget_jenis_satker"].iter_rows(named=True)}
    assert types["LAPAS"]["n_satker"] == 1 and types["KANWIL"]["pagu"] == D("1600")


def test_every_rollup_equals_sql_over_the_akun_lines():
    # 3 regions x 40 units x 12 akun with blokir, lines over pagu and a unit missing from the
    # master: every level (summed from the satker x jenis belanja sums) equals DuckDB's own
    # GROUP BY over the akun lines, to the rupiah, with the same counts
    import duckdb

    units = [f"{100000 + r * 1000 + u:06d}" for r in range(3) for u in range(40)]
    akun = ["511111", "511129", "512211", "521111", "521211", "522111", "523121", "524111", "532111",
            "533111", "536111", "571111"]
    n = len(units) * len(akun)
    pagu = money_frame([{"kode_satker": s, "kode_akun": a, "pagu": D(1000 + (i * 7919) % 50_000),
                         "blokir": D((i * 13) % 900) if i % 5 == 0 else D(0)}
                        for i, (s, a) in enumerate((s, a) for s in units for a in akun)], ["pagu", "blokir"])
    real = money_frame([{"kode_satker": s, "kode_akun": a, "realisasi_bulan": D((i * 31) % 700) / 4,
                         "realisasi_kumulatif": D((i * 104_729) % 60_000) / 4}
                        for i, (s, a) in enumerate((s, a) for s in units for a in akun) if i % 11],
                       ["realisasi_bulan", "realisasi_kumulatif"])
    satker = pl.DataFrame({"kode_satker": units[:-1], "nama_satker": [f"Unit {u}" for u in units[:-1]],
                           "jenis_satker": [("KANWIL" if int(u[-3:]) == 0 else ("LAPAS", "RUTAN", "BAPAS")[int(u) % 3])
                                            for u in units[:-1]],
                           "kode_kanwil": [u[:3] + "000" for u in units[:-1]]})
    lines = akun_facts(pagu, real)
    tables = budget_tables(lines, satker)
    assert lines.height == n
    con = duckdb.connect()
    con.register("lines", lines.to_arrow())
    con.register("satker", satker.to_arrow())
    base = """SELECT {by}, sum(pagu) AS pagu, sum(blokir) AS blokir, sum(realisasi_bulan) AS realisasi_bulan,
        sum(realisasi_kumulatif) AS realisasi_kumulatif, count(*) FILTER (WHERE is_over_pagu) AS n_akun_over_pagu,
        count(DISTINCT l.kode_satker) AS n_satker
        FROM lines l LEFT JOIN satker s USING (kode_satker) GROUP BY ALL ORDER BY ALL"""
    for table, by in (("out_budget_satker_jenis_belanja", "s.kode_kanwil, l.kode_satker, s.nama_satker, s.jenis_satker, "
                                                          "l.kode_jenis_belanja, l.jenis_belanja"),
                      ("out_budget_satker", "s.kode_kanwil, l.kode_satker, s.nama_satker, s.jenis_satker"),
                      ("out_budget_jenis_satker", "s.kode_kanwil, s.jenis_satker"),
                      ("out_budget_region_jenis_belanja", "s.kode_kanwil, l.kode_jenis_belanja, l.jenis_belanja"),
                      ("out_budget_region", "s.kode_kanwil")):
        expected = con.execute(base.format(by=by)).fetchall()
        keys = [k.split(".")[-1].strip() for k in by.split(",")]
        sums = ["pagu", "blokir", "realisasi_bulan", "realisasi_kumulatif", "n_akun_over_pagu"]
        got = tables[table].sort(keys, nulls_last=True).select(*keys, *sums, *(["n_satker"] if "n_satker" in
                                                                               tables[table].columns else []))
        width = len(keys) + len(sums) + ("n_satker" in tables[table].columns)
        assert sorted(got.rows(), key=str) == sorted([row[:width] for row in expected], key=str), table
    assert tables["out_budget_region"]["kode_kanwil"].null_count() == 1   # the unit missing from the master

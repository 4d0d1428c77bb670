"""The committed sample landing: deterministic, and faithful to the report's figures.

Files are read with plain polars/openpyxl (not the project's readers) and expected values
come from data/seed_facts, never from the generator.
"""

from __future__ import annotations

import io
import re
from collections import defaultdict
from datetime import date
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from kinerja.sample.__main__ import main

ROOT = Path(__file__).resolve().parents[1]
LANDING = ROOT / "data" / "sample" / "landing"
SEED = ROOT / "data" / "seed_facts"
JENIS = {"51": "pegawai", "52": "barang", "53": "modal"}


def amount(text: object) -> int:
    """Parse an Indonesian-notation amount the way a person reads it (test-local helper)."""
    if isinstance(text, (int, float)):
        return int(text)
    s = str(text).strip()
    if s in ("", "-"):
        return 0
    neg = s.startswith("(") and s.endswith(")")
    s = s.strip("()").removeprefix("Rp").strip().removesuffix(",-").removesuffix(",00")
    assert re.fullmatch(r"-?\d{1,3}(\.\d{3})*|-?\d+", s), text
    value = int(s.replace(".", ""))
    return -value if neg else value


def read_csv(path: Path, separator: str, encoding: str = "utf-8-sig") -> pl.DataFrame:
    text = path.read_bytes().decode(encoding)
    return pl.read_csv(io.StringIO(text), separator=separator, infer_schema=False)


def read_xlsx(path: Path) -> tuple[list[str], list[object], list[list[object]], list[object], list[str]]:
    """(title rows, header row, data rows, JUMLAH row, texts after the total)."""
    rows = list(openpyxl.load_workbook(path).active.iter_rows(values_only=True))
    titles = [r[0] for r in rows[:3] if r[0]]
    h = next(i for i, r in enumerate(rows) if r[0] and str(r[0]).lower() == "kode satker")
    t = next(i for i, r in enumerate(rows) if r[0] == "JUMLAH")
    data = [list(r) for r in rows[h + 1:t]]
    after = [str(v) for r in rows[t + 1:] for v in r if v is not None]
    return titles, list(rows[h]), data, list(rows[t]), after


def seed_csv(name: str) -> pl.DataFrame:
    return pl.read_csv(SEED / name, infer_schema=False)


@pytest.fixture(scope="module")
def satker() -> pl.DataFrame:
    return read_csv(LANDING / "reference" / "satker.csv", ",", "utf-8")


@pytest.fixture(scope="module")
def pagu() -> dict[str, dict[tuple[str, str], tuple[int, int]]]:
    """pagu, blokir per (kode_satker, kode_akun) for the January DIPA and revision 1."""
    jan = read_csv(LANDING / "2025-01" / "pagu.csv", ";")
    out = {"jan": {(r["KDSATKER"], r["KDAKUN"]): (amount(r["PAGU"]), amount(r["BLOKIR"])) for r in jan.iter_rows(named=True)}}
    titles, _, data, total, after = read_xlsx(LANDING / "2025-04" / "pagu_revisi_1.xlsx")
    assert titles == ["DAFTAR PAGU DIPA REVISI KE-1", "Periode: April 2025"]
    assert total[4] == sum(r[4] for r in data) and total[5] == sum(r[5] for r in data)
    assert after == ["Mataram, 30 April 2025", "Kepala Bagian Umum"]
    out["rev"] = {(r[0], r[2]): (int(r[4]), int(r[5])) for r in data}
    return out


@pytest.fixture(scope="module")
def cumulative() -> dict[str, dict[tuple[str, str], int]]:
    """Cumulative realisation per (kode_satker, kode_akun) for each month, from each shape,
    checking that every stated monthly figure agrees with the previous cumulative one."""
    cum: dict[str, dict[tuple[str, str], int]] = {}
    jan = read_csv(LANDING / "2025-01" / "realisasi.csv", ";")
    assert set(jan["Bulan"]) == {"Januari"} and set(jan["Tahun"]) == {"2025"}
    cum["01"] = {}
    for r in jan.iter_rows(named=True):
        assert amount(r["Realisasi Bulan Ini"]) == amount(r["Realisasi s.d. Bulan Ini"])
        cum["01"][r["Kode Satker"], r["Kode Akun"]] = amount(r["Realisasi s.d. Bulan Ini"])
    for month, sep, enc, cols in (("02", ",", "utf-8", ("TANGGAL SP2D", "KDSATKER", "KODE AKUN", "NILAI RUPIAH")),
                                  ("04", ";", "cp1252", ("Tanggal SP2D", "Kode Satker", "Akun", "Nilai"))):
        tx = read_csv(LANDING / f"2025-{month}" / "realisasi_sp2d.csv", sep, enc)
        prev = cum[f"{int(month) - 1:02d}"] if month == "02" else None
        if month == "04":
            titles, _, data, total, _ = read_xlsx(LANDING / "2025-03" / "realisasi.xlsx")
            assert titles[-1] == "Periode: Maret 2025" and total[4] == sum(r[4] for r in data)
            cum["03"] = {(r[0], r[2]): int(r[4]) for r in data}
            prev = cum["03"]
        month_total: dict[tuple[str, str], int] = defaultdict(int)
        for r in tx.iter_rows(named=True):
            d = [int(x) for x in re.split(r"[/-]", r[cols[0]])]
            assert date(d[2], d[1], d[0]).month == int(month)
            month_total[r[cols[1]], r[cols[2]]] += amount(r[cols[3]])
        assert min(month_total.values()) > 0
        assert any(amount(v) < 0 for v in tx[cols[3]]), "a refund line"
        cum[month] = {k: v + month_total.get(k, 0) for k, v in prev.items()}
    may = read_csv(LANDING / "2025-05" / "realisasi.csv", ",", "utf-8")
    cum["05"] = {}
    for r in may.iter_rows(named=True):
        key = (r["kdsatker"], r["kdakun"])
        assert cum["04"][key] + int(r["realisasi_bulan_ini"]) == int(r["realisasi_sd_bulan_ini"])
        cum["05"][key] = int(r["realisasi_sd_bulan_ini"])
    titles, _, data, total, after = read_xlsx(LANDING / "2025-06" / "realisasi.xlsx")
    assert titles[-1] == "Periode: Juni 2025" and after[-1] == "Kepala Bagian Umum"
    assert total[4:6] == [sum(r[4] for r in data), sum(r[5] for r in data)]
    cum["06"] = {}
    for r in data:
        assert cum["05"][r[0], r[2]] + r[4] == r[5]
        cum["06"][r[0], r[2]] = int(r[5])
    return cum


def test_committed_files_equal_fresh_generation(tmp_path: Path) -> None:
    main(["--out", str(tmp_path)])
    fresh = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*") if p.is_file())
    committed = sorted(p.relative_to(LANDING) for p in LANDING.rglob("*") if p.is_file())
    # 9 budget + 6 indicator files (issue 3) + narasi.md + 3 IKPA files (rpd.xlsx, rpd_2025-04.csv, ikpa.csv)
    assert fresh == committed and len(fresh) == 19
    for rel in fresh:
        assert (tmp_path / rel).read_bytes() == (LANDING / rel).read_bytes(), rel


def test_satker_master(satker: pl.DataFrame) -> None:
    units = seed_csv("units.csv")
    assert satker["nama_satker"].to_list() == units["unit_name"].to_list()
    assert satker["jenis_satker"].to_list() == units["unit_type"].to_list()
    assert all(re.fullmatch(r"\d{6}", c) for c in satker["kode_satker"]) and satker["kode_satker"].is_unique().all()
    assert any(c.startswith("0") for c in satker["kode_satker"])
    kanwil = satker.filter(pl.col("jenis_satker") == "KANWIL")["kode_satker"].item()
    assert set(satker["kode_kanwil"]) == {kanwil}
    assert set(satker["pulau"]) == {"Lombok", "Sumbawa"}


def _by_unit_jenis(lines: dict[tuple[str, str], tuple[int, int]], names: dict[str, str]) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = defaultdict(int)
    for (kode, akun), (value, _) in lines.items():
        out[names[kode], JENIS[akun[:2]]] += value
    return out


def test_revision_pagu_matches_tables_1_10_and_1_11(pagu, satker) -> None:
    names = dict(zip(satker["kode_satker"], satker["nama_satker"]))
    got = _by_unit_jenis(pagu["rev"], names)
    expected = {}
    for r in seed_csv("budget_2025_upt_pagu.csv").filter(pl.col("unit_name") != "TOTAL_AS_PRINTED").iter_rows(named=True):
        expected |= {(r["unit_name"], j): int(r[f"pagu_{j}"]) for j in JENIS.values() if int(r[f"pagu_{j}"])}
    kanwil = satker.filter(pl.col("jenis_satker") == "KANWIL")["nama_satker"].item()
    for r in seed_csv("budget_2025-06_kanwil.csv").iter_rows(named=True):
        if r["jenis_belanja"] in JENIS.values() and int(r["pagu"]):
            expected[kanwil, r["jenis_belanja"]] = int(r["pagu"])
    assert dict(got) == expected
    assert _by_unit_jenis(pagu["jan"], names) != dict(got), "the January DIPA differs"
    assert pagu["jan"].keys() == pagu["rev"].keys()


def test_blokir(pagu) -> None:
    for version in ("jan", "rev"):
        for (_, akun), (p, b) in pagu[version].items():
            assert 0 <= b <= p
            assert b == 0 or not akun.startswith("51")
    blocked = {k for k, (_, b) in pagu["jan"].items() if b}
    assert len(blocked) >= 5 and any(pagu["jan"][k][1] != pagu["rev"][k][1] for k in blocked)


def test_june_realisation_matches_tables_1_11_and_1_12(cumulative, satker) -> None:
    names = dict(zip(satker["kode_satker"], satker["nama_satker"]))
    per_unit: dict[str, int] = defaultdict(int)
    per_jenis: dict[str, int] = defaultdict(int)
    kanwil_jenis: dict[str, int] = defaultdict(int)
    kanwil = satker.filter(pl.col("jenis_satker") == "KANWIL")["kode_satker"].item()
    for (kode, akun), value in cumulative["06"].items():
        per_unit[names[kode]] += value
        per_jenis[JENIS[akun[:2]]] += value
        if kode == kanwil:
            kanwil_jenis[JENIS[akun[:2]]] += value
    for r in seed_csv("budget_2025-06_upt_realisasi.csv").filter(pl.col("unit_name") != "TOTAL_AS_PRINTED").iter_rows(named=True):
        assert per_unit[r["unit_name"]] == int(r["realisasi_total"]), r["unit_name"]
    for r in seed_csv("budget_2025-06_kanwil.csv").filter(pl.col("jenis_belanja") != "TOTAL_AS_PRINTED").iter_rows(named=True):
        assert kanwil_jenis[r["jenis_belanja"]] == int(r["realisasi"])
    readme = (SEED / "README.md").read_text(encoding="utf-8")
    stated = re.search(r"pegawai ([\d.]+),\s+barang\s+([\d.]+),\s+modal\s+([\d.]+)", readme)
    assert dict(per_jenis) == dict(zip(("pegawai", "barang", "modal"), (amount(g) for g in stated.groups())))


def test_paths_rise_and_stay_under_pagu(cumulative, pagu) -> None:
    months = sorted(cumulative)
    assert months == ["01", "02", "03", "04", "05", "06"]
    for key, (p_jan, _) in pagu["jan"].items():
        bound = min(p_jan, pagu["rev"][key][0]) * 0.95
        path = [cumulative[m][key] for m in months]
        assert path == sorted(path) and path[0] >= 0, key
        assert path[-1] <= bound, key
    first = sum(cumulative["01"].values()) / sum(cumulative["06"].values())
    assert 0.05 < first < 0.15


def test_quirks_present() -> None:
    jan = (LANDING / "2025-01" / "realisasi.csv").read_text(encoding="utf-8")
    assert jan.startswith("\ufeff") and "Rp " in jan and ";-;" in jan
    apr = (LANDING / "2025-04" / "realisasi_sp2d.csv").read_bytes()
    assert b"\x96" in apr and b",00;" in apr and b"\r\n" in apr
    wb = openpyxl.load_workbook(LANDING / "2025-03" / "realisasi.xlsx")
    codes = [r[0] for r in wb.active.iter_rows(min_row=6) if r[0].value and r[0].value != "JUMLAH"]
    assert all(c.data_type == "s" for c in codes) and any(c.value.startswith("0") for c in codes)


def test_scale_mode(tmp_path: Path) -> None:
    main(["--scale", "50", "--months", "2", "--out", str(tmp_path)])
    for rel in ("reference/satker.csv", "2025-01/pagu.csv", "2025-01/realisasi.csv", "2025-02/realisasi_sp2d.csv"):
        assert (tmp_path / rel).is_file(), rel
    satker = read_csv(tmp_path / "reference" / "satker.csv", ",", "utf-8")
    codes = satker["kode_satker"]
    assert satker.height == 50 and codes.is_unique().all()
    assert all(re.fullmatch(r"\d{6}", c) for c in codes)
    assert set(satker["kode_kanwil"]) <= set(codes)
    pagu = read_csv(tmp_path / "2025-01" / "pagu.csv", ";")
    assert set(pagu["KDSATKER"]) == set(codes) and pagu.height == 500

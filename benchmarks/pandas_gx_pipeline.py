"""The competitor kinerja has to beat: a competent pandas + Great Expectations month.

What a data engineer would write in an afternoon for the national month of
``benchmarks/national.py`` (January DIPA and realisasi, ``;`` CSV in Indonesian notation):

1. read both files with pandas' C parser (codes as text; ``thousands='.'``, ``decimal=','``,
   ``-`` as empty: amounts as float64);
2. validate each with GX 1.x through its public API (an ephemeral context, a pandas
   dataframe asset, one suite per file, one ``batch.validate``): not-null, 6-digit code
   patterns, satker membership (a boolean flag computed with ``isin`` and checked as
   ``[True]``: GX deep-copies a 25,000-code value set on every configuration access), value
   ranges, and the key's uniqueness;
3. the absorption group-by (pagu and realisasi per satker, the ratio of sums);
4. write the three frames into a DuckDB file.

It is not kinerja: no strict notation checks (``1,234.50`` is read as a wrong number), no
total rows, no row numbers in messages; it is the floor a plain pipeline gives.
``run(landing, database)`` returns the seconds of each step.
"""

from __future__ import annotations

import time
from pathlib import Path

import duckdb
import great_expectations as gx
import great_expectations.expectations as gxe
import pandas as pd

CODE = r"^\d{6}$"
MAX_AMOUNT = 10**16


def read(landing: Path) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """satker master, January pagu and realisasi as pandas frames with canonical names."""
    satker = pd.read_csv(landing / "reference" / "satker.csv", dtype=str, usecols=["kode_satker"])
    options = dict(sep=";", encoding="utf-8-sig", thousands=".", decimal=",", na_values=["-"],
                   keep_default_na=False, engine="c")
    pagu = pd.read_csv(landing / "2025-01" / "pagu.csv", usecols=["KDSATKER", "KDAKUN", "PAGU", "BLOKIR"],
                       dtype={"KDSATKER": str, "KDAKUN": str, "PAGU": float, "BLOKIR": float}, **options)
    pagu.columns = ["kode_satker", "kode_akun", "pagu", "blokir"]
    realisasi = pd.read_csv(
        landing / "2025-01" / "realisasi.csv",
        usecols=["Kode Satker", "Kode Akun", "Realisasi Bulan Ini", "Realisasi s.d. Bulan Ini"],
        dtype={"Kode Satker": str, "Kode Akun": str, "Realisasi Bulan Ini": float,
               "Realisasi s.d. Bulan Ini": float}, **options)
    realisasi.columns = ["kode_satker", "kode_akun", "realisasi_bulan_ini", "realisasi_sd_bulan_ini"]
    for frame, amounts in ((pagu, ["blokir"]), (realisasi, ["realisasi_bulan_ini", "realisasi_sd_bulan_ini"])):
        frame[amounts] = frame[amounts].fillna(0.0)
    return satker, pagu, realisasi


def _suite(name: str, amounts: list[str], non_negative: list[str]) -> gx.ExpectationSuite:
    expectations = [gxe.ExpectColumnValuesToNotBeNull(column=c) for c in ("kode_satker", "kode_akun", *amounts)]
    expectations += [gxe.ExpectColumnValuesToMatchRegex(column=c, regex=CODE) for c in ("kode_satker", "kode_akun")]
    expectations.append(gxe.ExpectColumnValuesToBeInSet(column="satker_known", value_set=[True]))
    expectations += [gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0, max_value=MAX_AMOUNT)
                     for c in non_negative]
    expectations.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=["kode_satker", "kode_akun"]))
    return gx.ExpectationSuite(name=name, expectations=expectations)


def validate(satker: pd.DataFrame, pagu: pd.DataFrame, realisasi: pd.DataFrame) -> None:
    """Both suites in one ephemeral context; raises when anything failed or raised."""
    context = gx.get_context(mode="ephemeral")
    batches = (context.data_sources.add_pandas("bench").add_dataframe_asset("frame")
               .add_batch_definition_whole_dataframe("whole"))
    codes = set(satker["kode_satker"])
    for name, frame, amounts, non_negative in (
            ("pagu", pagu, ["pagu", "blokir"], ["pagu", "blokir"]),
            ("realisasi", realisasi, ["realisasi_bulan_ini", "realisasi_sd_bulan_ini"], ["realisasi_sd_bulan_ini"])):
        frame["satker_known"] = frame["kode_satker"].isin(codes)
        batch = batches.get_batch(batch_parameters={"dataframe": frame})
        result = batch.validate(_suite(name, amounts, non_negative), result_format={"result_format": "SUMMARY"})
        broken = [r.expectation_config.type for r in result.results
                  if not r.success or (r.exception_info or {}).get("raised_exception")]
        if broken:
            raise RuntimeError(f"{name}: {broken}")
        frame.drop(columns="satker_known", inplace=True)


def absorption(pagu: pd.DataFrame, realisasi: pd.DataFrame) -> pd.DataFrame:
    """Pagu and realisasi per satker and the absorption (ratio of sums, percent)."""
    lines = pagu.merge(realisasi, on=["kode_satker", "kode_akun"], how="outer").fillna(
        {"pagu": 0.0, "blokir": 0.0, "realisasi_bulan_ini": 0.0, "realisasi_sd_bulan_ini": 0.0})
    per_satker = lines.groupby("kode_satker", as_index=False)[["pagu", "realisasi_sd_bulan_ini"]].sum()
    per_satker["penyerapan_pct"] = per_satker["realisasi_sd_bulan_ini"] / per_satker["pagu"] * 100
    return per_satker


def write(database: Path, frames: dict[str, pd.DataFrame]) -> None:
    con = duckdb.connect(str(database))
    try:
        for name, frame in frames.items():
            con.register("_frame", frame)
            con.execute(f"CREATE TABLE {name} AS SELECT * FROM _frame")
            con.unregister("_frame")
    finally:
        con.close()


def run(landing: Path, database: Path) -> dict[str, float]:
    """The month end to end; the seconds of each step."""
    seconds: dict[str, float] = {}
    clock = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal clock
        now = time.perf_counter()
        seconds[name] = now - clock
        clock = now

    satker, pagu, realisasi = read(landing)
    lap("read")
    validate(satker, pagu, realisasi)
    lap("validate")
    per_satker = absorption(pagu, realisasi)
    lap("group")
    write(database, {"pagu": pagu, "realisasi": realisasi, "penyerapan_satker": per_satker})
    lap("write")
    return seconds

"""Where Great Expectations should run for a national pagu file (issue 13, the gate).

    python benchmarks/gate_options.py [--work DIR] [--runs 3]

Reads the national month's January DIPA (``benchmarks/national.py`` generates it under the same
``--work``) with kinerja's reader, then validates it with the pagu suite's rules (not-null,
satker membership, akun prefix, key uniqueness, signs, blokir <= pagu, file period) in four
ways, each run ``--runs`` times in this process after a warm-up (median wall and CPU seconds):

- ``pandas, whole frame``: every column to pandas, ``get_batch`` + ``Batch.validate`` (kinerja
  before issue 13): GX fingerprints the whole frame on each of the two batches it builds;
- ``pandas, columns read, ValidationDefinition``: only the columns the checks read, one batch
  through a ValidationDefinition (what the gate does now);
- ``SQL over DuckDB``: the frame registered in an in-memory DuckDB, GX's SQL execution engine
  through SQLAlchemy (duckdb-engine). GX reads query results after closing the connection and
  DuckDB drops a result when its connection rolls back, so every expectation fails with an
  IndexError unless each result is fetched at once: this script wraps the DBAPI cursor to do
  so (measurement only; the regex check becomes a set check on the akun prefix, as the duckdb
  dialect has no regex in GX);
- ``polars alone``: the same rules as polars expressions, no GX (the floor).
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import polars as pl

RULES = ("not-null x5, satker in master, akun prefix, (satker, akun) unique, pagu >= 0, blokir >= 0, "
         "blokir <= pagu, file period")
PREFIXES = ["51", "52", "53", "54", "55", "56", "57", "58"]


def _frames(work: Path) -> tuple[pl.DataFrame, pl.Series]:
    from kinerja.readers import read_extract
    landing = next(work.glob("national-*/landing"), None)
    if landing is None:
        raise SystemExit(f"no national landing under {work}: run benchmarks/national.py --work {work} first")
    pagu = read_extract(landing / "2025-01" / "pagu.csv", "pagu", landing).data
    codes = pl.read_csv(landing / "reference" / "satker.csv", infer_schema=False)["kode_satker"]
    return pagu, codes


def _checked(pagu: pl.DataFrame, codes: pl.Series) -> pl.DataFrame:
    return pagu.with_columns(
        pl.col("kode_satker").is_in(codes.implode()).alias("satker_known"),
        pl.col("kode_akun").str.slice(0, 2).alias("akun_prefix"),
        pl.when((pl.col("pagu") >= 0) & (pl.col("blokir") >= 0)).then(pl.col("blokir") - pl.col("pagu"))
        .alias("blokir_over_pagu"))


def _expectations(gxe, regex: bool) -> list:
    ex = [gxe.ExpectColumnValuesToNotBeNull(column=c) for c in ("kode_satker", "kode_akun", "pagu", "blokir",
                                                                  "source_row")]
    ex.append(gxe.ExpectColumnValuesToBeInSet(column="satker_known", value_set=[True]))
    ex.append(gxe.ExpectColumnValuesToMatchRegex(column="kode_akun", regex="^(?:" + "|".join(PREFIXES) + ")")
              if regex else gxe.ExpectColumnValuesToBeInSet(column="akun_prefix", value_set=PREFIXES))
    ex.append(gxe.ExpectCompoundColumnsToBeUnique(column_list=["kode_satker", "kode_akun"]))
    ex += [gxe.ExpectColumnValuesToBeBetween(column=c, min_value=0) for c in ("pagu", "blokir")]
    ex.append(gxe.ExpectColumnValuesToBeBetween(column="blokir_over_pagu", max_value=0))
    ex.append(gxe.ExpectColumnValuesToBeInSet(column="file_period", value_set=["2025-01"]))
    return ex


def option_whole_frame(pagu: pl.DataFrame, codes: pl.Series):
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from kinerja.expectations.core import _batch_definition, to_gx_frame

    def run() -> bool:
        batch = _batch_definition().get_batch(batch_parameters={"dataframe": to_gx_frame(_checked(pagu, codes))})
        suite = gx.ExpectationSuite(name="whole", expectations=_expectations(gxe, regex=True))
        return batch.validate(suite, result_format={"result_format": "BOOLEAN_ONLY"}).success
    return run


def option_columns_read(pagu: pl.DataFrame, codes: pl.Series):
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from kinerja.expectations.core import _validation, to_gx_frame

    def run() -> bool:
        checked = _checked(pagu, codes)
        expectations = _expectations(gxe, regex=True)
        frame = to_gx_frame(checked.select(sorted({c for e in expectations for c in
                                                   (getattr(e, "column", None), *(getattr(e, "column_list", None) or ()))
                                                   if c})))
        validation = _validation(gx.ExpectationSuite(name="lean", expectations=expectations))
        return validation.run(batch_parameters={"dataframe": frame},
                              result_format={"result_format": "BOOLEAN_ONLY"}).success
    return run


def option_sql(pagu: pl.DataFrame, codes: pl.Series):
    import duckdb
    import duckdb_engine
    import great_expectations as gx
    import great_expectations.expectations as gxe
    from sqlalchemy.pool import StaticPool

    from kinerja.expectations.core import _raised

    class FetchedCursor(duckdb_engine.CursorWrapper):
        """Fetches each result at once, so it survives the rollback GX's connection close causes."""

        def __init__(self, con: duckdb.DuckDBPyConnection, wrapper) -> None:
            super().__init__(con, wrapper)
            self._con, self._rows, self._description = con, [], None

        def execute(self, statement, parameters=None, context=None) -> None:
            super().execute(statement, parameters, context)
            self._description = self._con.description
            self._rows = self._con.fetchall() if self._description else []

        @property
        def description(self):
            return self._description

        def fetchall(self):
            rows, self._rows = self._rows, []
            return rows

        def fetchone(self):
            return self._rows.pop(0) if self._rows else None

        def fetchmany(self, size=None):
            rows, self._rows = self._rows[:size or 1], self._rows[size or 1:]
            return rows

    class Connection(duckdb_engine.ConnectionWrapper):
        def __init__(self, con: duckdb.DuckDBPyConnection) -> None:
            super().__init__(con)
            self._con = con

        def cursor(self):
            return FetchedCursor(self._con, self)

        def close(self) -> None:      # the connection belongs to this script, not to the pool
            pass

    con = duckdb.connect()

    def register() -> None:
        con.register("pagu_checked", _checked(pagu, codes).to_arrow(compat_level=pl.CompatLevel.newest()))

    register()
    context = gx.get_context(mode="ephemeral")
    source = context.data_sources.add_sql("duckdb", connection_string="duckdb:///:memory:", kwargs={
        "creator": lambda: Connection(con), "poolclass": StaticPool, "pool_reset_on_return": None})
    batches = source.add_table_asset("pagu", table_name="pagu_checked").add_batch_definition_whole_table("whole")
    suite = context.suites.add(gx.ExpectationSuite(name="sql", expectations=_expectations(gxe, regex=False)))
    validation = context.validation_definitions.add(gx.ValidationDefinition(name="sql", data=batches, suite=suite))

    def run() -> bool:
        register()
        result = validation.run(result_format={"result_format": "BOOLEAN_ONLY"})
        return result.success and not any(_raised(r.exception_info) for r in result.results)
    return run


def option_polars(pagu: pl.DataFrame, codes: pl.Series):
    def run() -> bool:
        checked = _checked(pagu, codes)
        return bool(checked.select(pl.all_horizontal(
            pl.col("kode_satker", "kode_akun", "pagu", "blokir", "source_row").is_not_null().all(),
            pl.col("satker_known").all(),
            pl.col("akun_prefix").is_in(PREFIXES).all(),
            ~pl.struct("kode_satker", "kode_akun").is_duplicated().any(),
            (pl.col("pagu") >= 0).all(), (pl.col("blokir") >= 0).all(),
            (pl.col("blokir_over_pagu").fill_null(0) <= 0).all(),
            (pl.col("file_period").is_null() | (pl.col("file_period") == "2025-01")).all())).item())
    return run


OPTIONS = {"pandas, whole frame (before)": option_whole_frame,
           "pandas, columns read, ValidationDefinition (now)": option_columns_read,
           "SQL over DuckDB (fetched cursor)": option_sql,
           "polars alone, no GX (floor)": option_polars}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kinerja-national-bench")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args(argv)
    pagu, codes = _frames(args.work.resolve())
    load = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    print(f"pagu: {pagu.height:,} rows; rules: {RULES}; median of {args.runs}; load average {load}")
    print(f"{'option':<52}{'wall s':>8}{'cpu s':>8}  passed")
    for label, make in OPTIONS.items():
        run = make(pagu, codes)
        run()                                                    # warm-up: imports, contexts
        walls, cpus, ok = [], [], True
        for _ in range(args.runs):
            wall, cpu = time.perf_counter(), time.process_time()
            ok = run() and ok
            walls.append(time.perf_counter() - wall)
            cpus.append(time.process_time() - cpu)
        print(f"{label:<52}{statistics.median(walls):8.2f}{statistics.median(cpus):8.2f}  {ok}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""A national month side by side with its competitors, and re-runs in a long history (issue 13).

    python benchmarks/national.py [--satker 25000] [--akun 60] [--runs 3] [--work DIR]
    python benchmarks/national.py --history [--satker 1000] [--akun 60] [--months 60] [--runs 3] [--work DIR]

**National month** (default). Generates, once per size (cached under ``--work``, default a
folder in the temporary directory), the national month of ``kinerja.sample.scale.
generate_national_month``: N satker x A akun lines in both the January DIPA and the January
realisasi (``;`` CSV, Indonesian notation), and February's SP2D lines for a fifth of the lines.
Then, ``--runs`` rounds, each job in a fresh process, the jobs interleaved within a round:

- ``duckdb``: DuckDB's typed ``read_csv`` of both files into tables of a DuckDB file;
- ``polars``: polars' ``read_csv`` of both files with the amounts cast to Decimal(18, 2);
- ``pandas+gx``: ``benchmarks/pandas_gx_pipeline.py`` (read, GX validation, group-by, DuckDB write);
- ``kinerja``: ``kinerja.pipeline.refresh_landing`` of 2025-01 into an empty home, by stage
  (read, gate 1, derive, gate 2, write, publish, the rest), then 2025-02 (the SP2D month) in
  the same home; the process's start-up (imports of kinerja and Great Expectations) apart.

Each child reports its peak RSS (``resource.getrusage`` in the child). Printed: the median of
the runs per job and stage, the ratios the issue's goal is stated in, and the load average.

**History** (``--history``): a landing of M months from January 2025 at N satker; a home
holding the months before the re-run month ``--rerun`` (default: June of the last year, so
six later months of its year follow it) and one holding all M months are built once per code
version (cached under ``--work``). Timed, each in a fresh process on a fresh copy of the home:
the first run of the re-run month (in the home that stops before it), and its ``--force``
re-run in the full home (later months of the year as dependents, one publish). Printed: both
times, their ratio, and the publish time of each.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
PERIOD, SP2D_PERIOD = "2025-01", "2025-02"
# kinerja's stages in the order of the journey; "other" is what no step covers (lock, opening
# the working DB, lineage, pruning).
STAGES = ("read", "gate 1", "derive", "gate 2", "write", "publish", "other")
JOBS = ("duckdb", "polars", "pandas+gx", "kinerja")


# --- children: each runs in its own process and prints one JSON line -------------------------

def _peak_mb() -> float:
    import resource
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def child_duckdb(landing: Path, scratch: Path) -> dict:
    import duckdb
    database = scratch / "duckdb.duckdb"
    database.unlink(missing_ok=True)
    started = time.perf_counter()
    con = duckdb.connect(str(database))
    options = "delim=';', header=true, decimal_separator=',', thousands='.', nullstr=['-']"
    con.execute(f"""CREATE TABLE pagu AS SELECT * FROM read_csv('{landing}/{PERIOD}/pagu.csv', {options},
        columns={{'KDSATKER': 'VARCHAR', 'NMSATKER': 'VARCHAR', 'KDAKUN': 'VARCHAR', 'NMAKUN': 'VARCHAR',
                 'PAGU': 'DECIMAL(18,2)', 'BLOKIR': 'DECIMAL(18,2)'}})""")
    con.execute(f"""CREATE TABLE realisasi AS SELECT * FROM read_csv('{landing}/{PERIOD}/realisasi.csv', {options},
        columns={{'Tahun': 'INTEGER', 'Bulan': 'VARCHAR', 'Kode Satker': 'VARCHAR', 'Nama Satker': 'VARCHAR',
                 'Kode Akun': 'VARCHAR', 'Realisasi Bulan Ini': 'DECIMAL(18,2)',
                 'Realisasi s.d. Bulan Ini': 'DECIMAL(18,2)'}})""")
    rows = con.execute("SELECT (SELECT count(*) FROM pagu) + (SELECT count(*) FROM realisasi)").fetchall()[0][0]
    con.close()
    return {"total": time.perf_counter() - started, "rows": rows, "peak_mb": _peak_mb()}


def child_polars(landing: Path, scratch: Path) -> dict:
    import polars as pl
    started = time.perf_counter()

    def amount(column: str) -> pl.Expr:
        text = pl.col(column).str.strip_chars()
        return (pl.when(text == "-").then(pl.lit("0")).otherwise(text)
                .str.replace_all(".", "", literal=True).str.replace(",", ".", literal=True)
                .cast(pl.Decimal(18, 2)).alias(column))

    pagu = pl.read_csv(landing / PERIOD / "pagu.csv", separator=";", infer_schema=False).with_columns(
        amount("PAGU"), amount("BLOKIR"))
    realisasi = pl.read_csv(landing / PERIOD / "realisasi.csv", separator=";", infer_schema=False).with_columns(
        pl.col("Tahun").cast(pl.Int32), amount("Realisasi Bulan Ini"), amount("Realisasi s.d. Bulan Ini"))
    return {"total": time.perf_counter() - started, "rows": pagu.height + realisasi.height, "peak_mb": _peak_mb()}


def child_pandas_gx(landing: Path, scratch: Path) -> dict:
    started = time.perf_counter()
    sys.path.insert(0, str(REPO / "benchmarks"))
    import pandas_gx_pipeline                       # imports pandas, GX and duckdb
    startup = time.perf_counter() - started
    database = scratch / "pandas_gx.duckdb"
    database.unlink(missing_ok=True)
    steps = pandas_gx_pipeline.run(landing, database)
    return {"total": sum(steps.values()), "startup": startup, "steps": steps, "peak_mb": _peak_mb()}


def _timed_refresh(landing: Path, home: Path, period: str | None = None, force: bool = False,
                   period_from: str | None = None, period_to: str | None = None) -> dict:
    """One ``refresh_landing`` with the seconds of each stage (summed over its periods)."""
    from kinerja import expectations
    from kinerja.pipeline import refresh_landing

    seconds = dict.fromkeys(STAGES, 0.0)
    gate2 = [0.0]

    def gate_two(fn):
        def timed(*args, **kwargs):
            clock = time.perf_counter()
            try:
                return fn(*args, **kwargs)
            finally:
                gate2[0] += time.perf_counter() - clock
        return timed

    originals = {name: getattr(expectations, name) for name in ("gate_budget", "gate_indicators", "gate_rpd_pagu")}
    for name, fn in originals.items():
        setattr(expectations, name, gate_two(fn))
    stage_of = {"read": "read", "gate": "gate 1", "derive": "derive", "write": "write", "publish": "publish"}

    def step(name: str, fn, *args):
        clock = time.perf_counter()
        try:
            return fn(*args)
        finally:
            kind = name[:-8] if name[-8:-7] == "-" and name[-7:-3].isdigit() else name   # drop "-YYYY-MM"
            seconds[stage_of.get(kind, "other")] += time.perf_counter() - clock

    started = time.perf_counter()
    try:
        result = refresh_landing(landing, home, period=period, period_from=period_from, period_to=period_to,
                                 force=force, step=step)
    finally:
        for name, fn in originals.items():
            setattr(expectations, name, fn)
    total = time.perf_counter() - started
    seconds["derive"] -= gate2[0]
    seconds["gate 2"] = gate2[0]
    seconds["other"] = total - sum(v for k, v in seconds.items() if k != "other")
    statuses: dict[str, int] = {}
    for status in result.periods.values():
        statuses[status] = statuses.get(status, 0) + 1
    return {"total": total, "stages": seconds, "statuses": statuses, "periods": len(result.periods)}


def _fact_floor(published: Path, scratch: Path) -> float:
    """Seconds to write the published file's akun-level fact (1,5 M rows for the national month)
    into a new file in the storage version kinerja publishes, its primary key declared once the
    rows are in, in one transaction, read from a finished table: what writing the BI model's akun
    lines with their key costs at the least, whatever computes them."""
    import duckdb
    from kinerja import metadata
    from kinerja.warehouse.model import STORAGE_VERSION

    table = metadata.table("fact_budget_akun")
    target = scratch / "fact_floor.duckdb"
    target.unlink(missing_ok=True)
    con = duckdb.connect()
    con.execute(f"ATTACH '{published}' AS served (READ_ONLY)")
    con.execute(f"ATTACH '{target}' AS floor (STORAGE_VERSION '{STORAGE_VERSION}')")
    started = time.perf_counter()
    con.execute("BEGIN TRANSACTION")
    con.execute(table.create_sql("floor", if_not_exists=False, key=False))
    con.execute(f"INSERT INTO {table.qualified('floor')} SELECT * FROM served.main.fact_budget_akun")
    con.execute(table.add_key_sql("floor"))
    con.execute("COMMIT")
    seconds = time.perf_counter() - started
    con.close()
    target.unlink()
    return seconds


def child_kinerja(landing: Path, scratch: Path) -> dict:
    started = time.perf_counter()
    import kinerja.pipeline  # noqa: F401  (start-up: the package and its rooms)
    from kinerja.expectations.gx import gx
    gx.ExpectationSuite                                # Great Expectations is imported on first use
    startup = time.perf_counter() - started
    home = scratch / "kinerja_home"
    shutil.rmtree(home, ignore_errors=True)
    month = _timed_refresh(landing, home, PERIOD)
    month["peak_mb"] = _peak_mb()
    month["fact_floor"] = _fact_floor(home / "published" / "kinerja.duckdb", scratch)
    sp2d = _timed_refresh(landing, home, SP2D_PERIOD)
    sp2d["peak_mb"] = _peak_mb()
    shutil.rmtree(home, ignore_errors=True)
    return {"total": month["total"], "startup": startup, "stages": month["stages"], "peak_mb": month["peak_mb"],
            "fact_floor": month["fact_floor"], "sp2d": sp2d}


def child_history(landing: Path, home: Path, period: str, force: str) -> dict:
    started = time.perf_counter()
    import kinerja.pipeline  # noqa: F401
    from kinerja.expectations.gx import gx
    gx.ExpectationSuite
    startup = time.perf_counter() - started
    run = _timed_refresh(landing, home, period, force=force == "force")
    run["startup"], run["peak_mb"] = startup, _peak_mb()
    return run


def child_build(landing: Path, home: Path, period_from: str, period_to: str) -> dict:
    return _timed_refresh(landing, home, period_from=period_from, period_to=period_to)


CHILDREN = {"duckdb": child_duckdb, "polars": child_polars, "pandas+gx": child_pandas_gx, "kinerja": child_kinerja,
            "history": child_history, "build": child_build}


def _run_child(name: str, *args: object) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PREFECT_API_URL"}
    proc = subprocess.run([sys.executable, __file__, "--child", name, *map(str, args)], capture_output=True,
                          text=True, cwd=REPO, env=env)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child {name} failed:\n{proc.stderr[-6000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


# --- the parent ---------------------------------------------------------------------------

def _load() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


def _median(values: list[float]) -> float:
    return statistics.median(values)


def _ensure(folder: Path, make) -> Path:
    """``folder`` made once by ``make(tmp)``; a half-made folder from a stopped run is redone."""
    done = folder / ".complete"
    if not done.exists():
        shutil.rmtree(folder, ignore_errors=True)
        make(folder)
        done.write_text(time.strftime("%Y-%m-%d %H:%M:%S"))
    return folder


def _fmt(seconds: float) -> str:
    return f"{seconds:8.2f}"


def national(args: argparse.Namespace) -> None:
    from kinerja.sample.scale import generate_national_month

    landing = args.work / f"national-{args.satker}x{args.akun}" / "landing"
    clock = time.perf_counter()
    _ensure(landing.parent, lambda folder: generate_national_month(args.satker, args.akun, folder / "landing"))
    print(f"landing {landing} ({time.perf_counter() - clock:.1f} s to ensure); "
          f"pagu {(landing / PERIOD / 'pagu.csv').stat().st_size / 1e6:.0f} MB, "
          f"realisasi {(landing / PERIOD / 'realisasi.csv').stat().st_size / 1e6:.0f} MB", flush=True)
    scratch = args.work / "scratch"
    scratch.mkdir(parents=True, exist_ok=True)
    load_before = _load()
    runs: dict[str, list[dict]] = {job: [] for job in args.jobs}
    for round_ in range(1, args.runs + 1):
        for job in args.jobs:
            runs[job].append(_run_child(job, landing, scratch))
            r = runs[job][-1]
            print(f"  round {round_} {job:<10} {r['total']:6.2f} s  peak {r['peak_mb']:6.0f} MB  "
                  f"load {_load()}", flush=True)
    rows = 2 * args.satker * args.akun
    print(f"\nNational month: {args.satker:,} satker x {args.akun} akun, {rows:,} input rows "
          f"(pagu + realisasi); median of {args.runs}; load average {load_before} before, {_load()} after")
    print(f"{'job':<34}{'seconds':>8}{'peak MB':>9}")
    median = {job: _median([r["total"] for r in runs[job]]) for job in args.jobs}
    for job in args.jobs:
        label = {"duckdb": "DuckDB typed read into a file", "polars": "polars typed read",
                 "pandas+gx": "pandas + GX pipeline", "kinerja": "kinerja refresh 2025-01"}[job]
        print(f"{label:<34}{_fmt(median[job])}{_median([r['peak_mb'] for r in runs[job]]):9.0f}")
        if job == "pandas+gx":
            for step in runs[job][0]["steps"]:
                print(f"  {step:<32}{_fmt(_median([r['steps'][step] for r in runs[job]]))}")
            print(f"  {'(start-up: imports)':<32}{_fmt(_median([r['startup'] for r in runs[job]]))}")
        if job == "kinerja":
            for stage in STAGES:
                print(f"  {stage:<32}{_fmt(_median([r['stages'][stage] for r in runs[job]]))}")
            print(f"  {'(start-up: imports incl. GX)':<32}{_fmt(_median([r['startup'] for r in runs[job]]))}")
            sp2d = [r["sp2d"] for r in runs[job]]
            print(f"{'kinerja refresh 2025-02 (SP2D)':<34}{_fmt(_median([s['total'] for s in sp2d]))}"
                  f"{_median([s['peak_mb'] for s in sp2d]):9.0f}")
            for stage in STAGES:
                print(f"  {stage:<32}{_fmt(_median([s['stages'][stage] for s in sp2d]))}")
    if "kinerja" in median:
        print("\nGoal (issue 13)                          value   goal")
        if "duckdb" in median:
            print(f"kinerja / DuckDB typed read          {median['kinerja'] / median['duckdb']:8.2f}x  <= 2x")
        if "pandas+gx" in median:
            print(f"pandas+GX / kinerja                  {median['pandas+gx'] / median['kinerja']:8.2f}x  >= 2x")
        print(f"kinerja peak RSS                     {_median([r['peak_mb'] for r in runs['kinerja']]) / 1024:8.2f} GB"
              f"  <= 1.2 GB")
        if {"duckdb", "polars", "pandas+gx"} <= set(median):
            _floor(runs, median)


def _floor(runs: dict[str, list[dict]], median: dict[str, float]) -> None:
    """The least a refresh under the issue's own constraints can take, from this run's medians:
    reading the files (polars' typed read, which checks nothing), Great Expectations validating
    the rows (kinerja's gates 1 and 2), and writing the akun-level fact with its key in the
    1.x storage version (:func:`_fact_floor`); derive, raw and core writes and the reporting
    tables counted as free."""
    gates = _median([r["stages"]["gate 1"] + r["stages"]["gate 2"] for r in runs["kinerja"]])
    fact = _median([r["fact_floor"] for r in runs["kinerja"]])
    floor = median["polars"] + gates + fact
    print(f"\nFloor under the issue's constraints: polars typed read {median['polars']:.2f} + GX gates {gates:.2f}"
          f" + akun fact with its key {fact:.2f} = {floor:.2f} s")
    print(f"floor / DuckDB typed read            {floor / median['duckdb']:8.2f}x  <= 2x")
    print(f"pandas+GX / floor                    {median['pandas+gx'] / floor:8.2f}x  >= 2x")


def history(args: argparse.Namespace) -> None:
    from kinerja.periods import Period
    from kinerja.sample.scale import YEAR, generate_history
    from kinerja.version import code_version

    periods = [Period(YEAR + i // 12, i % 12 + 1) for i in range(args.months)]
    rerun = Period.parse(args.rerun) if args.rerun else periods[-7] if len(periods) > 7 else periods[-1]
    if rerun not in periods:
        raise SystemExit(f"--rerun {rerun} is not one of the {args.months} months")
    base = args.work / f"history-{args.satker}x{args.akun}x{args.months}"
    landing = base / "landing"
    clock = time.perf_counter()
    _ensure(base / "landing", lambda folder: generate_history(args.satker, args.akun, args.months, folder))
    before_home = base / f"home-{code_version()}-before-{rerun}"
    full_home = base / f"home-{code_version()}-full"
    first, last, before = str(periods[0]), str(periods[-1]), str(rerun.previous())

    def build(home: Path, start: str, end: str, seed: Path | None = None) -> None:
        if seed is not None:
            shutil.copytree(seed, home, ignore=shutil.ignore_patterns(".complete"))
        built = _run_child("build", landing, home, start, end)
        print(f"  built {home.name}: {start}..{end}, {built['total']:.1f} s", flush=True)

    if rerun != periods[0]:
        _ensure(before_home, lambda home: build(home, first, before))
    _ensure(full_home, lambda home: build(home, str(rerun), last, before_home if rerun != periods[0] else None))
    print(f"landing and homes ready under {base} ({time.perf_counter() - clock:.1f} s)", flush=True)
    scratch = args.work / "scratch" / "history_home"
    load_before = _load()
    first_runs, reruns = [], []
    for round_ in range(1, args.runs + 1):
        for kind, seed, out in (("first", before_home, first_runs), ("force", full_home, reruns)):
            shutil.rmtree(scratch, ignore_errors=True)
            if kind == "first" and rerun == periods[0]:
                scratch.mkdir(parents=True)
            else:
                shutil.copytree(seed, scratch, ignore=shutil.ignore_patterns(".complete"))
            out.append(_run_child("history", landing, scratch, rerun, kind))
            r = out[-1]
            print(f"  round {round_} {kind:<6} {r['total']:6.2f} s  publish {r['stages']['publish']:5.2f} s  "
                  f"periods {r['statuses']}  load {_load()}", flush=True)
    shutil.rmtree(scratch, ignore_errors=True)
    first_s = _median([r["total"] for r in first_runs])
    rerun_s = _median([r["total"] for r in reruns])
    print(f"\nHistory: {args.months} months at {args.satker:,} satker x {args.akun} akun; re-run month {rerun}; "
          f"median of {args.runs}; load average {load_before} before, {_load()} after")
    print(f"{'':<50}{'seconds':>8}{'publish':>9}")
    print(f"{f'first run of {rerun} (home up to {before})':<50}{_fmt(first_s)}"
          f"{_fmt(_median([r['stages']['publish'] for r in first_runs])):>9}")
    print(f"{f'--force re-run of {rerun} (home up to {last})':<50}{_fmt(rerun_s)}"
          f"{_fmt(_median([r['stages']['publish'] for r in reruns])):>9}")
    print(f"  periods in the re-run: {reruns[-1]['statuses']}")
    for stage in STAGES:
        print(f"  {stage:<48}{_fmt(_median([r['stages'][stage] for r in reruns]))}")
    print(f"\nre-run / first run {rerun_s / first_s:8.2f}x  (goal <= 1.2x)")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] == "--child":
        name, *rest = argv[1:]
        print(json.dumps(CHILDREN[name](*(Path(a) if "/" in a else a for a in rest))))
        return 0
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--history", action="store_true", help="the re-run/publish benchmark in a long history")
    parser.add_argument("--satker", type=int, help="satker (default 25000; 1000 with --history)")
    parser.add_argument("--akun", type=int, default=60, help="akun lines per satker (default 60)")
    parser.add_argument("--months", type=int, default=60, help="months of history (--history; default 60)")
    parser.add_argument("--rerun", help="YYYY-MM re-run with --force (--history; default June of the last year)")
    parser.add_argument("--runs", type=int, default=3, help="rounds; medians are printed (default 3)")
    parser.add_argument("--jobs", nargs="+", choices=JOBS, default=list(JOBS), help="jobs to run (default all)")
    parser.add_argument("--work", type=Path, default=Path(tempfile.gettempdir()) / "kinerja-national-bench",
                        help="cache of generated landings and homes, and scratch space")
    args = parser.parse_args(argv)
    args.satker = args.satker or (1000 if args.history else 25000)
    args.work = args.work.resolve()
    args.work.mkdir(parents=True, exist_ok=True)
    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load average {_load()}", flush=True)
    (history if args.history else national)(args)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

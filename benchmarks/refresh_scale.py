"""Time a full refresh of one month at growing scale, beside DuckDB's bare read_csv.

    python benchmarks/refresh_scale.py [--satker 14 1000 25000] [--out benchmarks/out]

For each N it generates a synthetic landing of N satker (``python -m kinerja.sample
--scale N``: reference master, January DIPA and January realisasi as Indonesian-notation
`;` CSV), then in a fresh process each:

- ``duckdb read_csv``: DuckDB's own parallel CSV reader over the same pagu and realisasi
  files (Indonesian decimals and thousands), no checks: the floor of "just load it";
- ``kinerja refresh``: the real Prefect flow for 2025-01 (read, strict number validation,
  GX gate 1 and 2, transforms, one transaction, publish, artifact), timed after a warm-up
  flow so the temporary Prefect server's start-up is not counted.

It prints wall seconds, input rows per second and the process's peak RSS. Figures, not
assertions: speed lives here, tests check correctness.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]

DUCKDB_CHILD = r"""
import json, resource, sys, time, duckdb
landing = sys.argv[1]
t = time.perf_counter()
con = duckdb.connect()
rows = 0
for name in ("pagu", "realisasi"):
    rows += con.execute(f"SELECT count(*) FROM read_csv('{landing}/2025-01/{name}.csv', delim=';', header=true, "
                        "decimal_separator=',', thousands='.', all_varchar=false)").fetchall()[0][0]
print(json.dumps({"seconds": time.perf_counter() - t, "rows": rows,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""

KINERJA_CHILD = r"""
import json, os, resource, sys, time
os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
from prefect import flow
from kinerja.flows.refresh import refresh
import polars as pl

@flow
def warm_up():
    return 1

landing, home = sys.argv[1], sys.argv[2]
warm_up()
t = time.perf_counter()
refresh(period="2025-01", landing=landing, home=home)
seconds = time.perf_counter() - t
rows = sum(pl.scan_csv(f"{landing}/2025-01/{n}.csv", separator=";").select(pl.len()).collect().item()
           for n in ("pagu", "realisasi"))
print(json.dumps({"seconds": seconds, "rows": rows,
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(code: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True, cwd=REPO)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{proc.stderr[-4000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--satker", type=int, nargs="+", default=[14, 1000, 25000])
    parser.add_argument("--out", type=Path, default=REPO / "benchmarks" / "out")
    args = parser.parse_args(argv)
    print(f"{'satker':>7} {'rows':>9} {'step':<18} {'seconds':>8} {'rows/s':>11} {'peak MB':>8}")
    for n in args.satker:
        landing, home = args.out / f"landing_{n}", args.out / f"home_{n}"
        subprocess.run([sys.executable, "-m", "kinerja.sample", "--scale", str(n), "--months", "1",
                        "--out", str(landing)], check=True, cwd=REPO, capture_output=True)
        subprocess.run(["rm", "-rf", str(home)], check=True)
        for step, code, extra in (("duckdb read_csv", DUCKDB_CHILD, ()),
                                  ("kinerja refresh", KINERJA_CHILD, (str(home),))):
            r = _child(code, str(landing), *extra)
            print(f"{n:>7} {r['rows']:>9} {step:<18} {r['seconds']:>8.2f} {r['rows'] / r['seconds']:>11,.0f} "
                  f"{r['peak_mb']:>8.0f}", flush=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""National run at scale: serial against Prefect's Dask task runner with 1 and 2 workers.

    .venv/bin/python benchmarks/regions.py [--work DIR] [--sizes 33x500,34x25000]

For each size (regions x satker in all) it writes a SYNTHETIC national month (January 2025:
satker master, DIPA and realisasi per region, ten akun per satker, Indonesian notation) under
``--work``, then refreshes and publishes it three times into fresh homes: serially in this
process (``refresh_national``), and through the ``national`` flow on a local Dask cluster of
one and of two worker processes (a temporary Prefect server is started for those). It prints
wall time, speed-up against serial, the national publish's share, and the peak resident
memory of each process that ran regions (this process when serial, each Dask worker else).
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import sys
import time
from pathlib import Path

import polars as pl

from kinerja.periods import Period
from kinerja.sample import writers

AKUN = ("511111", "511121", "511129", "512211", "521111", "521211", "522111", "523121", "524111", "532111")
TYPES = ("LAPAS", "RUTAN", "BAPAS", "LPKA", "RUPBASAN")


def write_landing(out: Path, regions: int, satker: int) -> None:
    """``regions`` regions sharing ``satker`` units (the first of each is its Kanwil), January 2025."""
    per = satker // regions
    for r in range(regions):
        n = per + (1 if r < satker % regions else 0)
        i = pl.int_range(n, dtype=pl.Int64, eager=True)
        units = pl.DataFrame({"i": i}).select(
            (pl.lit(f"{10 + r:02d}") + pl.col("i").cast(pl.String).str.zfill(4)).alias("kode_satker"),
            pl.concat_str(pl.lit("Satker Sintetis "), pl.lit(f"{r:02d}-"), pl.col("i").cast(pl.String)).alias("nama_satker"),
            pl.when(pl.col("i") == 0).then(pl.lit("KANWIL"))
            .otherwise(pl.col("i").mod(len(TYPES)).replace_strict(dict(enumerate(TYPES)), return_dtype=pl.String))
            .alias("jenis_satker"),
            pl.lit(f"{10 + r:02d}0000").alias("kode_kanwil"),
            pl.lit(f"Kabupaten Sintetis {r:02d}").alias("kabupaten"), pl.lit("Pulau Sintetis").alias("pulau"))
        lines = units.join(pl.DataFrame({"kode_akun": AKUN}), how="cross").with_row_index("k").with_columns(
            pl.Series("nama_akun", ["Akun sintetis"] * (n * len(AKUN))),
            ((pl.col("k").cast(pl.Int64) * 2654435761 % 900_000 + 100_000) * 1000).alias("pagu"),
            pl.lit(0, dtype=pl.Int64).alias("blokir"))
        lines = lines.with_columns((pl.col("pagu") * (60 + pl.col("k").cast(pl.Int64) % 40) // 1200)
                                   .alias("realisasi_sd_bulan_ini")).with_columns(
            pl.col("realisasi_sd_bulan_ini").alias("realisasi_bulan_ini"))
        root = out / f"{10 + r:02d}0000"
        writers.write_satker_csv(units, root / "reference" / "satker.csv")
        writers.write_pagu_csv(lines, root / "2025-01" / "pagu.csv")
        writers.write_summary_semicolon_csv(lines, root / "2025-01" / "realisasi.csv", Period(2025, 1))


def _serial(landing: Path, home: Path) -> tuple[float, float, list[float], int]:
    from kinerja.pipeline.national import refresh_national

    started = time.perf_counter()
    result = refresh_national(landing, home, period="2025-01")
    wall = time.perf_counter() - started
    return wall, result.publish_seconds, [resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024], len(result.failed)


def _dask(landing: Path, home: Path, workers: int) -> tuple[float, float, list[float], int]:
    from kinerja.flows.national import national

    started = time.perf_counter()
    result = national(period="2025-01", landing=str(landing), home=str(home), parallel=workers)
    wall = time.perf_counter() - started
    peaks: dict[str, float] = {}
    for r in result.regions:
        peaks[r.worker] = max(peaks.get(r.worker, 0.0), r.peak_rss_mb)
    return wall, result.publish_seconds, sorted(peaks.values()), len(result.failed)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--work", type=Path, default=Path("/tmp/kinerja-regions-bench"))
    parser.add_argument("--sizes", default="33x500,34x25000", help="regions x satker, comma-separated")
    parser.add_argument("--modes", default="serial,dask-1,dask-2")
    args = parser.parse_args(argv)
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from kinerja.tempserver import temporary_server

    rows = []
    with temporary_server(args.work / "prefect-server.log", 120) as url:
        os.environ["PREFECT_API_URL"] = url
        for size in args.sizes.split(","):
            regions, satker = (int(x) for x in size.split("x"))
            landing = args.work / f"landing-{size}"
            if not landing.exists():
                started = time.perf_counter()
                write_landing(landing, regions, satker)
                print(f"{size}: landing written in {time.perf_counter() - started:.1f} s", flush=True)
            base = None
            for mode in args.modes.split(","):
                home = args.work / f"home-{size}-{mode}"
                shutil.rmtree(home, ignore_errors=True)
                if mode == "serial":
                    wall, publish, peaks, failed = _serial(landing, home)
                else:
                    wall, publish, peaks, failed = _dask(landing, home, int(mode.split("-")[1]))
                base = base or (wall if mode == "serial" else None)
                speedup = f"{base / wall:.2f}x" if base else "-"
                line = (f"{size:>9}  {mode:<7} wall {wall:7.1f} s  speed-up {speedup:>6}  national publish {publish:5.1f} s  "
                        f"peak MB per process {', '.join(f'{p:.0f}' for p in peaks)}  failed regions {failed}")
                print(line, flush=True)
                rows.append(line)
        if any(m != "serial" for m in args.modes.split(",")):
            from kinerja.flows.refresh import drain_to_server

            drain_to_server()       # the run's last logs and events, before the temporary server stops
    print("\n".join(["", f"python {sys.version.split()[0]}, {os.cpu_count()} cores, load {os.getloadavg()[0]:.1f}",
                     *rows]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""The ``kinerja`` command. It calls the same Prefect flows a deployment runs.

    kinerja run [--period YYYY-MM | --from YYYY-MM [--to YYYY-MM]] [--force] [--landing DIR] [--home DIR]
    kinerja backfill --from YYYY-MM [--to YYYY-MM] [--force] [--landing DIR] [--home DIR]
    kinerja report --period YYYY-MM [--format xlsx,docx,html,md] [--home DIR] [--out DIR]

``backfill`` is ``run`` with a range (one implementation). Without a period, every
``YYYY-MM`` folder of the landing is refreshed in order. A period whose files, earlier
periods and code are unchanged since its last refresh is skipped unless --force; later
periods already refreshed in the home are re-computed when an earlier one changes. Defaults
serve the shipped sample: the landing shipped inside the package, home ``.kinerja`` (relative
to the current directory; override with --landing/--home or KINERJA_LANDING/KINERJA_HOME).

Exit status: 0 refreshed and published; 1 a period failed its gate or could not be read
(earlier periods of a range are published, the failing one is named); 2 wrong arguments;
3 another run holds the home.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

EXIT_FAILED, EXIT_USAGE, EXIT_BUSY = 1, 2, 3


def _common(cmd: argparse.ArgumentParser) -> None:
    cmd.add_argument("--to", dest="period_to", help="last period of a range, YYYY-MM (default: last landed)")
    cmd.add_argument("--force", action="store_true", help="refresh periods even when nothing changed")
    cmd.add_argument("--landing", default=os.environ.get("KINERJA_LANDING"),
                     help="landing folder with <YYYY-MM>/ and reference/ (default: the shipped sample)")
    cmd.add_argument("--home", default=os.environ.get("KINERJA_HOME", ".kinerja"),
                     help="folder holding all state: working DB, published DB, gate reports (default: %(default)s)")
    cmd.add_argument("--over-pagu-fail-ratio", default=None,
                     help="cumulative realisasi above pagu x this ratio fails the gate; above pagu "
                          "alone is a warning (default: the rule in force for the fiscal year)")
    cmd.add_argument("--capaian-cap", type=float, default=None,
                     help="cap indicator capaian (percent, e.g. 120) (default: the rule in force for the "
                          "fiscal year)")
    cmd.add_argument("--wait", type=float, default=900.0, metavar="SECONDS",
                     help="how long to wait for another run on the same home (default: %(default)s)")


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="kinerja", description=__doc__.split("\n\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    run = sub.add_parser("run", help="refresh one period or a range, gate it, publish it")
    which = run.add_mutually_exclusive_group()
    which.add_argument("--period", help="one period, YYYY-MM")
    which.add_argument("--from", dest="period_from", help="first period of a range, YYYY-MM")
    _common(run)
    backfill = sub.add_parser("backfill", help="refresh a range of periods in order (same as run --from --to)")
    backfill.add_argument("--from", dest="period_from", required=True, help="first period, YYYY-MM")
    backfill.set_defaults(period=None)
    _common(backfill)
    rep = sub.add_parser("report", help="write the LKjIP tables, narrative and charts of a published period")
    rep.add_argument("--period", required=True, help="the period, YYYY-MM (must be published)")
    rep.add_argument("--format", default="xlsx,docx,html,md", help="comma-separated formats (default: %(default)s)")
    rep.add_argument("--home", default=os.environ.get("KINERJA_HOME", ".kinerja"),
                     help="the home whose published DB is read (default: %(default)s)")
    rep.add_argument("--out", help="output folder (default: <home>/reports/<period>)")
    return parser


def _report(args: argparse.Namespace) -> int:
    from kinerja import report
    from kinerja.warehouse.home import Home

    home = Home(Path(args.home))
    out = Path(args.out) if args.out else home.report_dir(args.period)
    try:
        written = report.build(home.published_db, args.period, tuple(args.format.split(",")), out)
    except (ValueError, FileNotFoundError, LookupError) as err:
        print(f"kinerja: {err}", file=sys.stderr)
        return EXIT_USAGE
    for path in written:
        print(path)
    return 0


def main(argv: list[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    if args.command == "report":
        return _report(args)
    # Route the rooms' own loggers through Prefect's handlers; no telemetry offline.
    os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "kinerja")
    os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
    from kinerja.packaged import sample_landing
    from kinerja.pipeline import RefreshFailed, resolve_periods
    from kinerja.warehouse.home import HomeBusy

    landing = args.landing or str(sample_landing())
    try:  # wrong arguments are said before Prefect starts
        resolve_periods(Path(landing), args.period, args.period_from, args.period_to)
    except ValueError as err:
        print(f"kinerja: {err}", file=sys.stderr)
        return EXIT_USAGE
    from kinerja.flows.refresh import refresh

    try:
        result = refresh(period=args.period, period_from=args.period_from, period_to=args.period_to,
                         landing=landing, home=args.home, force=args.force,
                         over_pagu_fail_ratio=args.over_pagu_fail_ratio, capaian_cap=args.capaian_cap,
                         lock_timeout_s=args.wait)
    except RefreshFailed as err:
        print(f"kinerja: {err}", file=sys.stderr)
        if err.result.published:
            print(f"kinerja: earlier periods were published to {err.result.published}", file=sys.stderr)
        return EXIT_FAILED
    except HomeBusy as err:
        print(f"kinerja: {err}", file=sys.stderr)
        return EXIT_BUSY
    except ValueError as err:
        print(f"kinerja: {err}", file=sys.stderr)
        return EXIT_USAGE
    for period, status in result.periods.items():
        report = result.gate_reports.get(period)
        print(f"{period}: {status}" + (f"  gate report: {report}" if report else ""))
    print(f"published: {result.published or 'unchanged (nothing to publish)'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())

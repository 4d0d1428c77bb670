"""The ``kinerja`` command.

    kinerja run [--period YYYY-MM | --from YYYY-MM [--to YYYY-MM]] [--force | --revalidate] [--landing DIR] [--home DIR]
    kinerja backfill --from YYYY-MM [--to YYYY-MM] [--force] [--landing DIR] [--home DIR]
    kinerja national --landing DIR [--home DIR] [--period YYYY-MM | --from ...] [--serial | --dask-address tcp://...]
    kinerja report --period YYYY-MM [--format xlsx,docx,html,md] [--home DIR] [--out DIR]
                   [--kind bulanan|triwulan|semester|tahunan] [--landing DIR] [--template office.docx]
                   [--paper A4|F4]
    kinerja verify [--home DIR]
    kinerja status [--home DIR] [--json]
    kinerja --version

``backfill`` is ``run`` with a range (one implementation). Without a period, every
``YYYY-MM`` folder of the landing is refreshed in order. A period whose files, earlier
periods and code are unchanged since its last refresh is skipped unless --force; later
periods already refreshed in the home are re-computed when an earlier one changes. Every run
also checks that the published file holds what the warehouse holds, and republishes when it
does not. Defaults serve the shipped sample: the landing shipped inside the package, home
``.kinerja`` (override with --landing/--home or KINERJA_LANDING/KINERJA_HOME).

Prefect: with ``--prefect auto`` (the default) a run reports to the Prefect server named by
``PREFECT_API_URL`` when it is set, and runs the plain pipeline (no Prefect at all) when it is
not; ``--prefect temporary`` starts a local server for the run (it dies with the command);
``--prefect off`` never uses Prefect.

Every argument is checked before anything heavy starts. Exit status:

    0  refreshed and published (or nothing to do)
    1  a period failed its gate or could not be read (data: fix the extract)
    2  wrong arguments, or the landing folder does not exist
    3  another run holds the home's lock (waited --wait seconds)
    4  the home is not writable (read-only file system, permissions)
    5  the home's file system is full
    6  the temporary Prefect server did not start in time (--server-timeout)
    7  ``kinerja verify`` found a problem (each listed with the command that repairs it)

Statuses 2-6 end with one line on stderr and change nothing.
"""

from __future__ import annotations

import contextlib
import errno
import logging
import os
import sys
import time
from datetime import datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path

import click

from kinerja import __version__

EXIT_OK, EXIT_FAILED, EXIT_USAGE, EXIT_BUSY = 0, 1, 2, 3
EXIT_READ_ONLY, EXIT_DISK_FULL, EXIT_SERVER, EXIT_NEEDS_REPAIR = 4, 5, 6, 7


class Stop(Exception):
    """End the command with ``status`` and one line on stderr."""

    def __init__(self, status: int, message: str):
        super().__init__(message)
        self.status = status


def environment_status(err: BaseException) -> int | None:
    """The exit status of an error that comes from the machine, not from the data, or None."""
    seen: BaseException | None = err
    while seen is not None:
        code = getattr(seen, "errno", None)
        text = str(seen)
        if code in (errno.ENOSPC, errno.EDQUOT) or "No space left" in text:
            return EXIT_DISK_FULL
        if code in (errno.EROFS, errno.EACCES, errno.EPERM) or "Read-only file system" in text \
                or "Permission denied" in text:
            return EXIT_READ_ONLY
        seen = seen.__cause__ or seen.__context__
    return None


def as_stop(err: Exception, home: Path) -> Stop | None:
    """The exit a run's error means (a busy home, a server that did not start, a wrong
    argument found late, a full or read-only disk), or None for a bug, which is raised."""
    from kinerja.tempserver import ServerStartTimeout
    from kinerja.warehouse.home import HomeBusy

    if isinstance(err, HomeBusy):
        return Stop(EXIT_BUSY, str(err))
    if isinstance(err, ServerStartTimeout):
        return Stop(EXIT_SERVER, str(err))
    if isinstance(err, ValueError):
        return Stop(EXIT_USAGE, str(err).splitlines()[0])
    status = environment_status(err)
    return None if status is None else Stop(status, _environment_message(status, err, home))


def _environment_message(status: int, err: BaseException, home: Path) -> str:
    first = (getattr(err, "strerror", None) or str(err)).splitlines()[0]
    if status == EXIT_DISK_FULL:
        return (f"the file system of {home} is full ({first}); the published file is unchanged and the warehouse "
                f"consistent: free space and run again")
    return f"the home {home} is not writable ({first}); nothing was changed"


def writable_home(root: Path) -> None:
    """Refuse a home that cannot be written before any work: create it, write and remove a probe."""
    try:
        root.mkdir(parents=True, exist_ok=True)
        probe = root / f".write-probe-{os.getpid()}"
        try:
            with probe.open("wb") as fh:
                fh.write(b"\0" * 65536)
                fh.flush()
                os.fsync(fh.fileno())
        finally:
            probe.unlink(missing_ok=True)
    except OSError as err:
        status = environment_status(err) or EXIT_READ_ONLY
        raise Stop(status, _environment_message(status, err, root)) from err


def check_periods(landing: Path, period: str | None, period_from: str | None,
                  period_to: str | None) -> tuple[list[str], list[str]]:
    """The periods a run covers and the landing's folders it ignores, checked without
    importing the pipeline (see :func:`kinerja.pipeline.resolve_periods`, which the run
    applies again)."""
    from kinerja.periods import Period, landing_folders, period_range

    if not landing.is_dir():
        raise Stop(EXIT_USAGE, f"landing folder {landing} does not exist")
    try:
        if period and (period_from or period_to):
            raise ValueError("give either --period or a range (--from/--to), not both")
        for given in (period, period_from, period_to):
            if given:
                Period.parse(given)
        available, ignored = landing_folders(landing)
        if period:
            return [period], ignored
        if not available and not (period_from and period_to):
            raise ValueError(f"no period folders (YYYY-MM) under {landing}")
        return [str(p) for p in period_range(period_from or available[0], period_to or available[-1])], ignored
    except ValueError as err:
        raise Stop(EXIT_USAGE, str(err)) from err


def _ratio(value: str | None) -> str | None:
    if value is None:
        return None
    try:
        if Decimal(value) <= 0:
            raise InvalidOperation
    except InvalidOperation:
        raise Stop(EXIT_USAGE, f"--over-pagu-fail-ratio must be a positive number such as 1.10, got {value!r}")
    return value


class Console:
    """What the operator sees: one line per period, the published path; ``quiet`` keeps only
    failures, ``verbose`` adds gate reports and the log file."""

    def __init__(self, quiet: bool, verbose: bool):
        from rich.console import Console as RichConsole

        self.quiet, self.verbose = quiet, verbose
        self.out = RichConsole(highlight=False, soft_wrap=True)
        self.err = RichConsole(stderr=True, highlight=False, soft_wrap=True)
        self.bar = None
        self.shown: set[str] = set()    # periods whose line is printed (a failure does not repeat them)

    def start(self, periods: list[str]) -> None:
        """A progress bar for a range on a terminal (below the period lines, gone at the end);
        nothing on a pipe or file, where the period lines say the same. A run through Prefect
        has none: its progress is the flow run's progress artifact."""
        if len(periods) < 2 or self.quiet or not self.out.is_terminal:
            return
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

        self.bar = Progress(TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(),
                            TimeElapsedColumn(), console=self.out, transient=True)
        self.bar.add_task(f"refreshing {periods[0]}", total=len(periods))
        self.bar.start()

    def progress(self, n: int, total: int, outcome) -> None:
        """One period is done: its line, and the bar moves on."""
        self.outcome(outcome)
        if self.bar is not None:
            task = self.bar.tasks[0]
            doing = f"refreshing {outcome.period.next()}" if n < total else "publishing"
            self.bar.update(task.id, completed=n, total=total, description=doing)

    def stop(self) -> None:
        if self.bar is not None:
            self.bar.stop()
            self.bar = None

    def say(self, text: str, always: bool = False) -> None:
        if always or not self.quiet:
            self.out.print(text, markup=False)

    def outcome(self, outcome, always: bool = False) -> None:
        if str(outcome.period) in self.shown:
            return
        self.shown.add(str(outcome.period))
        warnings = sum(1 for i in outcome.issues if getattr(i, "severity", "") == "warning")
        errors = sum(1 for i in outcome.issues if getattr(i, "severity", "") == "error")
        line = f"{outcome.period}  {outcome.status:<11} {outcome.seconds:5.1f} s  {warnings} warning(s)"
        if errors:
            line += f"  {errors} error(s)"
        failed = outcome.status not in ("refreshed", "skipped")
        if outcome.gate_report and (failed or self.verbose):
            line += f"  gate report: {outcome.gate_report}"
        self.say(line, always=always or failed)

    def error(self, text: str) -> None:
        self.err.print(f"kinerja: {text}", markup=False)


class LogFile:
    """Send every log line (Prefect's, kinerja's, warnings) to ``path`` instead of the console
    while the run lasts; :meth:`close` puts the console handlers back."""

    def __init__(self, path: Path):
        self.path = path
        self.handler: logging.Handler | None = None
        self.moved: list[tuple[logging.Logger, logging.Handler]] = []

    def route(self) -> None:
        if self.handler is None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.handler = logging.FileHandler(self.path, encoding="utf-8", delay=True)
            self.handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
            root = logging.getLogger()
            root.addHandler(self.handler)
            self.moved.append((root, self.handler))
            logging.captureWarnings(True)
        consoles = (sys.stderr, sys.stdout, sys.__stderr__, sys.__stdout__)
        loggers = [logging.getLogger()] + [logging.getLogger(n) for n in list(logging.Logger.manager.loggerDict)
                                           if n.split(".")[0] in ("prefect", "kinerja", "great_expectations")]
        for logger in loggers:
            for old in list(logger.handlers):
                if isinstance(old, logging.StreamHandler) and getattr(old, "stream", None) in consoles:
                    logger.removeHandler(old)
                    self.moved.append((logger, old))
                    if self.handler not in logger.handlers and logger.propagate is False:
                        logger.addHandler(self.handler)

    def close(self) -> None:
        for logger, handler in reversed(self.moved):
            if handler is self.handler:
                logger.removeHandler(handler)
            else:
                logger.addHandler(handler)
        for logger in logging.Logger.manager.loggerDict.values():
            if isinstance(logger, logging.Logger) and self.handler in logger.handlers:
                logger.removeHandler(self.handler)
        if self.handler is not None:
            self.handler.close()
        self.moved, self.handler = [], None


def _lock_busy(home) -> bool:
    from filelock import FileLock, Timeout

    if not (home.root / ".lock").exists():
        return False
    probe = FileLock(str(home.root / ".lock"))
    try:
        probe.acquire(timeout=0)
    except Timeout:
        return True
    probe.release()
    return False


def _refresh(console: Console, landing: Path, home, periods: dict, planned: list[str], force: bool,
             ratio: str | None, cap: float | None, wait: float, prefect: str, server_timeout: float, log: LogFile,
             keep: int, revalidate: bool):
    """Run the refresh, plain or through Prefect; return the RefreshResult (or raise)."""
    mode = prefect if prefect != "auto" else ("server" if os.environ.get("PREFECT_API_URL") else "off")
    if mode == "off":
        from kinerja import pipeline

        log.route()
        console.start(planned)
        settings = pipeline.Settings(Decimal(ratio) if ratio else None, cap, revalidate=revalidate)
        return pipeline.refresh_landing(landing, home.root, **periods, force=force, settings=settings,
                                        lock_timeout_s=wait, progress=console.progress, keep=keep)
    with contextlib.ExitStack() as stack:
        if mode == "temporary":
            from kinerja.tempserver import temporary_server

            os.environ["PREFECT_API_URL"] = stack.enter_context(temporary_server(log.path, server_timeout))
        # Route the rooms' own loggers through Prefect's handlers; no telemetry offline.
        os.environ.setdefault("PREFECT_LOGGING_EXTRA_LOGGERS", "kinerja")
        os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
        from kinerja.flows.refresh import drain_to_server, refresh

        log.route()
        if mode == "temporary":    # send the run's last logs and events before the server stops
            stack.callback(drain_to_server)
        return refresh(**periods, landing=str(landing), home=str(home.root), force=force,
                       over_pagu_fail_ratio=ratio, capaian_cap=cap, lock_timeout_s=wait, keep=keep,
                       revalidate=revalidate)


def run_command(period: str | None, period_from: str | None, period_to: str | None, force: bool,
                landing: str | None, home: str, over_pagu_fail_ratio: str | None, capaian_cap: float | None,
                wait: float, prefect: str, server_timeout: float, quiet: bool, verbose: bool, keep: int = 5,
                revalidate: bool = False) -> int:
    from kinerja.packaged import sample_landing
    from kinerja.warehouse.home import Home

    landing_dir = Path(landing or sample_landing()).resolve()
    periods, ignored = check_periods(landing_dir, period, period_from, period_to)
    ratio = _ratio(over_pagu_fail_ratio)
    if capaian_cap is not None and capaian_cap <= 0:
        raise Stop(EXIT_USAGE, f"--capaian-cap must be a positive percentage, got {capaian_cap:g}")
    the_home = Home(Path(home).resolve())
    writable_home(the_home.root)
    console = Console(quiet, verbose)
    log = LogFile(the_home.log_dir / f"run-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log")
    if ignored:
        from kinerja.periods import ignored_note

        console.say(ignored_note(ignored), always=True)
    if _lock_busy(the_home):
        console.say(f"waiting up to {wait:g} s for {the_home.describe_holder()}", always=True)
    from kinerja.issues import GateFailed   # the pipeline itself is imported only once a server (if any) is up

    started = time.perf_counter()
    try:
        result = _refresh(console, landing_dir, the_home,
                          {"period": period, "period_from": period_from, "period_to": period_to}, periods,
                          force or revalidate, ratio, capaian_cap, wait, prefect, server_timeout, log, keep,
                          revalidate)
    except GateFailed as err:
        console.stop()
        if not hasattr(err, "result"):
            raise
        for outcome in err.result.outcomes:
            console.outcome(outcome, always=True)
        for note in err.result.notes:
            console.say(note, always=True)
        console.error(str(err))
        if err.result.published:
            console.error(f"earlier periods were published to {err.result.published}")
        return EXIT_FAILED
    except Exception as err:
        stop = as_stop(err, the_home.root)
        if stop is None:
            raise
        raise stop from err
    finally:
        console.stop()
        log.close()
    for outcome in result.outcomes:   # a run through Prefect: its lines come at the end
        console.outcome(outcome)
    for note in result.notes:
        console.say(note)
    console.say(f"published: {result.published or 'unchanged (nothing to publish)'}", always=bool(result.published))
    if verbose or log.path.exists():
        console.say(f"log: {log.path}  ({time.perf_counter() - started:.1f} s)")
    return EXIT_OK


def _period_options(fn):
    options = [
        click.option("--to", "period_to", metavar="YYYY-MM", help="last period of a range (default: last landed)"),
        click.option("--force", is_flag=True, help="refresh periods even when nothing changed (the gate's verdict "
                     "recorded for unchanged inputs is reused)"),
        click.option("--revalidate", is_flag=True, help="--force, and run the gates again on unchanged inputs"),
        click.option("--landing", envvar="KINERJA_LANDING", metavar="DIR",
                     help="landing folder with <YYYY-MM>/ and reference/ (default: the shipped sample)"),
        click.option("--home", envvar="KINERJA_HOME", default=".kinerja", show_default=True, metavar="DIR",
                     help="folder holding all state: working DB, published DB, gate reports, logs"),
        click.option("--over-pagu-fail-ratio", metavar="RATIO",
                     help="cumulative realisasi above pagu x this ratio fails the gate (default: the rule in "
                          "force for the fiscal year)"),
        click.option("--capaian-cap", type=float, metavar="PERCENT",
                     help="cap indicator capaian, e.g. 120 (default: the rule in force for the fiscal year)"),
        click.option("--wait", type=click.FloatRange(min=0), default=900.0, show_default=True, metavar="SECONDS",
                     help="how long to wait for another run on the same home"),
        click.option("--prefect", type=click.Choice(["auto", "off", "temporary"]), default="auto", show_default=True,
                     help="auto: report to PREFECT_API_URL when set, else run without Prefect; temporary: a local "
                          "server for this run; off: never"),
        click.option("--server-timeout", type=click.FloatRange(min=0), default=60.0, show_default=True,
                     metavar="SECONDS", envvar="KINERJA_SERVER_TIMEOUT",
                     help="how long a temporary Prefect server may take to start"),
        click.option("--keep", type=click.IntRange(min=1), default=5, show_default=True, metavar="N",
                     help="gate reports kept per period and run logs kept (the last N runs)"),
        click.option("--quiet", "-q", is_flag=True, help="print only failures and the published path"),
        click.option("--verbose", "-v", is_flag=True, help="also print gate reports and the log file"),
    ]
    for option in reversed(options):
        fn = option(fn)
    return fn


@click.group(help=__doc__.split("\n\n")[0].strip(), context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="kinerja", message="%(prog)s %(version)s")
def cli() -> None:
    pass


@cli.command("run", help="Refresh one period or a range, gate it, publish it.")
@click.option("--period", metavar="YYYY-MM", help="one period")
@click.option("--from", "period_from", metavar="YYYY-MM", help="first period of a range")
@_period_options
def run_cmd(**kwargs) -> int:
    return run_command(**kwargs)


@cli.command("backfill", help="Refresh a range of periods in order (the same as run --from --to).")
@click.option("--from", "period_from", required=True, metavar="YYYY-MM", help="first period")
@_period_options
def backfill_cmd(**kwargs) -> int:
    return run_command(period=None, **kwargs)


@cli.command("report", help="Write the LKjIP tables, narrative and charts of a published period.")
@click.option("--period", required=True, metavar="YYYY-MM", help="the period (must be published)")
@click.option("--format", "formats", default="xlsx,docx,html,md", show_default=True, help="comma-separated formats")
@click.option("--home", envvar="KINERJA_HOME", default=".kinerja", show_default=True, metavar="DIR",
              help="the home whose published DB is read")
@click.option("--out", metavar="DIR", help="output folder (default: <home>/reports/<period>)")
@click.option("--kind", type=click.Choice(["bulanan", "triwulan", "semester", "tahunan"]),
              help="report kind (default from the month: June semester, December tahunan, March/September "
                   "triwulan, else bulanan)")
@click.option("--landing", envvar="KINERJA_LANDING", metavar="DIR",
              help="landing whose <period>/narasi.md holds the office's analysis (default: the shipped sample)")
@click.option("--template", metavar="FILE", help="a .docx whose styles and page set-up the DOCX uses")
@click.option("--paper", type=click.Choice(["A4", "F4"]), default="A4", show_default=True, help="DOCX paper size")
def report_cmd(period: str, formats: str, home: str, out: str | None, kind: str | None, landing: str | None,
               template: str | None, paper: str) -> int:
    from kinerja import report
    from kinerja.packaged import sample_landing
    from kinerja.warehouse.home import Home

    the_home = Home(Path(home))
    target = Path(out) if out else the_home.report_dir(period)
    analysis = Path(landing) if landing else sample_landing()
    try:
        written = report.build(the_home.published_db, period, tuple(formats.split(",")), target, kind=kind,
                               landing=analysis, template=Path(template) if template else None, paper=paper)
    except (ValueError, FileNotFoundError, LookupError) as err:
        raise Stop(EXIT_USAGE, str(err)) from err
    for path in written:
        click.echo(path)
    if written.missing:  # a warning, not a failure: the documents carry marked placeholders
        click.echo(f"kinerja: warning: analysis missing in {analysis / period / 'narasi.md'} "
                   f"(placeholders written):", err=True)
        for entry in written.missing:
            click.echo(f"  - {entry}", err=True)
    return EXIT_OK


@cli.command("verify", help="Check that a home is whole; list each problem with the command that repairs it.")
@click.option("--home", envvar="KINERJA_HOME", default=".kinerja", show_default=True, metavar="DIR")
def verify_cmd(home: str) -> int:
    from kinerja.verify import verify
    from kinerja.warehouse.home import Home

    the_home = Home(Path(home).resolve())
    if not the_home.root.is_dir():
        raise Stop(EXIT_USAGE, f"home {the_home.root} does not exist")
    problems = verify(the_home)
    if not problems:
        click.echo(f"ok: {the_home.root} (working DB, published file, audit, load history; no leftovers)")
        return EXIT_OK
    for problem in problems:
        click.echo(f"- {problem.what}\n  repair: {problem.repair}")
    return EXIT_NEEDS_REPAIR


@cli.command("export", help="Write the published tables as Parquet or CSV files, partitioned by period.")
@click.option("--format", "fmt", type=click.Choice(["parquet", "csv"]), default="parquet", show_default=True)
@click.option("--out", required=True, metavar="DIR", help="output folder (replaced whole)")
@click.option("--home", envvar="KINERJA_HOME", default=".kinerja", show_default=True, metavar="DIR",
              help="the home whose published DB is read")
def export_cmd(fmt: str, out: str, home: str) -> int:
    from kinerja.warehouse.export import export
    from kinerja.warehouse.home import Home

    try:
        schema = export(Home(Path(home)).published_db, Path(out), fmt)
    except (ValueError, FileNotFoundError) as err:
        raise Stop(EXIT_USAGE, str(err)) from err
    click.echo(f"{len(schema['tables'])} tables written to {Path(out).resolve()} ({fmt}, _schema.json)")
    return EXIT_OK


@cli.command("status", help="Every period of a home: state, when, inputs and hashes, lineage, published, gate "
                            "report; and the space used.")
@click.option("--home", envvar="KINERJA_HOME", default=".kinerja", show_default=True, metavar="DIR")
@click.option("--json", "as_json", is_flag=True, help="machine-readable output")
def status_cmd(home: str, as_json: bool) -> int:
    import json

    from kinerja.status import render, status
    from kinerja.warehouse.home import Home

    the_home = Home(Path(home).resolve())
    if not the_home.working_db.exists():
        raise Stop(EXIT_USAGE, f"no kinerja home at {the_home.root} (no warehouse.duckdb)")
    try:
        data = status(the_home)
    except Exception as err:
        import duckdb

        if isinstance(err, duckdb.IOException):
            raise Stop(EXIT_BUSY, f"{the_home.describe_holder()} is writing {the_home.root}; run again when it "
                                  f"finishes") from err
        raise
    if as_json:
        click.echo(json.dumps(data, indent=2, ensure_ascii=False))
    else:
        render(data)
    return EXIT_OK


# --- kinerja national (issue 14): many regions, one national file; regions fanned out on Dask ---------------------


@cli.command("national", help="Refresh every region of a national landing (<kode_kanwil>/<YYYY-MM>/) and "
                              "publish one national file; regions run in parallel on Dask.")
@click.option("--period", metavar="YYYY-MM", help="one period")
@click.option("--from", "period_from", metavar="YYYY-MM", help="first period of a range")
@click.option("--to", "period_to", metavar="YYYY-MM", help="last period of a range (default: last landed)")
@click.option("--force", is_flag=True, help="refresh periods even when nothing changed")
@click.option("--landing", envvar="KINERJA_LANDING", required=True, metavar="DIR",
              help="national landing: <kode_kanwil>/<YYYY-MM>/, <kode_kanwil>/reference/ and reference/")
@click.option("--home", envvar="KINERJA_HOME", default=".kinerja-national", show_default=True, metavar="DIR",
              help="national home: regions/<kode_kanwil>/ (each region's home) and published/kinerja.duckdb")
@click.option("--serial", is_flag=True, help="one region after the other in this process, without Prefect or Dask")
@click.option("--dask-address", metavar="tcp://HOST:PORT", help="a running Dask scheduler (default: a local "
                                                                  "cluster of --parallel worker processes)")
@click.option("--parallel", type=click.IntRange(min=1), envvar="KINERJA_NATIONAL_PARALLEL", default=2,
              show_default=True, metavar="N", help="regions refreshed at once (KINERJA_NATIONAL_PARALLEL)")
@click.option("--wait", type=click.FloatRange(min=0), default=900.0, show_default=True, metavar="SECONDS",
              help="how long to wait for another run on the same home or region")
@click.option("--server-timeout", type=click.FloatRange(min=0), default=60.0, show_default=True, metavar="SECONDS",
              envvar="KINERJA_SERVER_TIMEOUT", help="how long a temporary Prefect server may take to start "
                                                    "(used when PREFECT_API_URL is not set)")
@click.option("--keep", type=click.IntRange(min=1), default=5, show_default=True, metavar="N",
              help="gate reports kept per period and run logs kept (the last N runs), per region")
def national_cmd(period, period_from, period_to, force, landing, home, serial, dask_address, parallel, wait,
                 server_timeout, keep) -> int:
    from kinerja.warehouse.home import Home

    landing_dir = Path(landing).resolve()
    if not landing_dir.is_dir():
        raise Stop(EXIT_USAGE, f"landing folder {landing_dir} does not exist")
    from kinerja.periods import Period

    for value in filter(None, (period, period_from, period_to)):
        try:
            Period.parse(value)
        except ValueError as err:
            raise Stop(EXIT_USAGE, str(err)) from err
    the_home = Home(Path(home).resolve())
    writable_home(the_home.root)
    log = LogFile(the_home.log_dir / f"national-{datetime.now():%Y%m%d-%H%M%S}-{os.getpid()}.log")
    from kinerja.pipeline import national as plain

    periods = {"period": period, "period_from": period_from, "period_to": period_to}
    try:
        with contextlib.ExitStack() as stack:
            if serial:
                log.route()
                result = plain.refresh_national(landing_dir, the_home.root, **periods, force=force, keep=keep,
                                                lock_timeout_s=wait)
            else:
                if not os.environ.get("PREFECT_API_URL"):
                    from kinerja.tempserver import temporary_server

                    os.environ["PREFECT_API_URL"] = stack.enter_context(temporary_server(log.path, server_timeout))
                os.environ.setdefault("PREFECT_SERVER_ANALYTICS_ENABLED", "false")
                from kinerja.flows.national import national
                from kinerja.flows.refresh import drain_to_server

                log.route()
                stack.callback(drain_to_server)
                result = national(**periods, landing=str(landing_dir), home=str(the_home.root), force=force,
                                  dask_address=dask_address, parallel=parallel, lock_timeout_s=wait, keep=keep)
    except plain.RegionsFailed as err:
        result = err.result
    except Exception as err:
        stop = as_stop(err, the_home.root)
        if stop is None:
            raise
        raise stop from err
    finally:
        log.close()
    for region in result.regions:
        if region.status == "published":
            click.echo(f"{region.kode_kanwil}  published  {region.seconds:6.1f} s  ({region.worker})")
        else:
            click.echo(f"{region.kode_kanwil}  {region.status} at {region.failed_period}: {region.message}", err=True)
            if region.gate_report:
                click.echo(f"        gate report: {region.gate_report}", err=True)
    missing = sorted({k for _, k, _ in result.published.missing})
    state = f"incomplete, missing {', '.join(missing)}" if missing else "complete"
    click.echo(f"published: {result.published.path} ({state})")
    return EXIT_FAILED if result.failed else EXIT_OK


_NO_ARGS = getattr(click.exceptions, "NoArgsIsHelpError", getattr(click.exceptions, "NoArgsIsHelp", click.UsageError))


def main(argv: list[str] | None = None) -> int:
    """Run the command; return its exit status (user and environment errors: one line, no traceback)."""
    try:
        status = cli.main(args=argv, prog_name="kinerja", standalone_mode=False)
    except _NO_ARGS as err:
        click.echo(err.ctx.get_help() if err.ctx else "", err=True)
        return EXIT_USAGE
    except click.UsageError as err:
        hint = f" (kinerja {err.ctx.command.name} --help)" if err.ctx and err.ctx.command.name != "cli" else \
            " (kinerja --help)"
        click.echo(f"kinerja: {err.format_message()}{hint}", err=True)
        return EXIT_USAGE
    except click.Abort:
        click.echo("kinerja: interrupted", err=True)
        return 130
    except Stop as stop:
        click.echo(f"kinerja: {stop}", err=True)
        return stop.status
    return status if isinstance(status, int) else EXIT_OK


if __name__ == "__main__":
    sys.exit(main())

"""Many regions, one national warehouse: plain functions (no Prefect, no Dask).

    <landing>/reference/                   national reference files (pk, rpd, ...) for every region
    <landing>/<kode_kanwil>/reference/     a region's own reference files: they take precedence, kind by kind
    <landing>/<kode_kanwil>/<YYYY-MM>/     the region's extracts, exactly as a single-region landing

    <home>/regions/<kode_kanwil>/          the region's own home (working DB, published file, gate reports, lock)
    <home>/regions/<kode_kanwil>/landing/  what the region reads: hard links to the files of its period
                                           folders and to the reference files in force for it (its own,
                                           else the national ones)
    <home>/national.duckdb                 the national audit: each region's outcome per period and run
    <home>/published/kinerja.duckdb        the national file BI tools open

Each region goes through the same plain core as a single-region run (:func:`refresh`): its
periods in order, gates, one transaction per period, its own publish. Regions share nothing
until the national publish, so :func:`refresh_national` takes a ``map_regions`` callable that
runs :func:`refresh_region` over them: by default one after the other; the national Prefect
flow (:mod:`kinerja.flows.national`) passes one that runs each region as a task on a Dask
cluster. A region that fails (a gate, an unreadable file, anything else) is named with its
gate report and left out for that period; the others refresh and publish; the national file
marks it missing and its totals incomplete.
"""

from __future__ import annotations

import os
import re
import resource
import shutil
import socket
import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

from kinerja.periods import Period
from kinerja.pipeline.derive import Settings
from kinerja.pipeline.inputs import REFERENCE_KINDS
from kinerja.pipeline.period import RefreshFailed, landing_periods, refresh, resolve_periods
from kinerja.readers.discover import EXTENSIONS, REFERENCE_DIR, file_kind
from kinerja.warehouse.home import Home
from kinerja.warehouse.national import (NationalPublished, connect_national, publish_national,
                                        record_outcomes)
from kinerja.warehouse.publish import clean_leftovers

KANWIL_DIR = re.compile(r"^\d{6}$")
REGIONS_DIR = "regions"
STAGED_LANDING = "landing"


def national_regions(landing: Path) -> list[str]:
    """The region folders (6-digit kode_kanwil) of a national landing, in order; [] for a
    single-region landing."""
    if not landing.is_dir():
        raise ValueError(f"landing folder {landing} does not exist")
    return sorted(d.name for d in landing.iterdir() if d.is_dir() and KANWIL_DIR.match(d.name))


def is_national(landing: Path) -> bool:
    """A landing of regions (``<kode_kanwil>/<YYYY-MM>/``) rather than of periods."""
    return bool(national_regions(landing))


def region_home(home: Home, kode_kanwil: str) -> Home:
    return Home(home.root / REGIONS_DIR / kode_kanwil)


def _reference_files(folder: Path) -> dict[str, list[Path]]:
    found: dict[str, list[Path]] = {}
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.is_file() and not path.name.startswith(("~$", ".")) and path.suffix.lower() in EXTENSIONS:
                found.setdefault(file_kind(path), []).append(path)
    return found


def stage_region(landing: Path, kode_kanwil: str, home: Home) -> Path:
    """The landing a region's refresh reads, rebuilt from links at every run: its period folders'
    files, its own reference files, and the national reference files of the kinds it has none of.
    Names and bytes are kept, so file names in messages, load ids and lineage hashes are those of
    a single-region run of the region's own landing."""
    source = landing / kode_kanwil
    staged = home.root / STAGED_LANDING
    if staged.exists():
        shutil.rmtree(staged)
    (staged / REFERENCE_DIR).mkdir(parents=True)
    for folder in sorted(source.iterdir()):
        if folder.is_dir() and folder.name != REFERENCE_DIR:
            (staged / folder.name).mkdir()
            for path in sorted(folder.iterdir()):
                if path.is_file():
                    _link(path, staged / folder.name / path.name)
    own = _reference_files(source / REFERENCE_DIR)
    national = _reference_files(landing / REFERENCE_DIR)
    for kind in sorted(set(own) | set(national)):
        for path in own.get(kind) or (national.get(kind, []) if kind in REFERENCE_KINDS else []):
            _link(path, staged / REFERENCE_DIR / path.name)
    return staged


def _link(source: Path, target: Path) -> None:
    """A hard link (the same bytes, no copy; a symbolic link would make the readers name the file by
    its resolved path), or a copy when the home is on another file system."""
    try:
        os.link(source, target)
    except OSError:
        shutil.copy2(source, target)


def national_periods(landing: Path, regions: Sequence[str], period: str | None = None,
                     period_from: str | None = None, period_to: str | None = None) -> list[Period]:
    """The periods of a national run: one, a range, or every period any region has landed.
    Every region is refreshed for all of them, so a region lacking a month is named."""
    if period or (period_from and period_to):
        return resolve_periods(landing, period, period_from, period_to)
    landed = sorted({p for kode in regions for p in landing_periods(landing / kode)})
    if not landed:
        raise ValueError(f"no period folders (YYYY-MM) under the regions of {landing}")
    start = Period.parse(period_from or landed[0])
    end = Period.parse(period_to or landed[-1])
    return [p for p in (Period.parse(x) for x in landed) if start <= p <= end] or [start]


@dataclass(frozen=True)
class RegionTask:
    """What one region's refresh needs: plain values, so that it travels to a Dask worker."""

    kode_kanwil: str
    landing: str                 # the national landing
    home: str                    # the national home
    periods: tuple[str, ...]
    force: bool = False
    settings: Settings = field(default_factory=Settings)
    keep: int = 5
    lock_timeout_s: float = 900.0
    flow_run_id: str | None = None


@dataclass
class RegionOutcome:
    """What one region's refresh did, named for the national audit and the operator."""

    kode_kanwil: str
    status: str                          # published | failed | error
    periods: dict[str, str]              # period -> refreshed | skipped | gate_failed | unreadable | not_refreshed | error
    failed_period: str | None = None
    gate_report: str | None = None
    issues: list[str] = field(default_factory=list)    # every error, as its gate report states it
    n_errors: int = 0
    published: str | None = None
    content_sha256: str | None = None
    seconds: float = 0.0
    peak_rss_mb: float = 0.0             # of the process that ran the region (a Dask worker's, on a cluster)
    worker: str = ""                     # host:pid that ran the region
    finished_at: datetime = field(default_factory=lambda: datetime.now(timezone.utc))

    @property
    def message(self) -> str | None:
        return self.issues[0] if self.issues else None


def _peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0      # Linux: kilobytes


def refresh_region(task: RegionTask) -> RegionOutcome:
    """Refresh one region of a national landing into its own home with the plain core; never
    raise: whatever stops the region is returned, named, so that it cannot hold the others."""
    clock = time.perf_counter()
    home = region_home(Home(Path(task.home)), task.kode_kanwil)
    worker = f"{socket.gethostname()}:{os.getpid()}"
    periods = [Period.parse(p) for p in task.periods]
    try:
        home.root.mkdir(parents=True, exist_ok=True)
        with home.lock(task.lock_timeout_s):      # the staged landing is the region's own state
            landing = stage_region(Path(task.landing), task.kode_kanwil, home)
        result = refresh(periods, landing, home, task.settings, task.force, task.lock_timeout_s,
                         task.flow_run_id, keep=task.keep)
    except RefreshFailed as err:
        done = dict(err.result.periods)
        todo = {str(p): "not_refreshed" for p in periods if str(p) not in done}
        errors = [str(i) for i in err.issues if i.severity == "error"]
        return RegionOutcome(task.kode_kanwil, "failed", {**done, **todo}, err.period,
                             str(err.gate_report) if err.gate_report else None, errors, len(errors),
                             err.result.published, err.result.content_sha256, time.perf_counter() - clock,
                             _peak_rss_mb(), worker)
    except Exception as err:       # a busy or unwritable home, a broken landing: the region is named, not the run
        message = f"{type(err).__name__}: {str(err).splitlines()[0] if str(err) else ''}"
        return RegionOutcome(task.kode_kanwil, "error", {str(p): "error" for p in periods}, str(periods[0]), None,
                             [message], 1, None, None, time.perf_counter() - clock, _peak_rss_mb(), worker)
    return RegionOutcome(task.kode_kanwil, "published", dict(result.periods), None, None, [], 0, result.published,
                         result.content_sha256, time.perf_counter() - clock, _peak_rss_mb(), worker)


# Runs refresh_region over the regions' tasks and returns their outcomes, in any order.
MapRegions = Callable[[list[RegionTask]], list[RegionOutcome]]


def serial(tasks: list[RegionTask]) -> list[RegionOutcome]:
    """The default fan-out: one region after the other, in this process."""
    return [refresh_region(t) for t in tasks]


@dataclass
class NationalResult:
    regions: list[RegionOutcome]
    published: NationalPublished
    run_id: str
    publish_seconds: float = 0.0

    @property
    def failed(self) -> list[RegionOutcome]:
        return [r for r in self.regions if r.status != "published"]


class RegionsFailed(RuntimeError):
    """One or more regions failed; the others were refreshed and the national file published,
    with the failed regions marked missing."""

    def __init__(self, result: NationalResult):
        self.result = result
        named = "; ".join(f"{r.kode_kanwil} {r.failed_period or ''} ({r.status}: {r.message}; "
                          f"report: {r.gate_report})" for r in result.failed)
        super().__init__(f"{len(result.failed)} of {len(result.regions)} region(s) failed and are marked missing "
                         f"in the national file: {named}")


def _audit_rows(run_id: str, flow_run_id: str | None, outcome: RegionOutcome) -> list[tuple]:
    rows = []
    for period, status in outcome.periods.items():
        failing = period == outcome.failed_period or status == "error"
        rows.append((run_id, flow_run_id, outcome.kode_kanwil, Period.parse(period).first_day, status,
                     outcome.n_errors if failing else 0,
                     outcome.message if failing else ("an earlier period of the run failed: "
                                                      f"{outcome.failed_period}" if status == "not_refreshed"
                                                      else None),
                     outcome.gate_report if failing else None, outcome.finished_at))
    return rows


def refresh_national(landing: Path | str, home: Path | str, period: str | None = None, period_from: str | None = None,
                     period_to: str | None = None, force: bool = False, settings: Settings | None = None,
                     keep: int = 5, lock_timeout_s: float = 900.0, flow_run_id: str | None = None,
                     map_regions: MapRegions = serial) -> NationalResult:
    """Refresh every region of a national landing (``map_regions`` decides where and how many at
    once), record each region's outcome, and publish the national file once.

    Raises :class:`RegionsFailed` (after the publish) when a region failed; ``ValueError`` when
    the landing holds no region folders."""
    landing_dir = Path(landing).resolve()
    national = Home(Path(home).resolve())
    regions = national_regions(landing_dir)
    if not regions:
        raise ValueError(f"{landing_dir} is not a national landing: no <kode_kanwil>/ folders (6 digits)")
    periods = tuple(str(p) for p in national_periods(landing_dir, regions, period, period_from, period_to))
    run_id = str(uuid.uuid4())
    tasks = [RegionTask(kode, str(landing_dir), str(national.root), periods, force, settings or Settings(), keep,
                        lock_timeout_s, flow_run_id) for kode in regions]
    with national.lock(lock_timeout_s):
        clean_leftovers(national.published_db)
        outcomes = sorted(map_regions(tasks), key=lambda o: o.kode_kanwil)
        con = connect_national(national.root / "national.duckdb")
        try:
            record_outcomes(con, [row for o in outcomes for row in _audit_rows(run_id, flow_run_id, o)])
            files = {kode: (p if (p := region_home(national, kode).published_db).exists() else None)
                     for kode in regions}
            clock = time.perf_counter()
            published = publish_national(con, national.published_db, files, run_id, flow_run_id)
            publish_seconds = time.perf_counter() - clock
        finally:
            con.close()
    result = NationalResult(outcomes, published, run_id, publish_seconds)
    if result.failed:
        raise RegionsFailed(result)
    return result

"""The home: everything one warehouse owns, under one directory.

    <home>/warehouse.duckdb          working DB (raw_*, core_*, out_*, audit_*)
    <home>/published/kinerja.duckdb  the file BI tools open read-only; its path never changes
    <home>/gate/<period>/<run_id>/   gate reports (index.html + GX Data Docs)
    <home>/reports/<period>/         the LKjIP section (xlsx, docx, html, md) of a published period
    <home>/.lock                     held by the one run writing this home
"""

from __future__ import annotations

from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from filelock import FileLock, Timeout


class HomeBusy(RuntimeError):
    """Another run holds this home's lock for longer than we agreed to wait."""


@dataclass(frozen=True)
class Home:
    root: Path

    @property
    def working_db(self) -> Path:
        return self.root / "warehouse.duckdb"

    @property
    def published_db(self) -> Path:
        return self.root / "published" / "kinerja.duckdb"

    def gate_dir(self, period: str, run_id: str) -> Path:
        return self.root / "gate" / period / run_id

    def report_dir(self, period: str) -> Path:
        return self.root / "reports" / period

    @contextmanager
    def lock(self, timeout_s: float) -> Iterator[None]:
        """One writer per home: wait up to ``timeout_s`` for a running refresh to finish."""
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.root / ".lock"))
        try:
            lock.acquire(timeout=timeout_s)
        except Timeout as exc:
            raise HomeBusy(
                f"another kinerja run is writing {self.root} (lock {self.root / '.lock'}); "
                f"waited {timeout_s:.0f} s. Nothing was changed; run again when it finishes."
            ) from exc
        try:
            yield
        finally:
            lock.release()

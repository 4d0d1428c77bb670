"""The home: everything one warehouse owns, under one directory.

    <home>/warehouse.duckdb          working DB (raw_*, core_*, out_*, audit_*)
    <home>/published/kinerja.duckdb  the file BI tools open read-only; its path never changes
    <home>/gate/<period>/<run_id>/   gate reports (index.html), the last --keep runs of each period
    <home>/reports/<period>/         the LKjIP section (xlsx, docx, html, md) of a published period
    <home>/.lock                     held by the one run writing this home
    <home>/.lock.holder              who holds it: PID, host, start time, command (JSON)
    <home>/logs/                     Prefect's and kinerja's log lines, one file per run (the last --keep)
"""

from __future__ import annotations

import json
import os
import socket
import sys
from collections.abc import Callable
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import datetime, timezone
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

    @property
    def log_dir(self) -> Path:
        return self.root / "logs"

    @property
    def holder_file(self) -> Path:
        return self.root / ".lock.holder"

    def holder(self) -> dict | None:
        """Who holds the lock, as recorded by :meth:`lock`; None if unknown."""
        try:
            return json.loads(self.holder_file.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def describe_holder(self) -> str:
        who = self.holder()
        if not who:
            return "another kinerja run"
        return (f"another kinerja run (PID {who.get('pid')} on {who.get('host')}, since {who.get('started')}: "
                f"{who.get('command')})")

    def prune(self, keep: int) -> list[Path]:
        """Keep the gate reports of the last ``keep`` runs of each period and the last ``keep``
        run logs; remove the rest (oldest first by modification time). Call holding the lock."""
        import shutil

        removed: list[Path] = []
        groups = [sorted((d for d in period.iterdir() if d.is_dir()), key=lambda d: d.stat().st_mtime)
                  for period in sorted((self.root / "gate").glob("*")) if period.is_dir()]
        groups.append(sorted(self.log_dir.glob("run-*.log"), key=lambda f: f.stat().st_mtime)
                      if self.log_dir.is_dir() else [])
        for group in groups:
            for old in group[:max(0, len(group) - keep)]:
                if old.is_dir():
                    shutil.rmtree(old, ignore_errors=True)
                else:
                    old.unlink(missing_ok=True)
                removed.append(old)
        return removed

    @contextmanager
    def lock(self, timeout_s: float, on_wait: Callable[[str], None] | None = None) -> Iterator[None]:
        """One writer per home: wait up to ``timeout_s`` for a running refresh to finish.

        While waiting, ``on_wait`` is told once who holds the lock (PID, host, start, command
        recorded in ``.lock.holder`` by the holder)."""
        self.root.mkdir(parents=True, exist_ok=True)
        lock = FileLock(str(self.root / ".lock"))
        try:
            try:
                lock.acquire(timeout=0)
            except Timeout:
                if on_wait:
                    on_wait(self.describe_holder())
                lock.acquire(timeout=timeout_s)
        except Timeout as exc:
            raise HomeBusy(
                f"{self.describe_holder()} is writing {self.root} (lock {self.root / '.lock'}); "
                f"waited {timeout_s:.0f} s. Nothing was changed; run again when it finishes."
            ) from exc
        try:
            self.holder_file.write_text(json.dumps({
                "pid": os.getpid(), "host": socket.gethostname(),
                "started": datetime.now(timezone.utc).isoformat(timespec="seconds"),
                "command": " ".join(["kinerja", *sys.argv[1:]]) if sys.argv else "kinerja"}), encoding="utf-8")
            yield
        finally:
            self.holder_file.unlink(missing_ok=True)
            lock.release()

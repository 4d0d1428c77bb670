"""``kinerja status``: every period of a home at a glance, read-only.

Per period: its last state (refreshed, skipped, gate_failed, unreadable) and when, the last
refresh, its current input files with their sha256, its lineage hash, whether the served file
contains it, and its last gate report; then the space each part of the home uses.
"""

from __future__ import annotations

import os
from datetime import datetime
from pathlib import Path
from typing import Any

import duckdb

from kinerja.warehouse.home import Home


def _size(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    total = 0
    for root, _, files in os.walk(path):
        for name in files:
            try:
                total += (Path(root) / name).stat().st_size
            except OSError:
                pass
    return total


def _iso(value: Any) -> str | None:
    return value.isoformat(timespec="seconds") if isinstance(value, datetime) else value


def status(home: Home) -> dict[str, Any]:
    """The home's periods and space, as plain data (what ``--json`` prints)."""
    from kinerja.warehouse.publish import served

    info = served(home.published_db) if home.published_db.exists() else None
    published = set(info.periods) if info else set()
    con = duckdb.connect(str(home.working_db), read_only=True)
    try:
        runs = con.execute("""
            SELECT strftime(period, '%Y-%m') AS p, status, finished_at, gate_report, lineage_sha256
            FROM audit_run QUALIFY row_number() OVER (PARTITION BY period ORDER BY finished_at DESC) = 1
            ORDER BY p""").fetchall()
        refreshed = dict(con.execute("""
            SELECT strftime(period, '%Y-%m'), max(finished_at) FROM audit_run WHERE status = 'refreshed'
            GROUP BY ALL""").fetchall())
        reports = dict(con.execute("""
            SELECT strftime(period, '%Y-%m'), arg_max(gate_report, finished_at) FROM audit_run
            WHERE gate_report IS NOT NULL GROUP BY ALL""").fetchall())
        files: dict[str, list[dict[str, str]]] = {}
        for p, kind, name, sha in con.execute("""
                SELECT strftime(period, '%Y-%m'), kind, file_name, sha256 FROM out_load
                WHERE is_current AND period IS NOT NULL ORDER BY ALL""").fetchall():
            files.setdefault(p, []).append({"kind": kind, "file": name, "sha256": sha})
    finally:
        con.close()
    periods = [{
        "period": p, "state": state, "when": _iso(when), "last_refreshed": _iso(refreshed.get(p)),
        "inputs": files.get(p, []), "lineage_sha256": lineage, "published": p in published,
        "gate_report": reports.get(p) or report,
    } for p, state, when, report, lineage in runs]
    space = {name: _size(home.root / name) for name in ("warehouse.duckdb", "published", "gate", "reports", "logs")
             if (home.root / name).exists()}
    return {"home": str(home.root), "published": str(home.published_db) if info else None,
            "publish_id": info.publish_id if info else None, "periods": periods, "space_bytes": space}


def _mb(n: int) -> str:
    return f"{n / 1_000_000:.1f} MB"


def render(data: dict[str, Any]) -> None:
    """Print :func:`status` as a table (rich) with the space used below it; files and their sha256
    are in ``--json``."""
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"kinerja home {data['home']}", title_justify="left")
    for column in ("period", "state", "when (UTC)", "published", "inputs", "lineage", "gate report"):
        table.add_column(column, overflow="fold")
    home = Path(data["home"])
    for row in data["periods"]:
        inputs = f"{len(row['inputs'])} file(s)" if row["inputs"] else "-"
        report = row["gate_report"] or "-"
        if report != "-" and Path(report).is_relative_to(home):
            report = str(Path(report).relative_to(home))
        table.add_row(row["period"], row["state"], (row["when"] or "-")[:19].replace("T", " "),
                      "yes" if row["published"] else "no", inputs, (row["lineage_sha256"] or "-")[:12], report)
    console = Console(highlight=False, width=None if Console().is_terminal else 160)
    console.print(table)
    console.print("space: " + ", ".join(f"{k} {_mb(v)}" for k, v in data["space_bytes"].items()), markup=False)

"""Gate reports for people: GX Data Docs plus our own offline ``index.html``.

GX Data Docs pull jQuery/Bootstrap from CDNs and render unstyled offline (TRAPS.md), so the
page people open first is ``index.html``: self-contained, every value HTML-escaped, one
section per validation with its failing rows (file, row, column, rule, message) and a link
to the matching Data Docs page.
"""

from __future__ import annotations

import json
import re
from datetime import datetime, timezone
from html import escape
from pathlib import Path
from urllib.parse import unquote, urlparse

import great_expectations as gx
from great_expectations.core.expectation_validation_result import ExpectationSuiteValidationResultSchema
from great_expectations.core.run_identifier import RunIdentifier
from great_expectations.data_context.types.base import DataContextConfig, InMemoryStoreBackendDefaults
from great_expectations.data_context.types.resource_identifiers import (
    ExpectationSuiteIdentifier,
    ValidationResultIdentifier,
)

from .core import GateResult, SuiteRun

SITE = "gate"

_CSS = """body{font-family:sans-serif;margin:2em;color:#222}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #bbb;padding:3px 8px;
text-align:left;vertical-align:top}th{background:#eee}.pass{color:#176d2c}.fail{color:#b00020}
.warning{background:#fff6d5}.error{background:#fde8ea}"""


def render_report(results: list[GateResult], out_dir: Path, title: str) -> Path:
    """Write Data Docs under ``out_dir/data_docs/`` and ``out_dir/index.html``; return the latter."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    links = _build_data_docs([run for r in results for run in r.results], out_dir)
    index = out_dir / "index.html"
    index.write_text(_index_html(results, links, title), encoding="utf-8")
    return index


def _build_data_docs(runs: list[SuiteRun], out_dir: Path) -> dict[int, str]:
    """Store the GX result of every run that failed or warned in a throw-away context and
    build its Data Docs site (a passing run has no rows to show; its summary line in
    ``index.html`` says it passed). No such run: no site at all.

    Returns, per position in ``runs``, the page's path relative to ``out_dir``.
    """
    if not any(run.issues for run in runs):
        return {}
    config = DataContextConfig(
        store_backend_defaults=InMemoryStoreBackendDefaults(init_temp_docs_sites=False),
        analytics_enabled=False,
    )
    context = gx.get_context(project_config=config, mode="ephemeral")
    context.add_data_docs_site(SITE, {
        "class_name": "SiteBuilder",
        "store_backend": {"class_name": "TupleFilesystemStoreBackend",
                          "base_directory": str(out_dir / "data_docs")},
        "site_index_builder": {"class_name": "DefaultSiteIndexBuilder"},
    })
    schema = ExpectationSuiteValidationResultSchema()
    run_time = datetime.now(timezone.utc)
    keys: dict[int, ValidationResultIdentifier] = {}
    for n, run in enumerate(runs):
        payload = json.loads(run.result_json)
        if not payload or not run.issues:  # crashed (nothing to show) or passed (nothing to fix)
            continue
        batch = f"{n:03d}_" + re.sub(r"[^A-Za-z0-9._-]+", "_", run.file)
        keys[n] = ValidationResultIdentifier(
            ExpectationSuiteIdentifier(name=run.suite),
            RunIdentifier(run_name=run.period, run_time=run_time),
            batch,
        )
        context.validation_results_store.set(keys[n], schema.load(payload))
    context.build_data_docs(site_names=[SITE])
    links = {}
    for n, key in keys.items():
        url = context.get_docs_sites_urls(resource_identifier=key, site_name=SITE)[0]["site_url"]
        links[n] = Path(unquote(urlparse(url).path)).relative_to(out_dir.resolve()).as_posix()
    return links


def _issue_table(issues) -> str:
    rows = ["<table><tr><th>file</th><th>row</th><th>column</th><th>rule</th><th>severity</th><th>message</th></tr>"]
    rows += [f"<tr class='{escape(i.severity)}'><td>{escape(i.file)}</td>"
             f"<td>{'' if i.row is None else i.row}</td><td>{escape(i.column or '')}</td>"
             f"<td>{escape(i.rule)}</td><td>{escape(i.severity)}</td><td>{escape(i.message)}</td></tr>"
             for i in issues]
    return "\n".join(rows + ["</table>"])


def _index_html(results: list[GateResult], links: dict[int, str], title: str) -> str:
    runs = [run for r in results for run in r.results]
    ok = all(r.success for r in results)
    parts = [
        "<!DOCTYPE html><html><head><meta charset='utf-8'>",
        f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>",
        f"<h1>{escape(title)}</h1>",
        f"<p class='{'pass' if ok else 'fail'}'><b>{'PASSED' if ok else 'FAILED'}</b>: "
        f"{sum(len(r.errors) for r in results)} error(s), "
        f"{sum(len(r.warnings) for r in results)} warning(s) in {len(runs)} validation(s).</p>",
        "<table><tr><th>file</th><th>suite</th><th>period</th><th>result</th>"
        "<th>expectations</th><th>failed</th><th>details</th></tr>",
    ]
    for n, run in enumerate(runs):
        status = "pass" if run.success else "fail"
        docs = f"<a href='{escape(links[n])}'>Data Docs</a>" if n in links else ""
        parts.append(
            f"<tr><td>{escape(run.file)}</td><td>{escape(run.suite)}</td><td>{escape(run.period)}</td>"
            f"<td class='{status}'>{status.upper()}</td><td>{run.evaluated}</td><td>{run.failed}</td>"
            f"<td><a href='#run{n}'>rows</a> {docs}</td></tr>"
        )
    parts.append("</table>")
    in_runs = {id(i) for run in runs for i in run.issues}
    outside = [i for r in results for i in r.issues if id(i) not in in_runs]
    if outside:
        parts.append("<h2 id='outside'>Found before validation (reading, files, earlier months)</h2>")
        parts.append(_issue_table(outside))
    for n, run in enumerate(runs):
        parts.append(f"<h2 id='run{n}'>{escape(run.file)}: {escape(run.suite)} "
                     f"<span class='{'pass' if run.success else 'fail'}'>"
                     f"{'PASS' if run.success else 'FAIL'}</span></h2>")
        if n in links:
            parts.append(f"<p><a href='{escape(links[n])}'>GX Data Docs for this validation</a></p>")
        if not run.issues:
            parts.append("<p>No failing rows.</p>")
            continue
        parts.append(_issue_table(run.issues))
    parts.append("</body></html>")
    return "\n".join(parts)

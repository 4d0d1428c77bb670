"""Gate reports for the people who fix extracts: one self-contained ``index.html`` in Indonesian.

The satker's finance officers read it offline: no request leaves the machine (no scripts, no
external styles, no GX Data Docs, whose pages load jQuery and Bootstrap from CDNs and which
copied about 4,8 MB of static files per run). The page is rendered by Jinja2 with autoescape.

Order: the verdict and a summary of every outcome (each validation, and every file that could
not be read or was refused before validation), then the failures, files that failed first;
passing validations appear only in the summary. Rule ids are unchanged (they are what the
documentation and ``audit_gate_issue`` use); beside each failing rule, what to do about it
(:mod:`.guidance`). Many rows breaking one rule in one column of one
file collapse into the first few rows and one line with the count and the other row numbers;
long messages are cut.
"""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path

from jinja2 import Environment

from .core import GateResult, SuiteRun
from .guidance import tindakan

SHOWN_PER_GROUP = 5       # rows shown per (file, rule, column) before the rest collapse into one line
ROWS_NAMED = 20           # row numbers named in the collapsed line
MESSAGE_CHARS = 480     # a message collapsing many lines names the first few: keep it whole

SEVERITY = {"error": "kesalahan", "warning": "peringatan"}

_TEMPLATE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8"><title>{{ title }}</title>
<style>
body{font-family:sans-serif;margin:2em;color:#222;max-width:80em}
table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #bbb;padding:3px 8px;
text-align:left;vertical-align:top}th{background:#eee}.lulus{color:#176d2c}.gagal{color:#b00020}
tr.peringatan{background:#fff6d5}tr.kesalahan{background:#fde8ea}.ringkas{font-style:italic}
</style></head><body>
<h1>{{ title }}</h1>
<p class="{{ 'lulus' if ok else 'gagal' }}"><b>{{ 'LULUS' if ok else 'GAGAL' }}</b>:
{{ n_errors }} kesalahan, {{ n_warnings }} peringatan dalam {{ summary|length }} pemeriksaan.
{% if not ok %}Tidak ada yang diterbitkan: perbaiki atau minta ulang berkas yang disebut di bawah, lalu jalankan
perintah yang sama lagi.{% endif %}</p>
<h2>Ringkasan</h2>
<table><tr><th>berkas</th><th>pemeriksaan</th><th>periode</th><th>hasil</th><th>aturan dinilai</th>
<th>gagal</th><th>rincian</th></tr>
{% for s in summary %}<tr><td>{{ s.file }}</td><td>{{ s.suite }}</td><td>{{ s.period }}</td>
<td class="{{ 'lulus' if s.success else 'gagal' }}">{{ 'LULUS' if s.success else 'GAGAL' }}</td>
<td>{{ s.evaluated }}</td><td>{{ s.failed }}</td>
<td>{% if s.anchor %}<a href="#{{ s.anchor }}">baris</a>{% endif %}</td></tr>
{% endfor %}</table>
{% for section in sections %}
<h2 id="{{ section.anchor }}">{{ section.heading }}</h2>
<table><tr><th>berkas</th><th>baris</th><th>kolom</th><th>aturan</th><th>tingkat</th><th>pesan</th>
<th>yang harus dilakukan</th></tr>
{% for r in section.rows %}<tr class="{{ r.severity }}{{ ' ringkas' if r.collapsed else '' }}"><td>{{ r.file }}</td>
<td>{{ r.row }}</td><td>{{ r.column }}</td><td>{{ r.rule }}</td><td>{{ r.severity }}</td><td>{{ r.message }}</td>
<td>{{ r.tindakan }}</td></tr>
{% endfor %}</table>
{% endfor %}
</body></html>
"""

_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)


def render_report(results: list[GateResult], out_dir: Path, title: str) -> Path:
    """Write ``out_dir/index.html`` (self-contained) and return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    index = out_dir / "index.html"
    index.write_text(_index_html(results, title), encoding="utf-8")
    return index


def _cut(text: str, limit: int = MESSAGE_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _rows(issues) -> list[dict]:
    """Table rows for ``issues``, errors first, repeated (file, rule, column) groups collapsed."""
    groups: dict[tuple, list] = defaultdict(list)
    for issue in issues:
        groups[(issue.severity != "error", issue.file, issue.rule, issue.column or "")].append(issue)
    rows = []
    for key in sorted(groups):
        group = groups[key]
        for n, issue in enumerate(group[:SHOWN_PER_GROUP]):
            rows.append({"file": issue.file, "row": "" if issue.row is None else issue.row,
                         "column": issue.column or "", "rule": issue.rule,
                         "severity": SEVERITY.get(issue.severity, issue.severity),
                         "message": _cut(issue.message), "collapsed": False,
                         "tindakan": "" if n else tindakan(issue.rule)})   # once per group
        rest = group[SHOWN_PER_GROUP:]
        if rest:
            numbers = [str(i.row) for i in rest if i.row is not None]
            named = ", ".join(numbers[:ROWS_NAMED]) + (", …" if len(numbers) > ROWS_NAMED else "")
            first = group[0]
            rows.append({"file": first.file, "row": "", "column": first.column or "", "rule": first.rule,
                         "severity": SEVERITY.get(first.severity, first.severity), "collapsed": True, "tindakan": "",
                         "message": f"dan {len(rest)} baris lain melanggar aturan yang sama"
                                    + (f" (baris {named})" if named else "")})
    return rows


def _index_html(results: list[GateResult], title: str) -> str:
    runs: list[SuiteRun] = [run for r in results for run in r.results]
    in_runs = {id(i) for run in runs for i in run.issues}
    outside = [i for r in results for i in r.issues if id(i) not in in_runs]
    order = sorted(range(len(runs)), key=lambda n: (runs[n].success, not runs[n].issues, runs[n].file))
    summary, sections = [], []
    # files refused before any validation (unreadable, missing, out of order) are outcomes too
    by_file: dict[str, list] = defaultdict(list)
    for issue in outside:
        by_file[issue.file].append(issue)
    if outside:
        sections.append({"anchor": "sebelum-validasi", "heading": "Ditemukan sebelum validasi (membaca berkas, "
                                                                    "berkas yang hilang, bulan sebelumnya)",
                         "rows": _rows(outside)})
    for file, issues in sorted(by_file.items()):
        errors = sum(1 for i in issues if i.severity == "error")
        summary.append({"file": file, "suite": "pembacaan dan kelengkapan berkas", "period": "",
                        "success": not errors, "evaluated": "", "failed": len(issues),
                        "anchor": "sebelum-validasi"})
    for n in order:
        run = runs[n]
        anchor = f"run{n}" if run.issues else ""
        summary.append({"file": run.file, "suite": run.suite, "period": run.period, "success": run.success,
                        "evaluated": run.evaluated, "failed": run.failed, "anchor": anchor})
        if run.issues:
            sections.append({"anchor": anchor, "heading": f"{run.file}: {run.suite} "
                                                          f"({'LULUS' if run.success else 'GAGAL'})",
                             "rows": _rows(run.issues)})
    summary.sort(key=lambda s: (s["success"], s["file"]))
    return _ENV.from_string(_TEMPLATE).render(
        title=title, ok=all(r.success for r in results), summary=summary, sections=sections,
        n_errors=sum(len(r.errors) for r in results), n_warnings=sum(len(r.warnings) for r in results))

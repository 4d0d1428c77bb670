"""A self-contained HTML page: inline CSS, charts as ``data:`` SVG images, no external asset.

Rendered by Jinja2 with autoescape (every text escaped); a Content-Security-Policy forbids any fetch other than ``data:``
images and the inline style, so the page makes no request even if opened online.
"""

from __future__ import annotations

import base64
from pathlib import Path
from typing import TYPE_CHECKING

from jinja2 import Environment

from kinerja.report.charts import Chart
from kinerja.report.narrative import Heading, Paragraph
from kinerja.report.tables import Row, Table, cell_text

if TYPE_CHECKING:
    from kinerja.report.document import Report

CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"
CSS = """
body { font-family: "DejaVu Sans", Arial, sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem;
       color: #1b1b1b; line-height: 1.5; }
h1 { font-size: 1.4rem; }
p { text-align: justify; }
div.table { overflow-x: auto; margin: 1.5rem 0 0.5rem; }
table { border-collapse: collapse; width: 100%; font-size: 0.85rem; }
table.wide { font-size: 0.75rem; }
caption { caption-side: top; font-weight: bold; padding-bottom: 0.3rem; text-align: left; }
h2 { font-size: 1.2rem; } h3 { font-size: 1.05rem; } h4 { font-size: 1rem; font-style: italic; }
p.placeholder { background: #fff3cd; border-left: 4px solid #c0392b; padding: 0.3rem 0.6rem; font-weight: bold; }
p.label { font-weight: bold; margin-bottom: 0.2rem; }
p.subtitle { font-style: italic; }
th, td { border: 1px solid #7a7a7a; padding: 0.2rem 0.4rem; vertical-align: top; }
th { background: #ddebf7; }
td.num { text-align: right; white-space: nowrap; }
tfoot td { font-weight: bold; }
figure { margin: 1.5rem 0; }
figure img { max-width: 100%; height: auto; }
figcaption, .note { font-style: italic; font-size: 0.85rem; }
"""


_TEMPLATE = """<!DOCTYPE html>
<html lang="id"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="{{ csp }}">
<meta name="referrer" content="no-referrer">
<title>{{ heading }}</title><style>{{ css|safe }}</style></head><body>
{% macro row(cells) %}<tr>{% for text, num in cells %}<td{% if num %} class="num"{% endif %}>{{ text }}</td>{% endfor %}</tr>{% endmacro %}
{% for b in blocks %}
{% if b.kind == "heading" %}
<h{{ b.level }}>{{ b.text }}</h{{ b.level }}>
{% elif b.kind == "paragraph" %}
<p{% if b.style != "body" %} class="{{ b.style }}"{% endif %}>{{ b.text }}</p>
{%- if b.entries %}<ol>{% for item in b.entries %}<li>{{ item }}</li>{% endfor %}</ol>{% endif %}

{% elif b.kind == "table" %}
<div class="table"><table{% if b.headers|length >= WIDE %} class="wide"{% endif %}>
<caption>{{ b.caption }}</caption>
<thead><tr>{% for h in b.headers %}<th scope="col">{{ h }}</th>{% endfor %}</tr></thead>
<tbody>
{% for cells in b.rows %}{{ row(cells) }}
{% endfor %}</tbody>{% if b.total %}<tfoot>{{ row(b.total) }}</tfoot>{% endif %}
</table></div>{% if b.note %}<p class="note">{{ b.note }}</p>{% endif %}

{% else %}
<figure><img alt="{{ b.caption }}" src="data:image/svg+xml;base64,{{ b.data }}"><figcaption>{{ b.caption }}</figcaption></figure>
{% endif %}
{% endfor %}
</body></html>
"""

# Tables of this many columns or more (the IPH table by unit and its eight dimensions) are set
# smaller, so that they fit the page's 60rem column; any table wider than the window scrolls
# inside its own box, never the page.
WIDE = 10

# Every text is escaped by Jinja2's autoescape; only the constant CSS is marked safe (a <style>
# element does not decode entities).
_ENV = Environment(autoescape=True, trim_blocks=True, lstrip_blocks=True)


def _cells(table: Table, row: Row) -> list[tuple[str, bool]]:
    return [(cell_text(col, row[col.key]), col.kind != "text") for col in table.columns]


def _block(b: object) -> dict:
    if isinstance(b, Heading):
        return {"kind": "heading", "level": int(b.level), "text": b.text}
    if isinstance(b, Paragraph):
        return {"kind": "paragraph", "style": b.style, "text": b.text, "entries": list(b.items or ())}
    if isinstance(b, Table):
        return {"kind": "table", "caption": b.caption, "headers": [c.header for c in b.columns],
                "rows": [_cells(b, r) for r in b.rows], "note": b.note,
                "total": _cells(b, b.total) if b.total is not None else None}
    assert isinstance(b, Chart)
    return {"kind": "chart", "caption": b.caption, "data": base64.b64encode(b.svg.encode("utf-8")).decode("ascii")}


def render_html(report: Report) -> str:
    """The page as a string, in the chapter's reading order (Jinja2, autoescape)."""
    return _ENV.from_string(_TEMPLATE).render(csp=CSP, css=CSS, heading=report.heading, WIDE=WIDE,
                                              blocks=[_block(b) for b in report.blocks])


def write_html(path: Path, report: Report) -> Path:
    """Write the page (UTF-8)."""
    path.write_text(render_html(report), encoding="utf-8")
    return path

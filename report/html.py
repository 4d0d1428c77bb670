"""A self-contained HTML page: inline CSS, charts as ``data:`` SVG images, no external asset.

Every text is escaped; a Content-Security-Policy forbids any fetch other than ``data:``
images and the inline style, so the page makes no request even if opened online.
"""

from __future__ import annotations

import base64
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

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
table { border-collapse: collapse; margin: 1.5rem 0 0.5rem; width: 100%; font-size: 0.85rem; }
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


def _table(table: Table) -> str:
    head = "".join(f"<th scope=\"col\">{escape(c.header)}</th>" for c in table.columns)

    def row_html(row: Row) -> str:
        cells = []
        for col in table.columns:
            cls = ' class="num"' if col.kind != "text" else ""
            cells.append(f"<td{cls}>{escape(cell_text(col, row[col.key]))}</td>")
        return "<tr>" + "".join(cells) + "</tr>"

    body = "\n".join(row_html(r) for r in table.rows)
    foot = f"<tfoot>{row_html(table.total)}</tfoot>" if table.total is not None else ""
    note = f'<p class="note">{escape(table.note)}</p>' if table.note else ""
    return (f"<table>\n<caption>{escape(table.caption)}</caption>\n<thead><tr>{head}</tr></thead>\n"
            f"<tbody>\n{body}\n</tbody>{foot}\n</table>{note}")


def _chart(chart: Chart) -> str:
    data = base64.b64encode(chart.svg.encode("utf-8")).decode("ascii")
    return (f'<figure><img alt="{escape(chart.caption)}" src="data:image/svg+xml;base64,{data}">'
            f"<figcaption>{escape(chart.caption)}</figcaption></figure>")


def _paragraph(p: Paragraph) -> str:
    cls = f' class="{p.style}"' if p.style != "body" else ""
    text = f"<p{cls}>{escape(p.text)}</p>"
    if p.items:
        text += "<ol>" + "".join(f"<li>{escape(item)}</li>" for item in p.items) + "</ol>"
    return text


def _block(b: object) -> str:
    if isinstance(b, Heading):
        return f"<h{b.level}>{escape(b.text)}</h{b.level}>"
    if isinstance(b, Paragraph):
        return _paragraph(b)
    if isinstance(b, Table):
        return _table(b)
    assert isinstance(b, Chart)
    return _chart(b)


def render_html(report: Report) -> str:
    """The page as a string, in the chapter's reading order."""
    parts = [
        "<!DOCTYPE html>",
        '<html lang="id"><head><meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">',
        '<meta name="referrer" content="no-referrer">',
        f"<title>{escape(report.heading)}</title><style>{CSS}</style></head><body>",
        *(_block(b) for b in report.blocks),
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


def write_html(path: Path, report: Report) -> Path:
    """Write the page (UTF-8)."""
    path.write_text(render_html(report), encoding="utf-8")
    return path

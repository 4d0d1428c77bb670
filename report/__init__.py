"""Report generator: Bab III (Akuntabilitas Kinerja) of the LKjIP for one period, from the published database.

    report.build(published_db, "2025-06", ("xlsx", "docx", "html", "md"), out_dir,
                 kind="semester", landing=Path("landing"), template=None)

reads ``<home>/published/kinerja.duckdb`` read-only, builds the registered tables
(:data:`TABLES`), lays out the chapter (:mod:`kinerja.report.chapter`: sections A-E, tables
and charts numbered ``Tabel 3.n`` / ``Gambar 3.n`` in reading order), merges the office's
analysis from ``<landing>/<period>/narasi.md`` (:mod:`kinerja.report.narasi`) and writes
``kinerja_<period>.<ext>`` per format into ``out_dir``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Final

from kinerja.report import budget, indicators
from kinerja.report import narasi as narasi_mod
from kinerja.report.chapter import KINDS, assemble, default_kind
from kinerja.report.charts import CHARTS
from kinerja.report.document import Report
from kinerja.report.docx import write_docx
from kinerja.report.html import write_html
from kinerja.report.markdown import write_markdown
from kinerja.report.queries import (
    PeriodNotPublished,
    Source,
    connect,
    parse_period,
    resolve_region,
    table_names,
)
from kinerja.report.tables import TableSpec, build_tables
from kinerja.report.xlsx import write_xlsx
from kinerja.rules import Rules, rules_for
from kinerja.warehouse.home import Home

__all__ = ["CHARTS", "FORMATS", "KINDS", "TABLES", "PeriodNotPublished", "Report", "build", "compose"]

log = logging.getLogger(__name__)

# The registered tables, in report order: the budget tables, then the performance indicators
# (out_rb_satker, out_iku, out_survey_*, out_iph_*). A spec whose source tables are absent, or
# hold no row for the period, is skipped and logged.
TABLES: Final[tuple[TableSpec, ...]] = budget.SPECS + indicators.SPECS

# A writer gets (file path, report, template) and returns what it wrote.
Writer = Callable[..., Path | list[Path]]
FORMATS: Final[dict[str, Writer]] = {"xlsx": write_xlsx, "docx": write_docx, "html": write_html, "md": write_markdown}


class Written(list):
    """The files a build wrote, and the analysis entries that were missing (placeholders)."""

    missing: list[str]


def compose(published_db: Path, period: str, *, kode_kanwil: str | None = None, rules: Rules | None = None,
            kind: str | None = None, landing: Path | None = None) -> Report:
    """Read the published database (read-only) and lay out the chapter of ``period``.

    ``kind`` (bulanan, triwulan, semester, tahunan) defaults from the month (June: semester,
    December: tahunan, March/September: triwulan). ``landing``: the folder holding
    ``<period>/narasi.md`` (none: every analysis is a placeholder). ``rules`` defaults to the
    rules of the period's fiscal year (``rules_for(year)``).
    Raises ValueError (bad period or kind, or no rules for its year), FileNotFoundError (no
    database) and PeriodNotPublished.
    """
    when = parse_period(period)
    kind = kind or default_kind(when.month)
    rules = rules if rules is not None else rules_for(when.year)
    notes = narasi_mod.read(Path(landing) if landing is not None else None, period)
    con = connect(Path(published_db))
    try:
        region = resolve_region(con, when, kode_kanwil)
        names = table_names(con)
        tables = build_tables(Source(con, when, region, names, rules, labels=dict(notes.labels)), TABLES)
        chapter, tables, charts = assemble(tables, con, names, when, kind, region.nama_kanwil, region.kode_kanwil,
                                           notes, rules)
    finally:
        con.close()
    return Report(when, region, kind, chapter.title, chapter.blocks, tables, charts, chapter.missing)


def build(
    published_db: Path,
    period: str,
    formats: Sequence[str] = ("xlsx", "docx", "html", "md"),
    out_dir: Path | None = None,
    *,
    kode_kanwil: str | None = None,
    rules: Rules | None = None,
    kind: str | None = None,
    landing: Path | None = None,
    template: Path | None = None,
    paper: str = "A4",
) -> Written:
    """Write the report of ``period`` (``YYYY-MM``) in each of ``formats``; return the files written.

    ``out_dir`` defaults to ``<home>/reports/<period>`` next to ``<home>/published``.
    ``kode_kanwil`` chooses the region when the database holds several; ``rules`` defaults
    to the rules of the period's fiscal year; ``kind`` and ``landing`` as in :func:`compose`;
    ``template``: a .docx whose styles (and page set-up) the DOCX uses; ``paper``: ``A4`` or ``F4``.
    The returned list also carries ``missing``: the analysis entries narasi.md lacks.
    Raises ValueError (bad period or format), FileNotFoundError (no database) and
    PeriodNotPublished (the period, or region, is not in the published database).
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown format(s) {unknown or list(formats)}; choose from {', '.join(FORMATS)}")
    content = compose(published_db, period, kode_kanwil=kode_kanwil, rules=rules, kind=kind, landing=landing)
    # the published file lives at <home>/published/kinerja.duckdb; the home owns the layout
    target = Path(out_dir) if out_dir is not None else Home(Path(published_db).parent.parent).report_dir(period)
    target.mkdir(parents=True, exist_ok=True)
    written = Written()
    written.missing = list(content.missing)
    for fmt in dict.fromkeys(formats):
        extra = {"template": template, "paper": paper} if fmt == "docx" else {}
        result = FORMATS[fmt](target / f"kinerja_{period}.{fmt}", content, **extra)
        written.extend(result if isinstance(result, list) else [result])
    for entry in content.missing:
        log.warning("report %s: analysis missing in narasi.md: %s", period, entry)
    log.info("report %s written: %s", period, ", ".join(str(p) for p in written))
    return written

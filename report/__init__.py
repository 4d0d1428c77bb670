"""Report generator: the LKjIP budget and performance section of one period, from the published database.

    report.build(published_db, "2025-06", ("xlsx", "docx", "html", "md"), out_dir)

reads ``<home>/published/kinerja.duckdb`` read-only, builds the registered tables
(:data:`TABLES`), the narrative that quotes them and the charts drawn from them, and writes
``kinerja_<period>.<ext>`` per format into ``out_dir``.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Final

from kinerja.report import budget, indicators
from kinerja.report.charts import CHARTS, Chart, build_charts
from kinerja.report.docx import write_docx
from kinerja.report.html import write_html
from kinerja.report.markdown import write_markdown
from kinerja.report.narrative import Paragraph, budget_narrative, heading, performance_narrative
from kinerja.report.queries import (
    PeriodNotPublished,
    Region,
    Source,
    connect,
    parse_period,
    resolve_region,
    table_names,
)
from kinerja.report.tables import Table, TableSpec, build_tables
from kinerja.report.xlsx import write_xlsx
from kinerja.rules import Rules, rules_for
from kinerja.warehouse.home import Home

__all__ = ["CHARTS", "FORMATS", "TABLES", "PeriodNotPublished", "Report", "build", "compose"]

log = logging.getLogger(__name__)

# The registered tables, in report order: the budget tables, then the performance indicators
# (out_rb_satker, out_iku, out_survey_*, out_iph_*). A spec whose source tables are absent, or
# hold no row for the period, is skipped and logged.
TABLES: Final[tuple[TableSpec, ...]] = budget.SPECS + indicators.SPECS

# A writer gets (file path, heading, paragraphs, tables, charts) and returns what it wrote.
Writer = Callable[[Path, str, Sequence[Paragraph], Sequence[Table], Sequence[Chart]], Path | list[Path]]
FORMATS: Final[dict[str, Writer]] = {"xlsx": write_xlsx, "docx": write_docx, "html": write_html, "md": write_markdown}


@dataclass(frozen=True)
class Report:
    """Everything one report shows, before it is written in any format."""

    period: date
    region: Region
    heading: str
    paragraphs: list[Paragraph]
    tables: list[Table]
    charts: list[Chart]


def compose(published_db: Path, period: str, *, kode_kanwil: str | None = None,
            rules: Rules | None = None) -> Report:
    """Read the published database (read-only) and build the tables, narrative and charts of ``period``.

    ``rules`` defaults to the rules of the period's fiscal year (``rules_for(year)``).
    Raises ValueError (bad period, or no rules for its year), FileNotFoundError (no database)
    and PeriodNotPublished.
    """
    when = parse_period(period)
    rules = rules if rules is not None else rules_for(when.year)
    con = connect(Path(published_db))
    try:
        region = resolve_region(con, when, kode_kanwil)
        tables = build_tables(Source(con, when, region, table_names(con), rules), TABLES)
    finally:
        con.close()
    paragraphs = budget_narrative(tables, region.nama_kanwil, when) + performance_narrative(tables, rules)
    return Report(when, region, heading(when), paragraphs, tables, build_charts(tables, when))


def build(
    published_db: Path,
    period: str,
    formats: Sequence[str] = ("xlsx", "docx", "html", "md"),
    out_dir: Path | None = None,
    *,
    kode_kanwil: str | None = None,
    rules: Rules | None = None,
) -> list[Path]:
    """Write the report of ``period`` (``YYYY-MM``) in each of ``formats``; return the files written.

    ``out_dir`` defaults to ``<home>/reports/<period>`` next to ``<home>/published``.
    ``kode_kanwil`` chooses the region when the database holds several; ``rules`` defaults
    to the rules of the period's fiscal year.
    Raises ValueError (bad period or format), FileNotFoundError (no database) and
    PeriodNotPublished (the period, or region, is not in the published database).
    """
    unknown = [f for f in formats if f not in FORMATS]
    if unknown or not formats:
        raise ValueError(f"unknown format(s) {unknown or list(formats)}; choose from {', '.join(FORMATS)}")
    content = compose(published_db, period, kode_kanwil=kode_kanwil, rules=rules)
    # the published file lives at <home>/published/kinerja.duckdb; the home owns the layout
    target = Path(out_dir) if out_dir is not None else Home(Path(published_db).parent.parent).report_dir(period)
    target.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for fmt in dict.fromkeys(formats):
        result = FORMATS[fmt](target / f"kinerja_{period}.{fmt}", content.heading, content.paragraphs,
                              content.tables, content.charts)
        written.extend(result if isinstance(result, list) else [result])
    log.info("report %s written: %s", period, ", ".join(str(p) for p in written))
    return written

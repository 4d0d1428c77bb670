"""docs/data_dictionary.md, generated from the metadata: ``python -m kinerja.metadata``.

The prose around the tables (what the file is, conventions, which delivery applies to a
period) is written here once; every table, grain, key and column comes from the metadata.
"""

from __future__ import annotations

from collections.abc import Iterable

from .classes import LAYERS, UNITS, Table
from .ikpa import SECTION as IKPA_SECTION

INTRO = """\
# Data dictionary

<!-- Generated from kinerja/metadata/ by `python -m kinerja.metadata > docs/data_dictionary.md`.
     Do not edit by hand: change the metadata (or kinerja/metadata/dictionary.py) and regenerate;
     tests/metadata/test_metadata.py fails when this file and the metadata differ. -->

BI tools open `<home>/published/kinerja.duckdb` **read-only** (see README, "Connecting a BI
tool"). It holds the reporting tables (`out_*`), the load history `out_load` (lineage),
`out_publish_history` and `publish_info`, and the BI model: dimensions (`dim_*`), facts
per scope (`fact_*`) and metric views (`v_*`). Every table and column of the file carries the
description below as a DuckDB comment (`duckdb_tables()`, `duckdb_columns()`), and the file's
tables have the NOT NULL constraints and primary keys listed here.

Conventions (all tables):

- `period` is a DATE, the first day of the month the figures are **as of** (figures are at
  the end of that month: `2025-06-01` means "s.d. 30 Juni 2025").
- Money is `DECIMAL(38,2)` rupiah in `out_*` (sums of `DECIMAL(18,2)` lines), exact.
  Percentages (`*_pct`) are `DOUBLE` on a 0..100 scale, unrounded (the BI model's `*_ratio`
  are fractions); each is a ratio of the sums on its
  own row, never a mean of lower-level percentages. Round only when presenting (the report
  rounds half-up to 2 decimals).
- Codes are text: `kode_satker` 6 digits, `kode_kanwil` the 6-digit code of the Kanwil
  satker that heads the region, `kode_jenis_belanja` the 2-digit akun prefix.
- n/a is NULL, never 0. Lineage: `*_load_id` columns are keys of `out_load` (file name,
  sha256, Prefect flow run id, load time) for the inputs of the row.
"""

UNITS_HEAD = """\
## Units

The `unit` column of the tables below says what a number counts; a column without a unit is a
code, a name, a date, a flag, an identifier or text.

| unit | meaning |
|---|---|
"""

SECTIONS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("Budget absorption", """\
Transforms: `transforms/budget.py`. The measures (pagu .. n_akun_over_pagu) mean the same in
every `out_budget_*` table; `pagu_share_pct` names its parent level per table.
""", ("out_budget_satker_jenis_belanja", "out_budget_satker", "out_budget_jenis_satker",
      "out_budget_region_jenis_belanja", "out_budget_region")),
    ("Performance indicators", """\
Transforms: `transforms/rb.py`, `transforms/survey.py`, `transforms/iph.py`,
`transforms/attainment.py` (period rules in `transforms/indicators.py`). Ratios and indices
are `DOUBLE`, unrounded; counts `BIGINT`; `*_load_id` columns are NULL when the writer did not
pass the load. No table holds free-text survey answers: the reader drops them.

Which delivery applies to period P (all within P's year): RB, every checkpoint delivered on
or before P (the latest is P's figure); survey, the semester containing P if delivered on or
before P; IPH, the latest delivery on or before P; typed iku, the file in P's own folder
(else n/a "belum dilaporkan"); pk, P's own folder's file, else the `reference/pk*` file in force for P
by the validity its name gives (`pk.csv` from the beginning, `pk_2026.csv` from 2026-01).
""", ("out_rb_satker", "out_rb_region", "out_survey_satker", "out_survey_region", "out_iph_satker",
      "out_iph_region", "out_iku", "out_iku_summary")),
    ("BI model: dimensions, facts and scopes", """\
Built by the publish from the working DB (`warehouse/model.py`, SELECTs in
`warehouse/sql/published/`); they exist only in the published file. Conventions:

- **Summable or not.** `realisasi_bulan` is one month's flow: sum it over periods, satker and
  akun. `pagu`, `blokir`, `realisasi_kumulatif`, `sisa` and RB item counts are balances at
  period end: sum them over satker or akun, never over periods (take one period).
- **Ratios** here are fractions named `*_ratio` (0.4002 = 40,02 %), unrounded: give them a
  percent format with two decimals. The `out_*` tables keep the LKjIP's `*_pct` on a 0..100
  scale; never give a `*_pct` column a percent format. Aggregate a ratio as a ratio of sums
  (`sum(realisasi_kumulatif) / sum(pagu)`), never as a mean of ratios.
- **Lingkup (scope).** `wilayah`: the Kanwil and all its UPT (equals the `*_region` tables);
  `upt`: the UPT only (the report's "lingkup UPT"); `kanwil`: the Kanwil only.
""", ("dim_satker", "dim_period", "dim_jenis_belanja", "fact_budget_akun", "fact_budget_lingkup",
      "fact_budget_lingkup_jenis_belanja", "fact_rb_lingkup", "fact_survey_lingkup")),
    ("Lineage and publishes", """\
In the working DB `out_load` and `out_publish_history` are views over `audit_load` and
`audit_publish` (`warehouse/sql/001_views.sql`); in the published file they are tables.
`publish_period` records, per period, the refresh the file's rows come from and their content
hash: a publish rewrites only the periods refreshed since and checks the others against it.
""", ("out_load", "out_publish_history", "publish_info", "publish_period")),
    IKPA_SECTION,
)

WORKING_HEAD = """\
# The working DB

`<home>/warehouse.duckdb`, opened by kinerja alone (never by a BI tool). It holds the `out_*`
tables above and the layers below; its tables are created from the metadata and its schema
version is recorded in `audit_schema_version` (`kinerja/warehouse/schema.py` migrates an
older home when it is opened). Layers:

| layer | holds |
|---|---|
"""


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("*", "\\*")


def table_markdown(table: Table, level: str = "###") -> str:
    """One table: heading, description, grain, key, where it lives, and its columns."""
    where = []
    if table.working:
        where.append("working DB" + (" (view)" if table.working == "view" else ""))
    if table.published:
        where.append("published file")
    key = ", ".join(f"`{k}`" for k in table.primary_key) or "none (see grain)"
    if table.primary_key and not table.key_enforced:
        key += " (unique by gate 1, not declared in the working DB)"
    lines = [
        f"{level} {table.name}", "",
        _cell(table.description), "",
        f"Grain: `{table.grain}`. Primary key: {key}. In: {', '.join(where)}.", "",
        "| column | type | unit | null | description |",
        "|---|---|---|---|---|",
    ]
    for c in table.columns:
        lines.append(f"| {c.name} | {c.type} | {c.unit or ''} | {'yes' if c.nullable else 'no'} "
                     f"| {_cell(c.description)} |")
    return "\n".join(lines) + "\n"


def _tables(tables: dict[str, Table], names: Iterable[str]) -> str:
    return "\n".join(table_markdown(tables[n]) for n in names)


def views_markdown() -> str:
    """The metric views of the published file (their SELECTs: ``warehouse/sql/published/``)."""
    from .bi import VIEWS

    parts = ["## Metric views\n\nReady for dashboards; each one's SQL shows how to aggregate "
             "correctly (ratios of sums). Their columns carry comments like the tables'.\n"]
    for view in VIEWS:
        rows = "".join(f"| {c} | {_cell(d)} |\n" for c, d in view.columns)
        parts.append(f"### {view.name}\n\n{_cell(view.description)}\n\n| column | description |\n"
                     f"|---|---|\n{rows}")
    return "\n".join(parts)


def render(tables: dict[str, Table]) -> str:
    """The whole data dictionary for ``tables`` (kinerja.metadata.TABLES)."""
    published = [t.name for t in tables.values() if t.published]
    sectioned = [n for _, _, names in SECTIONS for n in names]
    if sorted(sectioned) != sorted(published):
        raise ValueError("every published table belongs to exactly one section of the dictionary: "
                         f"{sorted(set(published) ^ set(sectioned))}")
    parts = [INTRO, UNITS_HEAD + "".join(f"| {u} | {_cell(m)} |\n" for u, m in UNITS.items())]
    parts.append("# The published file\n")
    for title, intro, names in SECTIONS:
        parts.append(f"## {title}\n\n{intro}\n{_tables(tables, names)}")
    parts.append(views_markdown())
    parts.append(WORKING_HEAD + "".join(f"| {layer} | {_cell(m)} |\n" for layer, m in LAYERS.items()))
    for layer, title in (("audit", "Audit"), ("raw", "Raw"), ("core", "Core")):
        names = [t.name for t in tables.values() if t.layer == layer and not t.published]
        parts.append(f"## {title}\n\n{_tables(tables, names)}")
    return "\n".join(p.rstrip("\n") + "\n" for p in parts)

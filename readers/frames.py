"""Text table -> canonical frame: header mapping, shape choice, total rows, typing, issues.

One path for every kind and format. The header is mapped to canonical columns through the
aliases in ``layouts.toml``; the shape is chosen from the mapped columns; blank rows are
skipped; total rows (``JUMLAH``, ``TOTAL``...) go to ``totals``; rows after the last total
row that do not carry valid codes (signature blocks) are ignored; every cell is typed with
vectorised expressions and every rejected cell becomes one :class:`~kinerja.issues.Issue`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field

import polars as pl

from kinerja.issues import ExtractError, Issue, cut_value
from kinerja.periods import MONTHS_ID, Period
from kinerja.readers.layouts import Column, Layouts, Shape, normalise_header
from kinerja.readers.table import SOURCE_ROW, TextTable, cell_name
from kinerja.readers import numbers
from kinerja.readers.values import TYPES, ColumnType, clean_text, rule_message

log = logging.getLogger(__name__)

FILE_PERIOD = "file_period"
LABEL = "label"


@dataclass(frozen=True)
class Mapped:
    """A canonical column found in the header: body cell name and header text as written."""

    column: Column
    cell: str
    header: str
    index: int               # position in the header


@dataclass(frozen=True)
class Frames:
    """What a text table becomes: its shape, the data rows and the total rows, and the file's
    own header text of each canonical column (how messages name a column to the file's author)."""

    shape: str
    data: pl.DataFrame
    totals: pl.DataFrame
    headers: dict[str, str] = field(default_factory=dict)
    # the title row (file row, text) that names the file's period, when no column does
    period_title: tuple[int, str] | None = None


def _mapping(header: tuple[str | None, ...], layouts: Layouts, kind: str
             ) -> tuple[dict[str, list[Mapped]], list[str]]:
    """Canonical column -> header cells naming it, and the header texts no column knows."""
    by_key = {key: col for col in layouts.known_columns(kind) for key in col.keys}
    mapped: dict[str, list[Mapped]] = {}
    extra = []
    for index, text in enumerate(header):
        if not text:
            continue
        col = by_key.get(normalise_header(text))
        if col is None:
            extra.append(text)
        else:
            mapped.setdefault(col.name, []).append(Mapped(col, cell_name(index), text, index))
    return mapped, extra


def map_header(table: TextTable, layouts: Layouts, kind: str, file: str
               ) -> dict[str, list[Mapped]]:
    """Canonical column -> header cells naming it (unknown header texts are logged)."""
    mapped, extra = _mapping(table.header, layouts, kind)
    if extra:
        log.info("%s: columns not used: %s", file, ", ".join(extra))
    return mapped


def cells_used(header: tuple[str | None, ...], layouts: Layouts, kind: str) -> frozenset[int] | None:
    """The indices of the header cells :func:`build_frames` reads (the first cell naming each
    column of the shape the header selects, and the period columns), or None when the header
    selects no shape or names a column twice: then every cell is read and the problem is
    reported by :func:`build_frames` as always."""
    mapped, _ = _mapping(header, layouts, kind)
    shape = next((s for s in layouts.shapes_of(kind) if s.matches(set(mapped))), None)
    if shape is None or any(len(cells) > 1 for cells in mapped.values()):
        return None
    names = {*shape.columns, *layouts.period_columns}
    return frozenset(cells[0].index for name, cells in mapped.items() if name in names)


def choose_shape(mapped: dict[str, list[Mapped]], layouts: Layouts, kind: str, file: str,
                 header_row: int) -> Shape:
    """The first shape of ``kind`` the header selects, else ``column.missing``."""
    shapes = layouts.shapes_of(kind)
    for shape in shapes:
        if shape.matches(set(mapped)):
            return shape
    needs = []
    for shape in shapes:
        parts = []
        if shape.detect_all:
            parts.append(" + ".join(shape.detect_all))
        if shape.detect_any:
            parts.append(" dan/atau ".join(shape.detect_any))
        needs.append(f"{' dengan '.join(parts)} ({shape.name})")
    raise ExtractError([Issue(file, "column.missing",
                              f"file {kind} memerlukan {' atau '.join(needs)}; header hanya memuat "
                              f"{', '.join(sorted(mapped)) or 'tidak satu pun'}",
                              row=header_row)])


def header_issues(mapped: dict[str, list[Mapped]], shape: Shape, layouts: Layouts, file: str,
                  header_row: int) -> list[Issue]:
    """``column.duplicate`` and ``column.missing`` problems of a mapped header."""
    issues = []
    for name, cells in mapped.items():
        for dup in cells[1:]:
            issues.append(Issue(file, "column.duplicate",
                                f"kolom {dup.header!r} adalah nama lain untuk {name}, yang sudah "
                                f"ada sebagai {cells[0].header!r}; simpan salah satu saja",
                                row=header_row, column=dup.header))
    for name in shape.required:
        if name not in mapped:
            col = layouts.columns[name]
            issues.append(Issue(file, "column.missing",
                                f"kolom wajib {name} tidak ada; nama header yang diterima: "
                                f"{', '.join((name, *col.aliases))}", row=header_row))
    missing_optional = [n for n in shape.columns if n not in mapped and n not in shape.required]
    if missing_optional:
        log.info("%s: optional columns absent: %s", file, ", ".join(missing_optional))
    return issues


def _first_text(cells: list[str]) -> pl.Expr:
    """First non-empty cell of each row (left to right)."""
    return pl.coalesce([clean_text(pl.col(c)) for c in cells])


def _label_key(expr: pl.Expr) -> pl.Expr:
    return (expr.str.to_uppercase().str.replace_all(r"[^0-9A-Z]+", " ").str.strip_chars())


def split_rows(table: TextTable, shape: Shape, mapped: dict[str, list[Mapped]],
               layouts: Layouts, file: str) -> tuple[pl.DataFrame, pl.DataFrame]:
    """Data rows and total rows of the body; blank rows and trailer rows dropped.

    A row whose first cell and code cells all begin with a digit is a data row (a total label
    and a blank row begin otherwise), which one anchored pattern per cell tells over the whole
    body; only the other rows are looked at cell by cell (first non-empty cell, labels)."""
    cells = [c for c in table.body.columns if c != SOURCE_ROW]
    labels = list(layouts.total_labels)
    codes = [mapped[n][0].cell for n in shape.columns
             if n in mapped and layouts.columns[n].type == "code6"]
    digit_first = [pl.col(c).str.contains(r"^\s*\d").fill_null(False) for c in dict.fromkeys((cells[0], *codes))]
    ordinary = table.body.select(pl.all_horizontal(digit_first)).to_series()
    every = bool(ordinary.all())
    plain = table.body if every else table.body.filter(ordinary)
    body = (table.body.clear() if every else table.body.filter(~ordinary)).lazy() \
        .with_columns(_label=_first_text(cells)).filter(pl.col("_label").is_not_null()).collect()
    # labels start with a letter: only rows with a non-digit first/code cell are candidates
    starts_with_text = [~clean_text(pl.col(c)).str.contains(r"^\d").fill_null(True)
                        for c in ("_label", *codes)]
    candidates = body.filter(pl.any_horizontal(*starts_with_text))
    totals = candidates.filter(pl.any_horizontal(
        _label_key(pl.col("_label")).is_in(labels),
        *(_label_key(clean_text(pl.col(c))).is_in(labels).fill_null(False) for c in codes)))
    body = body.with_columns(_total=pl.col(SOURCE_ROW).is_in(totals[SOURCE_ROW].implode()))
    if body.height:
        body = pl.concat([plain.with_columns(_label=pl.lit(None, dtype=pl.String), _total=pl.lit(False)),
                          body]).sort(SOURCE_ROW)
    else:
        body = plain.with_columns(_label=pl.lit(None, dtype=pl.String), _total=pl.lit(False))
    last_total = totals[SOURCE_ROW].max()
    if last_total is not None:
        required_codes = [mapped[n][0].cell for n in shape.required
                          if n in mapped and layouts.columns[n].type == "code6"]
        has_codes = pl.all_horizontal([clean_text(pl.col(c)).str.contains(r"^\d{6}$")
                                       .fill_null(False) for c in required_codes] or [True])
        trailer = (pl.col(SOURCE_ROW) > last_total) & ~pl.col("_total") & ~has_codes
        dropped = body.filter(trailer).height
        if dropped:
            log.info("%s: %d row(s) after the last total row ignored (signature block)",
                     file, dropped)
        body = body.filter(~trailer)
    return body.filter(~pl.col("_total")), body.filter(pl.col("_total"))


def title_values(table: TextTable, shape: Shape, mapped: dict[str, list[Mapped]]
                 ) -> dict[str, tuple[int, str]]:
    """Columns the header lacks whose value a title row names (``Triwulan II (B-06)``):
    column -> (title row, the matched text). The first matching title row wins."""
    found: dict[str, tuple[int, str]] = {}
    for column, pattern in shape.title_values:
        if column in mapped:
            continue
        for row, text in table.titles:
            match = pattern.search(text)
            if match:
                found[column] = (row, match.group("value"))
                break
    return found


def _parse_cells(raw: pl.Series, kind: ColumnType, column: Column, required: bool,
                 plain: pl.Series | None = None) -> pl.DataFrame:
    """``value`` and ``rule`` of every cell of ``raw`` (``value.required`` for an empty cell of
    a required column). A column with few distinct texts (codes, months, years, dates) is
    parsed once per distinct text and joined back; amounts are parsed cell by cell, from
    their ``plain`` values when given (:func:`~readers.numbers.plain_amount`)."""
    if plain is not None:
        return numbers.parse_amounts(raw, plain)

    def parse(cells: pl.Series) -> pl.DataFrame:
        parsed = kind.parse(cells, column)
        if not required:
            return parsed
        empty = cells.str.strip_chars().fill_null("") == ""
        return parsed.with_columns(pl.when(empty).then(pl.lit("value.required")).otherwise(pl.col("rule"))
                                   .alias("rule"))

    if kind.empty_is_zero:
        return parse(raw)
    distinct = raw.unique()
    if distinct.len() * 4 > raw.len():
        return parse(raw)
    parsed = parse(distinct).with_columns(distinct.alias("_raw"))
    return (raw.alias("_raw").to_frame().join(parsed, on="_raw", how="left", nulls_equal=True,
                                              maintain_order="left").select("value", "rule"))


def _typed(frame: pl.DataFrame, names: list[str], shape: Shape,
           mapped: dict[str, list[Mapped]], layouts: Layouts, file: str,
           titled: dict[str, tuple[int, str]] | None = None,
           ) -> tuple[pl.DataFrame, list[tuple[int, int, Issue]], int]:
    """Typed columns ``names`` of ``frame`` plus (row, order, issue) triples and their count."""
    typed = [frame[SOURCE_ROW]]
    found: list[tuple[int, int, Issue]] = []
    count = 0
    # the plain values of every amount column at once: polars evaluates them in parallel
    plain = frame.select([numbers.plain_amount(pl.col(mapped[n][0].cell)).alias(n) for n in names
                          if n in mapped and layouts.columns[n].type == "amount"])
    for order, name in enumerate(names):
        col = layouts.columns[name]
        kind = TYPES[col.type]
        if name not in mapped and titled and name in titled:
            row, text = titled[name]
            parsed = kind.parse(pl.Series([text], dtype=pl.String), col)
            rule_id = parsed["rule"][0]
            if rule_id is not None:
                count += 1
                found.append((row, order, Issue(file, rule_id, rule_message(col, rule_id, text),
                                                row=row, column=name)))
            typed.append(pl.repeat(parsed["value"][0], frame.height, dtype=kind.dtype,
                                   eager=True).alias(name))
            continue
        if name not in mapped:
            default = shape.default(name)
            value = (kind.parse(pl.Series([default]), col)["value"][0]
                     if default is not None else None)
            typed.append(pl.repeat(value, frame.height, dtype=kind.dtype, eager=True)
                         .alias(name))
            continue
        cell = mapped[name][0]
        raw = frame[cell.cell]
        required = (name in shape.required or name in layouts.period_columns) and not kind.empty_is_zero
        parsed = _parse_cells(raw, kind, col, required, plain[name] if name in plain.columns else None)
        rule = parsed["rule"]
        if rule.null_count() == rule.len():
            typed.append(parsed["value"].cast(kind.dtype).alias(name))
            continue
        bad = pl.DataFrame([frame[SOURCE_ROW], raw.alias("raw"), rule.alias("rule")]) \
            .filter(pl.col("rule").is_not_null())
        count += bad.height
        for row, text, rule_id in bad.head(layouts.max_issues).iter_rows():
            message = (f"kolom {cell.header!r} ({name}) wajib diisi"
                       if rule_id == "value.required" else rule_message(col, rule_id, text))
            found.append((row, order, Issue(file, rule_id, message, row=row,
                                            column=cell.header)))
        typed.append(parsed["value"].cast(kind.dtype).alias(name))
    return pl.DataFrame(typed), found, count


def title_period(table: TextTable, layouts: Layouts, file: str) -> str | None:
    """``YYYY-MM`` named by a title row above the header (``Periode: Juni 2025``), or None."""
    for row, text in table.titles:
        for pattern in layouts.period_patterns:
            match = pattern.search(text)
            if not match:
                continue
            month_text = match.group("month").lower()
            month = MONTHS_ID.get(month_text) or (int(month_text) if month_text.isdigit()
                                                  else None)
            if month is None or not 1 <= month <= 12:
                raise ExtractError([Issue(file, "period.invalid",
                                          f"judul {cut_value(text)!r} menyebut periode, tetapi "
                                          f"{match.group('month')!r} bukan nama bulan", row=row)])
            return str(Period(int(match.group("year")), month))
    return None


def _file_period(table: TextTable, mapped: dict[str, list[Mapped]],
                 layouts: Layouts, file: str) -> pl.Expr:
    year_col, month_col = layouts.period_columns
    if year_col in mapped and month_col in mapped:
        return pl.concat_str([pl.col(year_col).cast(pl.String),
                              pl.col(month_col).cast(pl.String).str.pad_start(2, "0")],
                             separator="-")
    if year_col in mapped or month_col in mapped:
        log.info("%s: only one of %s/%s given; the row period is not used", file, year_col,
                 month_col)
    return pl.lit(title_period(table, layouts, file), dtype=pl.String)


def build_frames(table: TextTable, layouts: Layouts, kind: str, file: str) -> Frames:
    """The canonical ``data`` and ``totals`` frames of a text table (or ``ExtractError``)."""
    mapped = map_header(table, layouts, kind, file)
    shape = choose_shape(mapped, layouts, kind, file, table.header_row)
    issues = header_issues(mapped, shape, layouts, file, table.header_row)
    if issues:
        raise ExtractError(issues)
    rows, total_rows = split_rows(table, shape, mapped, layouts, file)
    if rows.height == 0:
        raise ExtractError([Issue(file, "file.empty",
                                  f"tidak ada baris data di bawah header (baris "
                                  f"{table.header_row})")])
    # a period column the shape itself keeps (the month of an RPD row) is typed once
    period_names = [n for n in layouts.period_columns if n in mapped and n not in shape.columns]
    data, found, count = _typed(rows, [*shape.columns, *period_names], shape, mapped,
                                layouts, file, title_values(table, shape, mapped))
    # Columns a total row sums: amounts, and whole-number counts (RB action plans).
    amounts = [n for n in shape.columns if layouts.columns[n].type in ("amount", "integer")]
    totals, total_found, total_count = _typed(total_rows, amounts, shape, mapped, layouts, file)
    found += total_found
    count += total_count
    if found:
        found.sort(key=lambda item: (item[0], item[1]))
        issues = [issue for _, _, issue in found[: layouts.max_issues]]
        if count > len(issues):
            issues.append(Issue(file, "file.issues_truncated",
                                f"{count - len(issues)} masalah lain tidak ditampilkan"))
        raise ExtractError(issues)
    data = data.with_columns(_file_period(table, mapped, layouts, file).alias(FILE_PERIOD))
    data = data.select(*shape.columns, SOURCE_ROW, FILE_PERIOD)
    totals = totals.with_columns(total_rows["_label"].alias(LABEL)) \
        .select(SOURCE_ROW, LABEL, *amounts)
    by_columns = any(name in mapped for name in layouts.period_columns)
    period_title = None if by_columns else next(
        ((row, text) for row, text in table.titles if any(p.search(text) for p in layouts.period_patterns)), None)
    return Frames(shape.name, data, totals, {name: cells[0].header for name, cells in mapped.items()}, period_title)

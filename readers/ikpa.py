"""The two IKPA kinds as offices receive them, turned into one canonical frame each.

``rpd`` (Halaman III DIPA, the monthly disbursement plan):

- the SAKTI export (XLSX): title rows ("HALAMAN III DIPA", the satker with its code, "TAHUN
  ANGGARAN 2025", "dalam ribuan rupiah"), a two-row header whose first row holds merged cells
  (``URAIAN``, ``RENCANA PENARIKAN DANA``) and whose second row holds the month names and
  ``JUMLAH``; one block per satker, rows labelled by jenis belanja ("51 BELANJA PEGAWAI"), a
  ``JUMLAH`` row per block. :func:`flatten_blocks` turns the blocks into one table with the
  satker code of each block in a column; each block's ``JUMLAH`` row is checked against the
  rows of its own block (``total.mismatch``) and not loaded;
- a plain table with a column per month (``rpd_bulanan``) or one row per month
  (``rpd_panjang``).

:func:`canonical_rpd` gives both the one long frame: ``kode_satker, jenis_belanja,
kode_jenis_belanja, bulan, rencana, satuan_rupiah, tahun_anggaran``. An amount unit stated in
a title row ("dalam ribuan rupiah") applies to every amount of the file: amounts are stored in
rupiah (x 1000) and ``satuan_rupiah`` keeps the unit, which sets the rounding tolerance of the
gate's plan-against-pagu check.

``ikpa`` (the monitoring application's component table): one row per satker and component,
or a column per component. :func:`canonical_ikpa` gives ``kode_satker, komponen, nilai, bobot,
kategori``: components named as EXTRACTS.md names them (a row's ``komponen`` text is matched
with the same aliases as the column headers), ``nilai_akhir`` as a component row carrying the
file's ``kategori``; an empty or ``-`` cell (does not apply) is not a row.
"""

from __future__ import annotations

import re

import polars as pl

from kinerja.issues import ExtractError, Issue, cut_value
from kinerja.readers import numbers
from kinerja.readers.frames import FILE_PERIOD, Frames
from kinerja.readers.layouts import Layouts, normalise_header
from kinerja.readers.table import SOURCE_ROW, TextTable, cell_name
from kinerja.readers.values import clean_text

# reader shapes (layouts.toml) -> the canonical shape this module turns them into
CANONICAL_SHAPE = {"rpd_bulanan": "rpd", "rpd_panjang": "rpd", "ikpa_komponen": "ikpa", "ikpa_kolom": "ikpa"}
MONTH_COLUMNS = ("rpd_januari", "rpd_februari", "rpd_maret", "rpd_april", "rpd_mei", "rpd_juni",
                 "rpd_juli", "rpd_agustus", "rpd_september", "rpd_oktober", "rpd_november",
                 "rpd_desember")
IKPA_COMPONENTS = ("revisi_dipa", "deviasi_halaman_iii", "penyerapan_anggaran", "belanja_kontraktual",
                   "penyelesaian_tagihan", "pengelolaan_up_tup", "capaian_output", "dispensasi_spm",
                   "nilai_akhir")
# jenis belanja written by name only (the code is the first two digits of kode_akun)
_JENIS_BY_NAME = (("pegawai", "51"), ("barang", "52"), ("modal", "53"), ("bantuan sosial", "57"),
                  ("bansos", "57"))
_RIBUAN = re.compile(r"\bribuan\b", re.IGNORECASE)
_FISCAL_YEAR = re.compile(r"tahun\s+anggaran\s*:?\s*(\d{4})", re.IGNORECASE)
_SATKER_CODE = r"(?:^|\D)(\d{6})(?:\D|$)"
_JENIS_LABEL = r"(?i)^\s*5\d\b|belanja"


def _month_cells(table: TextTable, layouts: Layouts) -> dict[int, str]:
    keys = {key: name for name in MONTH_COLUMNS for key in layouts.columns[name].keys}
    return {i: keys[normalise_header(text)] for i, text in enumerate(table.header)
            if text and normalise_header(text) in keys}


def flatten_blocks(table: TextTable, layouts: Layouts, file: str) -> TextTable:
    """A SAKTI Halaman III export (header without a satker column) as one flat table with
    ``Kode Satker``, ``Jenis Belanja`` and the month columns; any other table unchanged."""
    header_keys = {normalise_header(h) for h in table.header if h}
    if header_keys & layouts.columns["kode_satker"].keys:
        return table
    months = _month_cells(table, layouts)
    if len(months) < 12:
        return table                 # not the SAKTI layout: the generic checks will say why
    first = min(months)
    month_cells = [cell_name(i) for i in sorted(months)]
    label_cells = [cell_name(i) for i in range(first)]
    all_cells = [c for c in table.body.columns if c != SOURCE_ROW]
    labels = list(layouts.total_labels)
    month_keys = {k for name in MONTH_COLUMNS for k in layouts.columns[name].keys}
    start_satker = next((m.group(1) for _, text in table.titles
                         if (m := re.search(_SATKER_CODE, text))), None)
    body = table.body.with_columns(
        _label=pl.concat_str([clean_text(pl.col(c)) for c in label_cells], separator=" ",
                             ignore_nulls=True) if label_cells else pl.lit(None, pl.String),
        _text=pl.concat_str([clean_text(pl.col(c)) for c in all_cells], separator=" ", ignore_nulls=True),
        _header=clean_text(pl.col(month_cells[0])).str.to_lowercase()
        .str.replace_all(r"[^0-9a-z]", "").is_in(list(month_keys)).fill_null(False),
    ).filter(pl.col("_text").is_not_null() & (pl.col("_text") != ""))
    label_key = pl.col("_label").str.to_uppercase().str.replace_all(r"[^0-9A-Z]+", " ").str.strip_chars()
    body = body.with_columns(
        _total=label_key.is_in(labels).fill_null(False),
        _data=pl.col("_label").str.contains(_JENIS_LABEL).fill_null(False) & ~pl.col("_header"),
        _block=pl.col("_header").cum_sum(),
    ).with_columns(
        _title=~pl.col("_total") & ~pl.col("_data") & ~pl.col("_header"),
    ).with_columns(
        _satker=pl.when(pl.col("_title")).then(pl.col("_text").str.extract(_SATKER_CODE, 1)),
    ).with_columns(pl.col("_satker").forward_fill().fill_null(pl.lit(start_satker, pl.String)))
    last_total = body.filter(pl.col("_total"))[SOURCE_ROW].max()
    if last_total is not None:           # a signature block after the last JUMLAH row
        body = body.filter(~pl.col("_title") | (pl.col(SOURCE_ROW) < last_total))
    stray = body.filter(pl.col("_title") & pl.any_horizontal(
        clean_text(pl.col(c)).str.contains(r"\d").fill_null(False) for c in month_cells))
    issues = [Issue(file, "rpd.row_label", f"baris berisi nilai yang bukan jenis belanja "
                    f"(\"51 BELANJA PEGAWAI\") dan bukan baris JUMLAH: {cut_value(label)!r}", row=row)
              for row, label in stray.select(SOURCE_ROW, "_text").head(layouts.max_issues).iter_rows()]
    issues += _block_totals(body, months, table, file)
    if issues:
        raise ExtractError(issues)
    data = body.filter(pl.col("_data"))
    cells = data.select(pl.col("_satker").alias(cell_name(0)), pl.col("_label").alias(cell_name(1)),
                        *(pl.col(c).alias(cell_name(2 + k)) for k, c in enumerate(month_cells)), SOURCE_ROW)
    titles = table.titles + tuple(body.filter(pl.col("_title")).select(SOURCE_ROW, "_text").iter_rows())
    header = ("Kode Satker", "Jenis Belanja", *(table.header[i] for i in sorted(months)))
    return TextTable(header, table.header_row, titles, cells)


def _block_totals(body: pl.DataFrame, months: dict[int, str], table: TextTable, file: str) -> list[Issue]:
    """Each block's JUMLAH row against the sum of the jenis belanja rows of its block."""
    rows = body.filter(pl.col("_data") | pl.col("_total"))
    issues: list[Issue] = []
    parsed = rows.select(SOURCE_ROW, "_block", "_total",
                         *(numbers.parse_amounts(rows[cell_name(i)])["value"].alias(cell_name(i))
                           for i in sorted(months)))
    sums = parsed.filter(~pl.col("_total")).group_by("_block").agg(
        pl.col(cell_name(i)).cast(pl.Decimal(38, 2)).sum() for i in sorted(months))
    stated = parsed.filter(pl.col("_total")).join(sums, on="_block", how="left", suffix="_sum")
    for i in sorted(months):
        c = cell_name(i)
        bad = stated.filter(pl.col(c).is_not_null()
                            & (pl.col(c).cast(pl.Decimal(38, 2)) != pl.col(f"{c}_sum").fill_null(0)))
        for row, value, computed in bad.select(SOURCE_ROW, c, f"{c}_sum").iter_rows():
            issues.append(Issue(file, "total.mismatch",
                                f"baris JUMLAH blok satkernya tertulis {value}, sedangkan baris jenis belanja "
                                f"di blok itu berjumlah {computed or 0}", row=row, column=table.header[i]))
    return sorted(issues, key=lambda i: (i.row or 0))


def _jenis_code(text: pl.Expr) -> pl.Expr:
    lower = text.str.to_lowercase()
    by_name = pl.lit(None, pl.String)
    for word, code in reversed(_JENIS_BY_NAME):
        by_name = pl.when(lower.str.contains(word, literal=True)).then(pl.lit(code)).otherwise(by_name)
    return pl.coalesce(text.str.extract(r"^\s*(5\d)\b", 1), by_name)


def canonical_rpd(frames: Frames, titles: tuple[tuple[int, str], ...]) -> Frames:
    """The long canonical ``rpd`` frame of either RPD shape, amounts in rupiah."""
    unit = 1000 if any(_RIBUAN.search(text) for _, text in titles) else 1
    year = next((int(m.group(1)) for _, text in titles if (m := _FISCAL_YEAR.search(text))), None)
    data = frames.data
    if frames.shape == "rpd_bulanan":
        long = data.unpivot(list(MONTH_COLUMNS), index=["kode_satker", "jenis_belanja", SOURCE_ROW],
                            variable_name="_month", value_name="rencana").with_columns(
            pl.col("_month").replace_strict({m: i for i, m in enumerate(MONTH_COLUMNS, start=1)},
                                            return_dtype=pl.Int64).alias("bulan"))
        total = pl.sum_horizontal(pl.col(c).cast(pl.Decimal(38, 2)) for c in MONTH_COLUMNS
                                  if c in frames.totals.columns)
    else:
        long = data.with_columns(pl.col("bulan").cast(pl.Int64))
        total = pl.col("rencana").cast(pl.Decimal(38, 2)) if "rencana" in frames.totals.columns else None
    scale = pl.lit(unit, pl.Int64)
    out = long.select(
        "kode_satker", "jenis_belanja", _jenis_code(pl.col("jenis_belanja")).alias("kode_jenis_belanja"),
        "bulan", (pl.col("rencana") * scale).cast(numbers.AMOUNT_DTYPE).alias("rencana"),
        scale.alias("satuan_rupiah"), pl.lit(year, pl.Int64).alias("tahun_anggaran"), SOURCE_ROW,
        pl.lit(None, pl.String).alias(FILE_PERIOD),
    ).sort(SOURCE_ROW, "bulan")
    totals = frames.totals.select(SOURCE_ROW, "label") if total is None else frames.totals.select(
        SOURCE_ROW, "label", (total * scale).cast(pl.Decimal(38, 2)).alias("rencana"))
    return Frames("rpd", out, totals, frames.headers)


def canonical_ikpa(frames: Frames, layouts: Layouts) -> Frames:
    """The long canonical ``ikpa`` frame of either component-table shape."""
    data = frames.data
    if frames.shape == "ikpa_komponen":
        by_key = {key: name for name in IKPA_COMPONENTS for key in layouts.columns[name].keys}
        key = pl.col("komponen").str.to_lowercase().str.replace_all(r"[^0-9a-z]", "")
        long = data.select(
            "kode_satker",
            key.replace_strict(by_key, default=pl.col("komponen")).alias("komponen"),
            pl.col("nilai_komponen").alias("nilai"), "bobot", pl.lit(None, pl.String).alias("kategori"),
            SOURCE_ROW, FILE_PERIOD)
    else:
        present = list(IKPA_COMPONENTS)
        long = data.unpivot(present, index=["kode_satker", "kategori_ikpa", SOURCE_ROW, FILE_PERIOD],
                            variable_name="komponen", value_name="nilai").select(
            "kode_satker", "komponen", "nilai", pl.lit(None, pl.Float64).alias("bobot"),
            pl.when(pl.col("komponen") == "nilai_akhir").then(pl.col("kategori_ikpa")).alias("kategori"),
            SOURCE_ROW, FILE_PERIOD)
    long = long.filter(pl.col("nilai").is_not_null()).sort(SOURCE_ROW, "komponen")
    return Frames("ikpa", long, frames.totals, frames.headers)


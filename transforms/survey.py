"""Satisfaction index (Indeks Kepuasan, PermenPAN-RB 14/2017) per unit and for the region.

DOMAIN.md section 4: ``NRR_u = sum(nilai_u) / n_responden_u`` per element; the index on the
1-4 scale is ``sum(NRR_u x 1/9)`` with the exact weight 1/9 (the regulation's worked example
rounds it to 0,11: not reproduced); the unit value on the 25-100 scale is ``index x 25``.
The conversion factor and the grade bands are fiscal-year rules (``kinerja/rules.toml``, rule
``survei``), passed in as ``rules``. The region pools every respondent of its units (ratio of sums), never a mean of unit
indices. Only scores reach these tables; free-text answers are dropped by the reader.
"""

from __future__ import annotations

from typing import Final

import polars as pl

from kinerja.rules import Rules
from kinerja.transforms.units import kanwil_names, lineage, satker_lineage, with_unit

ELEMENTS: Final[tuple[str, ...]] = tuple(f"l{i}" for i in range(1, 10))  # L1..L9 of the form
NRR: Final[list[str]] = [f"nrr_{e}" for e in ELEMENTS]

_MEASURES = ["n_responden", *NRR, "ikm", "ikm_konversi", "mutu", "kinerja_unit"]
SATKER_COLUMNS = ["kode_kanwil", "kode_satker", "nama_satker", "jenis_satker", *_MEASURES,
                  "survei_load_id", "satker_load_id"]
REGION_COLUMNS = ["kode_kanwil", "nama_kanwil", "n_satker", *_MEASURES, "survei_load_id",
                  "satker_load_id"]


def grade(ikm: pl.Expr, rules: Rules, field: str = "mutu") -> pl.Expr:
    """``mutu`` (A..D) or ``kinerja_unit`` of an index, per ``rules.survei_mutu``: the first
    band (highest first) whose ``ikm_min <= index``; an index in a printed gap between two
    bands (3,0642 between 3,064 and 3,0644) takes the lower grade."""
    expr = pl.lit(None, dtype=pl.String)
    for band in reversed(rules.survei_mutu):  # build so that the highest band is tested first
        expr = pl.when(ikm >= float(band.ikm_min)).then(pl.lit(getattr(band, field))).otherwise(expr)
    return expr


def _index() -> list[pl.Expr]:
    """Aggregations: respondents, NRR per element (integer sum / count, as float)."""
    return [
        pl.len().cast(pl.Int64).alias("n_responden"),
        *[(pl.col(e).sum().cast(pl.Float64) / pl.col(e).count().cast(pl.Float64)).alias(f"nrr_{e}")
          for e in ELEMENTS],
    ]


def _grades(frame: pl.DataFrame, rules: Rules) -> pl.DataFrame:
    ikm = pl.sum_horizontal(NRR) / len(ELEMENTS)  # exact weight 1/9 for each element
    return frame.with_columns(ikm.alias("ikm")).with_columns(
        (pl.col("ikm") * float(rules.survei_konversi)).alias("ikm_konversi"),
        grade(pl.col("ikm"), rules, "mutu").alias("mutu"),
        grade(pl.col("ikm"), rules, "kinerja_unit").alias("kinerja_unit"))


def survey_tables(responses: pl.DataFrame, satker: pl.DataFrame, rules: Rules) -> dict[str, pl.DataFrame]:
    """``out_survey_satker`` and ``out_survey_region`` from one semester's responses.

    ``responses``: kode_satker, id_responden, l1..l9 (integers on ``rules.survei_skala``; the
    gate guarantees all nine), optionally load_id. Extra columns (tanggal, anything else) are
    ignored. ``rules``: the rules of the survey's fiscal year (conversion factor and grades).
    """
    rows = with_unit(responses.select("kode_satker", *ELEMENTS, lineage(responses, "survei_load_id")),
                     satker)
    per_satker = _grades(rows.group_by("kode_kanwil", "kode_satker", "nama_satker", "jenis_satker")
                         .agg(*_index(), pl.col("survei_load_id").drop_nulls().first()), rules)
    region = _grades(rows.group_by("kode_kanwil")
                     .agg(pl.col("kode_satker").n_unique().cast(pl.Int64).alias("n_satker"),
                          *_index(), pl.col("survei_load_id").drop_nulls().first())
                     .join(kanwil_names(satker), on="kode_kanwil", how="left"), rules)
    return {
        "out_survey_satker": per_satker.with_columns(satker_lineage(satker))
        .select(SATKER_COLUMNS).sort("kode_satker"),
        "out_survey_region": region.with_columns(satker_lineage(satker))
        .select(REGION_COLUMNS).sort("kode_kanwil"),
    }

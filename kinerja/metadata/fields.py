"""Columns that appear in several tables, described once (PUDL's ``fields.py``).

A table lists its columns with :func:`col`: the shared definition by name, with the type,
nullability or description overridden where that table differs (a rupiah line is
DECIMAL(18,2) in raw/core, a sum of lines DECIMAL(38,2) in out).
"""

from __future__ import annotations

from typing import Any, Final

from .classes import Column

MONEY_LINE: Final[str] = "DECIMAL(18,2)"   # one amount as delivered (raw_*, core_*)
MONEY_SUM: Final[str] = "DECIMAL(38,2)"    # a sum of lines (out_*)


def _c(name: str, type_: str, description: str, unit: str | None = None, nullable: bool = True) -> Column:
    return Column(name, type_, description, unit, nullable)


FIELDS: Final[dict[str, Column]] = {c.name: c for c in (
    # --- periods and provenance
    _c("period", "DATE", "First day of the month the figures are as of (figures at the end of that "
       "month: 2025-06-01 means s.d. 30 Juni 2025)", nullable=False),
    _c("load_id", "VARCHAR", "The load that brought the row (audit_load.load_id; out_load in the "
       "published file)", nullable=False),
    _c("source_row", "BIGINT", "Row number a person sees in the file: CSV line (header = line 1 when "
       "it is the first line) or XLSX sheet row (1-based)", nullable=False),
    _c("run_id", "VARCHAR", "The run (one refresh invocation) that wrote the row (audit_run.run_id)",
       nullable=False),
    _c("flow_run_id", "VARCHAR", "Prefect flow run id of the run (null outside Prefect)"),
    _c("file_name", "VARCHAR", "Path of the file relative to the landing root", nullable=False),
    _c("started_at", "TIMESTAMPTZ", "When it started (UTC)", nullable=False),
    _c("finished_at", "TIMESTAMPTZ", "When it finished (UTC)", nullable=False),
    # --- units and codes
    _c("kode_satker", "VARCHAR", "Code of the satker (work unit), 6 digits as text, leading zeros kept",
       nullable=False),
    _c("nama_satker", "VARCHAR", "Name of the satker as in the satker master"),
    _c("jenis_satker", "VARCHAR", "Unit type of the satker: KANWIL, LAPAS, RUTAN, BAPAS, LPKA or "
       "RUPBASAN"),
    _c("kode_kanwil", "VARCHAR", "Code of the region: the kode_satker of the Kanwil that heads it "
       "(the Kanwil belongs to its own region)", nullable=False),
    _c("nama_kanwil", "VARCHAR", "Name of the Kanwil satker that heads the region"),
    _c("kabupaten", "VARCHAR", "Kabupaten/kota where the satker sits"),
    _c("pulau", "VARCHAR", "Island where the satker sits"),
    _c("aktif_dari", "DATE", "First day the satker is active (null: always)"),
    _c("aktif_sampai", "DATE", "Last day the satker is active (null: still active)"),
    _c("kode_akun", "VARCHAR", "Akun: 6-digit account of the Bagan Akun Standar (its first two "
       "digits are the jenis_belanja)", nullable=False),
    _c("kode_jenis_belanja", "VARCHAR", "Jenis belanja code: the 2-digit akun prefix (51 pegawai, "
       "52 barang, 53 modal, 57 bantuan sosial, ...)", nullable=False),
    _c("jenis_belanja", "VARCHAR", "Name of the jenis belanja (pegawai, barang, modal, "
       "bantuan_sosial, ...; transforms.codes.JENIS_BELANJA)"),
    _c("n_satker", "BIGINT", "Number of satker counted in the row", "count", nullable=False),
    # --- budget measures of the out_budget_* tables (sums of akun lines)
    _c("pagu", MONEY_SUM, "Pagu: the DIPA allocation in force at period end (the latest revision on "
       "or before the period in its fiscal year)", "IDR", nullable=False),
    _c("blokir", MONEY_SUM, "Blokir: the part of pagu suspended by government decision (catatan "
       "halaman IV-A DIPA)", "IDR", nullable=False),
    _c("pagu_netto", MONEY_SUM, "pagu - blokir, never below 0: what the unit can actually spend",
       "IDR", nullable=False),
    _c("realisasi_bulan", MONEY_SUM, "Realisasi within the month (SP2D paid; negative after refunds "
       "exceeding spending)", "IDR", nullable=False),
    _c("realisasi_kumulatif", MONEY_SUM, "Realisasi from 1 January to period end (s.d. bulan ini)",
       "IDR", nullable=False),
    _c("sisa", MONEY_SUM, "pagu - realisasi_kumulatif (the report's sisa anggaran)", "IDR",
       nullable=False),
    _c("sisa_netto", MONEY_SUM, "pagu_netto - realisasi_kumulatif", "IDR", nullable=False),
    _c("penyerapan_pct", "DOUBLE", "Penyerapan (absorption) against gross pagu, as the LKjIP prints it: "
       "realisasi_kumulatif / pagu * 100; null when pagu is 0", "percent"),
    _c("penyerapan_netto_pct", "DOUBLE", "Penyerapan against usable pagu, as IKPA uses it: "
       "realisasi_kumulatif / pagu_netto * 100; null when pagu_netto is 0", "percent"),
    _c("n_akun_over_pagu", "BIGINT", "Akun lines whose realisasi_kumulatif exceeds their pagu (a flag: "
       "such lines pass the gate as warnings up to the configured tolerance)", "count", nullable=False),
    _c("pagu_share_pct", "DOUBLE", "The row's pagu as a share of its parent level's pagu * 100", "percent"),
    # --- lineage of reporting rows
    _c("pagu_load_id", "VARCHAR", "The DIPA (pagu) load in force for the row (out_load.load_id)",
       nullable=False),
    _c("realisasi_load_id", "VARCHAR", "The realisasi load of the period (out_load.load_id)",
       nullable=False),
    _c("satker_load_id", "VARCHAR", "The satker master load used (out_load.load_id)", nullable=False),
    # --- indicators
    _c("checkpoint", "VARCHAR", "RB checkpoint: B03, B06, B09 or B12 (the quarter-end month)",
       nullable=False),
    _c("target", "BIGINT", "Cumulative RB action-plan items due by the checkpoint", "count",
       nullable=False),
    _c("terlaksana", "BIGINT", "RB action-plan items completed with verified supporting documents",
       "count", nullable=False),
    _c("kode_indikator", "VARCHAR", "Code of the performance indicator in the Perjanjian Kinerja (pk)",
       nullable=False),
    _c("sasaran_kegiatan", "VARCHAR", "The sasaran kegiatan (activity objective) the indicator serves"),
    _c("indikator", "VARCHAR", "The indicator's name as in the Perjanjian Kinerja", nullable=False),
    _c("satuan", "VARCHAR", "Satuan (unit) of the indicator: persen, indeks or angka", nullable=False),
    _c("polaritas", "VARCHAR", "Polaritas: positif (higher is better) or negatif (lower is better)",
       nullable=False),
    _c("target_tahunan", "DOUBLE", "Annual target of the indicator", "satuan", nullable=False),
    *(_c(f"target_tw{q}", "DOUBLE", f"Target for triwulan (quarter) {q}, cumulative as the pk states it "
         "(null: none given, the annual target applies)", "satuan") for q in range(1, 5)),
    _c("sumber", "VARCHAR", "Sumber: rb, survei or iph when the warehouse computes the realisasi; "
       "null when it is typed in the iku extract"),
    _c("realisasi", "DOUBLE", "Realisasi of the indicator as typed in the iku extract; null = n/a "
       "(not assessable), never 0", "satuan"),
    _c("keterangan", "VARCHAR", "Remark; for a null realisasi, the reason it is n/a"),
    _c("id_responden", "VARCHAR", "Respondent id of the satisfaction survey (no personal data)",
       nullable=False),
    _c("tanggal", "DATE", "Date of the survey response", nullable=False),
    *(_c(f"l{e}", "BIGINT", f"Score of survey element L{e} (1 tidak baik .. 4 sangat baik; "
         "seed_facts/survey_parameters.csv)", "score_1_4") for e in range(1, 10)),
    _c("dimensi", "BIGINT", "IPH dimension number, 1..8 (seed_facts/iph_dimensions.csv), 12,5% each",
       nullable=False),
    _c("nilai_dimensi", "DOUBLE", "The dimension's value on the indicator's own scale (1..4), never "
       "rescaled", "score_1_4", nullable=False),
)}

_UNSET: Any = object()


def col(name: str, type_: str | None = None, description: str | None = None, *,
        unit: str | None = _UNSET, nullable: bool | None = None) -> Column:
    """The shared column ``name`` (or a new one when ``type_`` and ``description`` are given),
    with the given parts overridden."""
    base = FIELDS.get(name)
    if base is None:
        if type_ is None or description is None:
            raise KeyError(f"{name} is not a shared field: give its type and description")
        return Column(name, type_, description, None if unit is _UNSET else unit,
                      True if nullable is None else nullable)
    return Column(name, type_ or base.type, description or base.description,
                  base.unit if unit is _UNSET else unit,
                  base.nullable if nullable is None else nullable)

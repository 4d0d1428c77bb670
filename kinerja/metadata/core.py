"""core_*: the current cleaned facts. A period's rows are replaced in one transaction when the
period is refreshed; ``load_id`` points at audit_load. ``period`` is the period the file was
delivered for (its landing folder)."""

from __future__ import annotations

from .classes import Table
from .fields import MONEY_LINE, col

_DELIVERED = "First day of the period the file was delivered for (its landing folder)"
_LOAD = col("load_id")

CORE = (
    Table(
        "core_satker", "core", "kode_satker",
        "The work-unit (satker) master as of the latest satker delivery; replaced whole.",
        (col("kode_satker"), col("nama_satker", nullable=False), col("jenis_satker", nullable=False),
         col("kode_kanwil"), col("kabupaten"), col("pulau"), col("aktif_dari"), col("aktif_sampai"),
         _LOAD),
        primary_key=("kode_satker",),
    ),
    Table(
        "core_pagu", "core", "effective_period x kode_satker x kode_akun",
        "DIPA deliveries. The pagu in force for a period is the latest delivery with "
        "effective_period on or before that period in the same fiscal year.",
        (col("effective_period", "DATE", "First day of the period the DIPA delivery (or revision) "
             "takes effect: the folder it was delivered in", nullable=False),
         col("kode_satker"), col("kode_akun"),
         col("pagu", MONEY_LINE, "Pagu of the akun line in this delivery"),
         col("blokir", MONEY_LINE, "Blokir of the akun line: the part of its pagu suspended"),
         _LOAD),
        primary_key=("effective_period", "kode_satker", "kode_akun"), key_enforced=False,
    ),
    Table(
        "core_realisasi", "core", "period x kode_satker x kode_akun",
        "Realisasi per month, monthly and cumulative, whichever shape the file had.",
        (col("period", description="First day of the month of the realisasi"),
         col("kode_satker"), col("kode_akun"),
         col("realisasi_bulan", MONEY_LINE, "Realisasi spent in the month (may be negative after "
             "refunds)"),
         col("realisasi_kumulatif", MONEY_LINE, "Realisasi spent from 1 January to period end"),
         col("has_negative_correction", "BOOLEAN", "The month has a negative line (refund or "
             "correction) for this satker x akun", nullable=False),
         _LOAD),
        primary_key=("period", "kode_satker", "kode_akun"), key_enforced=False,
    ),
    Table(
        "core_rb", "core", "period x kode_satker",
        "RB checkpoint deliveries: one checkpoint per delivery month.",
        (col("period", description=_DELIVERED), col("checkpoint"), col("kode_satker"),
         col("target"), col("terlaksana"), _LOAD),
        primary_key=("period", "kode_satker"),
    ),
    Table(
        "core_pk", "core", "period x kode_indikator",
        "The Perjanjian Kinerja (performance agreement) in force for the period.",
        (col("period", description="First day of the period the agreement is in force for"),
         col("kode_indikator"), col("sasaran_kegiatan"), col("indikator"), col("satuan"),
         col("polaritas"), col("target_tahunan"), col("target_tw1"), col("target_tw2"),
         col("target_tw3"), col("target_tw4"), col("sumber"), _LOAD),
        primary_key=("period", "kode_indikator"),
    ),
    Table(
        "core_iku", "core", "period x kode_indikator",
        "Typed indicator realisations delivered for the period.",
        (col("period", description=_DELIVERED), col("kode_indikator"), col("realisasi"),
         col("keterangan"), _LOAD),
        primary_key=("period", "kode_indikator"),
    ),
    Table(
        "core_survei", "core", "period x id_responden",
        "Satisfaction-survey responses delivered for the period (one semester). Scores only, never "
        "free text.",
        (col("period", description=_DELIVERED), col("id_responden"), col("kode_satker"), col("tanggal"),
         *(col(f"l{e}", nullable=False) for e in range(1, 10)), _LOAD),
        primary_key=("period", "id_responden"),
    ),
    Table(
        "core_iph", "core", "period x kode_satker x dimensi",
        "Law-enforcement index (IPH) dimension scores delivered for the period.",
        (col("period", description=_DELIVERED), col("kode_satker"), col("dimensi"),
         col("nilai_dimensi"), _LOAD),
        primary_key=("period", "kode_satker", "dimensi"),
    ),
)

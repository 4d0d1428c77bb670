"""raw_*: append-only copies of every loaded file's canonical rows, as read.

Each raw table stores one canonical extract shape (docs/architecture.md, "Canonical
frames"): the shape's columns in order, after ``load_id`` (audit_load) and ``source_row``
(the row in the file). The reader's ``file_period`` is not stored. Money is DECIMAL(18,2)
rupiah. Nothing is ever deleted from raw_*.
"""

from __future__ import annotations

from .classes import Column, Table
from .fields import MONEY_LINE, col

_PROVENANCE = (col("load_id"), col("source_row"))
_GRAIN = "load_id x source_row"


def _raw(name: str, shape: str, description: str, *columns: Column) -> Table:
    return Table(name, "raw", _GRAIN, description, (*_PROVENANCE, *columns), shape=shape)


RAW = (
    _raw("raw_satker", "satker", "The satker master (landing/reference/satker*) as read: one row per "
         "satker.",
         col("kode_satker"), col("nama_satker", nullable=False), col("jenis_satker", nullable=False),
         col("kode_kanwil"), col("kabupaten"), col("pulau"), col("aktif_dari"), col("aktif_sampai")),
    _raw("raw_pagu", "pagu", "A DIPA delivery (pagu*) as read: one row per satker x akun.",
         col("kode_satker"), col("kode_akun"),
         col("pagu", MONEY_LINE, "Pagu of the akun line in this DIPA delivery"),
         col("blokir", MONEY_LINE, "Blokir of the akun line (0 when the file has no blokir column)")),
    _raw("raw_realisasi_summary", "summary", "A realisasi file of the summary shape as read: the "
         "monthly and/or cumulative realisasi per satker x akun.",
         col("kode_satker"), col("kode_akun"),
         col("realisasi_bulan_ini", MONEY_LINE, "Realisasi within the month as the file states it "
             "(null when the file has no such column; negative after refunds)", unit="IDR"),
         col("realisasi_sd_bulan_ini", MONEY_LINE, "Realisasi from 1 January to month end as the "
             "file states it (null when the file has no such column)", unit="IDR")),
    _raw("raw_realisasi_sp2d", "transactions", "A realisasi file of the transactions shape as read: "
         "one SP2D line per row (negative = refund or correction).",
         col("tanggal_sp2d", "DATE", "Date of the SP2D (payment order)", nullable=False),
         col("kode_satker"), col("kode_akun"),
         col("nilai", MONEY_LINE, "Amount of the SP2D line (negative = refund or correction)",
             unit="IDR", nullable=False)),
    _raw("raw_rb", "rb", "An RB (Reformasi Birokrasi) action-plan monitoring file as read: one row "
         "per unit.",
         col("checkpoint", description="RB checkpoint as the file names it, B03..B12 (null: taken "
             "from the folder's month)", nullable=True),
         col("kode_satker"), col("target"), col("terlaksana")),
    _raw("raw_pk", "pk", "A Perjanjian Kinerja (performance agreement, reference/pk*) as read: one "
         "row per indicator.",
         col("kode_indikator"), col("sasaran_kegiatan"), col("indikator"), col("satuan"),
         col("polaritas"), col("target_tahunan"), col("target_tw1"), col("target_tw2"),
         col("target_tw3"), col("target_tw4"), col("sumber")),
    _raw("raw_iku", "iku", "Typed indicator realisations (iku*) as read: one row per indicator.",
         col("kode_indikator"), col("realisasi"), col("keterangan")),
    _raw("raw_survei", "survei", "Satisfaction-survey responses (survei*) as read: one respondent "
         "per row, scores only (the reader drops free-text answers).",
         col("id_responden"), col("kode_satker"), col("tanggal"),
         *(col(f"l{e}", description=f"Score of survey element L{e} as read (1..4; null: missing, "
               "which the gate reports as survei.incomplete)") for e in range(1, 10))),
    _raw("raw_iph", "iph", "Law-enforcement index (IPH) dimension scores (iph*) as read: one row per "
         "unit x dimension.",
         col("kode_satker"), col("dimensi"), col("nilai_dimensi")),
)

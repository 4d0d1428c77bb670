-- 002_raw.sql: raw layer. Append-only: every loaded file's canonical rows, as read,
-- with the load that brought them (audit_load.load_id) and the row number in the file.
-- Money is DECIMAL(18,2) rupiah. Nothing is ever deleted from raw_*.

-- Grain: load_id x source_row.
CREATE TABLE IF NOT EXISTS raw_satker (
    load_id VARCHAR NOT NULL, source_row BIGINT NOT NULL,
    kode_satker VARCHAR NOT NULL, nama_satker VARCHAR NOT NULL, jenis_satker VARCHAR NOT NULL,
    kode_kanwil VARCHAR NOT NULL, kabupaten VARCHAR, pulau VARCHAR,
    aktif_dari DATE, aktif_sampai DATE
);

-- Grain: load_id x source_row. One row per satker x akun of a DIPA delivery.
CREATE TABLE IF NOT EXISTS raw_pagu (
    load_id VARCHAR NOT NULL, source_row BIGINT NOT NULL,
    kode_satker VARCHAR NOT NULL, kode_akun VARCHAR NOT NULL,
    pagu DECIMAL(18,2) NOT NULL, blokir DECIMAL(18,2) NOT NULL
);

-- Grain: load_id x source_row. Summary shape: monthly and/or cumulative per satker x akun.
CREATE TABLE IF NOT EXISTS raw_realisasi_summary (
    load_id VARCHAR NOT NULL, source_row BIGINT NOT NULL,
    kode_satker VARCHAR NOT NULL, kode_akun VARCHAR NOT NULL,
    realisasi_bulan_ini DECIMAL(18,2), realisasi_sd_bulan_ini DECIMAL(18,2)
);

-- Grain: load_id x source_row. Transaction shape: one SP2D line (negative = refund).
CREATE TABLE IF NOT EXISTS raw_realisasi_sp2d (
    load_id VARCHAR NOT NULL, source_row BIGINT NOT NULL,
    tanggal_sp2d DATE NOT NULL, kode_satker VARCHAR NOT NULL, kode_akun VARCHAR NOT NULL,
    nilai DECIMAL(18,2) NOT NULL
);

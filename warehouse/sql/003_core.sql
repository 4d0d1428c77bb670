-- 003_core.sql: core layer. The current cleaned facts; a period's rows are replaced in
-- one transaction when the period is refreshed. load_id columns point at audit_load.

-- Work-unit master as of the latest satker delivery. Grain: kode_satker.
CREATE TABLE IF NOT EXISTS core_satker (
    kode_satker VARCHAR PRIMARY KEY, nama_satker VARCHAR NOT NULL, jenis_satker VARCHAR NOT NULL,
    kode_kanwil VARCHAR NOT NULL, kabupaten VARCHAR, pulau VARCHAR,
    aktif_dari DATE, aktif_sampai DATE,
    load_id VARCHAR NOT NULL
);

-- DIPA deliveries. Grain: effective_period x kode_satker x kode_akun. The pagu in force for
-- a period is the latest delivery with effective_period <= that period in the same year.
CREATE TABLE IF NOT EXISTS core_pagu (
    effective_period DATE NOT NULL,
    kode_satker VARCHAR NOT NULL, kode_akun VARCHAR NOT NULL,
    pagu DECIMAL(18,2) NOT NULL,   -- rupiah
    blokir DECIMAL(18,2) NOT NULL, -- rupiah, part of pagu suspended
    load_id VARCHAR NOT NULL,
    PRIMARY KEY (effective_period, kode_satker, kode_akun)
);

-- Realisasi per month. Grain: period x kode_satker x kode_akun.
CREATE TABLE IF NOT EXISTS core_realisasi (
    period DATE NOT NULL,
    kode_satker VARCHAR NOT NULL, kode_akun VARCHAR NOT NULL,
    realisasi_bulan DECIMAL(18,2) NOT NULL,      -- rupiah spent in the month (may be negative)
    realisasi_kumulatif DECIMAL(18,2) NOT NULL,  -- rupiah spent 1 January .. period end
    has_negative_correction BOOLEAN NOT NULL,
    load_id VARCHAR NOT NULL,
    PRIMARY KEY (period, kode_satker, kode_akun)
);

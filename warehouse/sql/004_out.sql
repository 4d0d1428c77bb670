-- 004_out.sql: reporting layer, what BI tools read (copied into the published file).
-- Money: DECIMAL(38,2) rupiah (sums of DECIMAL(18,2) lines). Percentages: DOUBLE, 0..100,
-- always a ratio of the sums on the same row (never a mean of lower-level percentages);
-- round only when presenting. Every table is replaced per period in one transaction.
-- Lineage: *_load_id columns point at out_load (audit_load) rows: file, sha256, flow run.
--
-- Shared measure columns (the same meaning in every out_budget_* table):
--   pagu                  DIPA allocation in force at period end
--   blokir                part of pagu suspended (catatan halaman IV-A DIPA)
--   pagu_netto            pagu - blokir (never below 0)
--   realisasi_bulan       realisasi within the month (may be negative after refunds)
--   realisasi_kumulatif   realisasi 1 January .. period end
--   sisa                  pagu - realisasi_kumulatif
--   sisa_netto            pagu_netto - realisasi_kumulatif
--   penyerapan_pct        realisasi_kumulatif / pagu * 100        (what the LKjIP prints)
--   penyerapan_netto_pct  realisasi_kumulatif / pagu_netto * 100  (what IKPA uses)
--   n_akun_over_pagu      akun lines whose realisasi_kumulatif exceeds their pagu (flag)
--   pagu_share_pct        pagu / pagu of the parent level * 100 (parent named per table)

-- Grain: period x kode_satker x kode_jenis_belanja. pagu_share_pct: within the satker.
CREATE TABLE IF NOT EXISTS out_budget_satker_jenis_belanja (
    period DATE NOT NULL, kode_kanwil VARCHAR NOT NULL, kode_satker VARCHAR NOT NULL,
    nama_satker VARCHAR, jenis_satker VARCHAR, kode_jenis_belanja VARCHAR NOT NULL,
    jenis_belanja VARCHAR,
    pagu DECIMAL(38,2) NOT NULL, blokir DECIMAL(38,2) NOT NULL, pagu_netto DECIMAL(38,2) NOT NULL,
    realisasi_bulan DECIMAL(38,2) NOT NULL, realisasi_kumulatif DECIMAL(38,2) NOT NULL,
    sisa DECIMAL(38,2) NOT NULL, sisa_netto DECIMAL(38,2) NOT NULL,
    penyerapan_pct DOUBLE, penyerapan_netto_pct DOUBLE, pagu_share_pct DOUBLE,
    n_akun_over_pagu BIGINT NOT NULL,
    pagu_load_id VARCHAR NOT NULL, realisasi_load_id VARCHAR NOT NULL, satker_load_id VARCHAR NOT NULL,
    PRIMARY KEY (period, kode_satker, kode_jenis_belanja)
);

-- Grain: period x kode_satker. pagu_share_pct: within the region (kode_kanwil).
CREATE TABLE IF NOT EXISTS out_budget_satker (
    period DATE NOT NULL, kode_kanwil VARCHAR NOT NULL, kode_satker VARCHAR NOT NULL,
    nama_satker VARCHAR, jenis_satker VARCHAR,
    pagu DECIMAL(38,2) NOT NULL, blokir DECIMAL(38,2) NOT NULL, pagu_netto DECIMAL(38,2) NOT NULL,
    realisasi_bulan DECIMAL(38,2) NOT NULL, realisasi_kumulatif DECIMAL(38,2) NOT NULL,
    sisa DECIMAL(38,2) NOT NULL, sisa_netto DECIMAL(38,2) NOT NULL,
    penyerapan_pct DOUBLE, penyerapan_netto_pct DOUBLE, pagu_share_pct DOUBLE,
    n_akun_over_pagu BIGINT NOT NULL,
    pagu_load_id VARCHAR NOT NULL, realisasi_load_id VARCHAR NOT NULL, satker_load_id VARCHAR NOT NULL,
    PRIMARY KEY (period, kode_satker)
);

-- Grain: period x kode_kanwil x jenis_satker (KANWIL, LAPAS, RUTAN, ...).
-- pagu_share_pct: within the region.
CREATE TABLE IF NOT EXISTS out_budget_jenis_satker (
    period DATE NOT NULL, kode_kanwil VARCHAR NOT NULL, nama_kanwil VARCHAR, jenis_satker VARCHAR NOT NULL,
    n_satker BIGINT NOT NULL,
    pagu DECIMAL(38,2) NOT NULL, blokir DECIMAL(38,2) NOT NULL, pagu_netto DECIMAL(38,2) NOT NULL,
    realisasi_bulan DECIMAL(38,2) NOT NULL, realisasi_kumulatif DECIMAL(38,2) NOT NULL,
    sisa DECIMAL(38,2) NOT NULL, sisa_netto DECIMAL(38,2) NOT NULL,
    penyerapan_pct DOUBLE, penyerapan_netto_pct DOUBLE, pagu_share_pct DOUBLE,
    n_akun_over_pagu BIGINT NOT NULL,
    pagu_load_id VARCHAR NOT NULL, realisasi_load_id VARCHAR NOT NULL, satker_load_id VARCHAR NOT NULL,
    PRIMARY KEY (period, kode_kanwil, jenis_satker)
);

-- Grain: period x kode_kanwil x kode_jenis_belanja. pagu_share_pct: within the region.
CREATE TABLE IF NOT EXISTS out_budget_region_jenis_belanja (
    period DATE NOT NULL, kode_kanwil VARCHAR NOT NULL, nama_kanwil VARCHAR,
    kode_jenis_belanja VARCHAR NOT NULL, jenis_belanja VARCHAR, n_satker BIGINT NOT NULL,
    pagu DECIMAL(38,2) NOT NULL, blokir DECIMAL(38,2) NOT NULL, pagu_netto DECIMAL(38,2) NOT NULL,
    realisasi_bulan DECIMAL(38,2) NOT NULL, realisasi_kumulatif DECIMAL(38,2) NOT NULL,
    sisa DECIMAL(38,2) NOT NULL, sisa_netto DECIMAL(38,2) NOT NULL,
    penyerapan_pct DOUBLE, penyerapan_netto_pct DOUBLE, pagu_share_pct DOUBLE,
    n_akun_over_pagu BIGINT NOT NULL,
    pagu_load_id VARCHAR NOT NULL, realisasi_load_id VARCHAR NOT NULL, satker_load_id VARCHAR NOT NULL,
    PRIMARY KEY (period, kode_kanwil, kode_jenis_belanja)
);

-- Grain: period x kode_kanwil (the Kanwil and all its UPT).
CREATE TABLE IF NOT EXISTS out_budget_region (
    period DATE NOT NULL, kode_kanwil VARCHAR NOT NULL, nama_kanwil VARCHAR, n_satker BIGINT NOT NULL,
    pagu DECIMAL(38,2) NOT NULL, blokir DECIMAL(38,2) NOT NULL, pagu_netto DECIMAL(38,2) NOT NULL,
    realisasi_bulan DECIMAL(38,2) NOT NULL, realisasi_kumulatif DECIMAL(38,2) NOT NULL,
    sisa DECIMAL(38,2) NOT NULL, sisa_netto DECIMAL(38,2) NOT NULL,
    penyerapan_pct DOUBLE, penyerapan_netto_pct DOUBLE,
    n_akun_over_pagu BIGINT NOT NULL,
    pagu_load_id VARCHAR NOT NULL, realisasi_load_id VARCHAR NOT NULL, satker_load_id VARCHAR NOT NULL,
    PRIMARY KEY (period, kode_kanwil)
);

-- Load history and lineage in the published file: every load that reached the core tables,
-- current or superseded by a corrected delivery. Grain: load_id. A monthly kind's current
-- load is the latest one for its period; a reference kind's (satker, pk) the latest overall.
CREATE OR REPLACE VIEW out_load AS
SELECT load_id, run_id, flow_run_id, period, kind, shape, file_name, sha256,
       rows_read, rows_loaded, started_at, finished_at,
       row_number() OVER w_desc = 1 AS is_current,
       lead(finished_at) OVER w_asc AS superseded_at
FROM audit_load
WHERE status = 'loaded'
WINDOW w_desc AS (PARTITION BY kind, CASE WHEN kind IN ('satker', 'pk') THEN NULL ELSE period END
                  ORDER BY finished_at DESC),
       w_asc AS (PARTITION BY kind, CASE WHEN kind IN ('satker', 'pk') THEN NULL ELSE period END
                 ORDER BY finished_at);

-- Every earlier publish of the BI file. Grain: publish_id.
CREATE OR REPLACE VIEW out_publish_history AS
SELECT publish_id, run_id, flow_run_id, published_at, periods, sha256, content_sha256
FROM audit_publish;

-- 005_indicators.sql: non-financial performance indicators (issue 3): Reformasi Birokrasi
-- action plans (rb), the performance agreement (pk), typed realisations (iku), satisfaction
-- survey responses (survei) and law-enforcement index dimension scores (iph).
-- Ratios and indices: DOUBLE, unrounded (round half-up only when presenting); percentages
-- on a 0..100 scale. Counts: BIGINT. "n/a" is NULL, never 0.
-- Free-text survey answers (saran, ...) are dropped by the reader: no table here holds them.
-- *_load_id: the audit_load / out_load row that brought the figures (NULL when the writer
-- did not pass it).

-- ---------------------------------------------------------------- raw: append-only, as read
-- Grain: load_id x source_row. One row per unit of an RB monitoring file.
CREATE TABLE IF NOT EXISTS raw_rb (
    load_id VARCHAR NOT NULL, source_row BIGINT NOT NULL,
    checkpoint VARCHAR,                 -- B03..B12 as the file names it (NULL: from the folder)
    kode_satker VARCHAR NOT NULL, target BIGINT NOT NULL, terlaksana BIGINT NOT NULL
);

-- Grain: load_id x source_row. One row per indicator of a Perjanjian Kinerja.
CREATE TABLE IF NOT EXISTS raw_pk (
    load_id VARCHAR NOT NULL, source_row BIGINT NOT NULL,
    kode_indikator VARCHAR NOT NULL, sasaran_kegiatan VARCHAR, indikator VARCHAR NOT NULL,
    satuan VARCHAR NOT NULL, polaritas VARCHAR NOT NULL, target_tahunan DOUBLE NOT NULL,
    target_tw1 DOUBLE, target_tw2 DOUBLE, target_tw3 DOUBLE, target_tw4 DOUBLE, sumber VARCHAR
);

-- Grain: load_id x source_row. Typed realisation; realisasi NULL = n/a (keterangan says why).
CREATE TABLE IF NOT EXISTS raw_iku (
    load_id VARCHAR NOT NULL, source_row BIGINT NOT NULL,
    kode_indikator VARCHAR NOT NULL, realisasi DOUBLE, keterangan VARCHAR
);

-- Grain: load_id x source_row. One survey respondent: scores only (L1..L9, 1..4).
CREATE TABLE IF NOT EXISTS raw_survei (
    load_id VARCHAR NOT NULL, source_row BIGINT NOT NULL,
    id_responden VARCHAR NOT NULL, kode_satker VARCHAR NOT NULL, tanggal DATE NOT NULL,
    l1 BIGINT, l2 BIGINT, l3 BIGINT, l4 BIGINT, l5 BIGINT, l6 BIGINT, l7 BIGINT, l8 BIGINT,
    l9 BIGINT
);

-- Grain: load_id x source_row. One unit x dimension score, on the indicator's scale (raw).
CREATE TABLE IF NOT EXISTS raw_iph (
    load_id VARCHAR NOT NULL, source_row BIGINT NOT NULL,
    kode_satker VARCHAR NOT NULL, dimensi BIGINT NOT NULL, nilai_dimensi DOUBLE NOT NULL
);

-- ------------------------------------------------- core: cleaned facts, replaced per period
-- `period` is the period the file was delivered for (its landing folder).

-- RB checkpoint deliveries. Grain: period x kode_satker (one checkpoint per delivery month).
CREATE TABLE IF NOT EXISTS core_rb (
    period DATE NOT NULL, checkpoint VARCHAR NOT NULL,   -- B03, B06, B09, B12
    kode_satker VARCHAR NOT NULL,
    target BIGINT NOT NULL,       -- cumulative action-plan items due by the checkpoint
    terlaksana BIGINT NOT NULL,   -- items completed with verified supporting documents
    load_id VARCHAR NOT NULL,
    PRIMARY KEY (period, kode_satker)
);

-- The performance agreement in force for the period. Grain: period x kode_indikator.
CREATE TABLE IF NOT EXISTS core_pk (
    period DATE NOT NULL, kode_indikator VARCHAR NOT NULL,
    sasaran_kegiatan VARCHAR, indikator VARCHAR NOT NULL,
    satuan VARCHAR NOT NULL,      -- persen | indeks | angka
    polaritas VARCHAR NOT NULL,   -- positif | negatif
    target_tahunan DOUBLE NOT NULL,
    target_tw1 DOUBLE, target_tw2 DOUBLE, target_tw3 DOUBLE, target_tw4 DOUBLE,
    sumber VARCHAR,               -- rb | survei | iph: computed by the warehouse; NULL: typed in iku
    load_id VARCHAR NOT NULL,
    PRIMARY KEY (period, kode_indikator)
);

-- Typed realisations delivered for the period. Grain: period x kode_indikator.
CREATE TABLE IF NOT EXISTS core_iku (
    period DATE NOT NULL, kode_indikator VARCHAR NOT NULL,
    realisasi DOUBLE,             -- NULL = n/a (not assessable); never stored as 0
    keterangan VARCHAR,
    load_id VARCHAR NOT NULL,
    PRIMARY KEY (period, kode_indikator)
);

-- Survey responses delivered for the period (one semester). Scores only, never free text.
-- Grain: period x id_responden.
CREATE TABLE IF NOT EXISTS core_survei (
    period DATE NOT NULL, id_responden VARCHAR NOT NULL, kode_satker VARCHAR NOT NULL,
    tanggal DATE NOT NULL,
    l1 BIGINT NOT NULL, l2 BIGINT NOT NULL, l3 BIGINT NOT NULL, l4 BIGINT NOT NULL,
    l5 BIGINT NOT NULL, l6 BIGINT NOT NULL, l7 BIGINT NOT NULL, l8 BIGINT NOT NULL,
    l9 BIGINT NOT NULL,           -- 1 tidak baik .. 4 sangat baik
    load_id VARCHAR NOT NULL,
    PRIMARY KEY (period, id_responden)
);

-- IPH dimension scores delivered for the period. Grain: period x kode_satker x dimensi.
CREATE TABLE IF NOT EXISTS core_iph (
    period DATE NOT NULL, kode_satker VARCHAR NOT NULL,
    dimensi BIGINT NOT NULL,      -- 1..8, 12,5% each (seed_facts/iph_dimensions.csv)
    nilai_dimensi DOUBLE NOT NULL, -- raw, on the indicator's scale (1..4), never rescaled
    load_id VARCHAR NOT NULL,
    PRIMARY KEY (period, kode_satker, dimensi)
);

-- ---------------------------------------------------------------- out: what BI tools read
-- RB pooled ratio: capaian_pct = terlaksana / target * 100 (NULL when target is 0).
-- Targets are cumulative: the period's figure is the is_latest row, never a sum over
-- checkpoints. Grain: period x kode_satker x checkpoint (every checkpoint of the year on or
-- before the period).
CREATE TABLE IF NOT EXISTS out_rb_satker (
    period DATE NOT NULL, kode_kanwil VARCHAR NOT NULL, kode_satker VARCHAR NOT NULL,
    nama_satker VARCHAR, jenis_satker VARCHAR, checkpoint VARCHAR NOT NULL,
    is_latest BOOLEAN NOT NULL,   -- the latest checkpoint on or before the period
    target BIGINT NOT NULL, terlaksana BIGINT NOT NULL, capaian_pct DOUBLE,
    rb_load_id VARCHAR, satker_load_id VARCHAR,
    PRIMARY KEY (period, kode_satker, checkpoint)
);

-- Grain: period x kode_kanwil x checkpoint. Sums over the units in the file (the Kanwil and
-- its UPT in scope); capaian_pct = sum(terlaksana) / sum(target) * 100 (pooled).
CREATE TABLE IF NOT EXISTS out_rb_region (
    period DATE NOT NULL, kode_kanwil VARCHAR NOT NULL, nama_kanwil VARCHAR,
    checkpoint VARCHAR NOT NULL, is_latest BOOLEAN NOT NULL, n_satker BIGINT NOT NULL,
    target BIGINT NOT NULL, terlaksana BIGINT NOT NULL, capaian_pct DOUBLE,
    rb_load_id VARCHAR, satker_load_id VARCHAR,
    PRIMARY KEY (period, kode_kanwil, checkpoint)
);

-- Satisfaction index (PermenPAN-RB 14/2017) of the semester containing the period.
-- nrr_lK = sum of scores of element LK / respondents; ikm = sum(nrr) / 9 (exact 1/9 weight,
-- scale 1-4); ikm_konversi = ikm * 25 (scale 25-100); mutu A..D and kinerja_unit per the
-- regulation's interval table (transforms.survey.MUTU_BANDS).
-- Grain: period x kode_satker.
CREATE TABLE IF NOT EXISTS out_survey_satker (
    period DATE NOT NULL, kode_kanwil VARCHAR NOT NULL, kode_satker VARCHAR NOT NULL,
    nama_satker VARCHAR, jenis_satker VARCHAR, n_responden BIGINT NOT NULL,
    nrr_l1 DOUBLE, nrr_l2 DOUBLE, nrr_l3 DOUBLE, nrr_l4 DOUBLE, nrr_l5 DOUBLE, nrr_l6 DOUBLE,
    nrr_l7 DOUBLE, nrr_l8 DOUBLE, nrr_l9 DOUBLE,
    ikm DOUBLE, ikm_konversi DOUBLE, mutu VARCHAR, kinerja_unit VARCHAR,
    survei_load_id VARCHAR, satker_load_id VARCHAR,
    PRIMARY KEY (period, kode_satker)
);

-- Grain: period x kode_kanwil. Every respondent of the region pooled (ratio of sums).
CREATE TABLE IF NOT EXISTS out_survey_region (
    period DATE NOT NULL, kode_kanwil VARCHAR NOT NULL, nama_kanwil VARCHAR,
    n_satker BIGINT NOT NULL, n_responden BIGINT NOT NULL,
    nrr_l1 DOUBLE, nrr_l2 DOUBLE, nrr_l3 DOUBLE, nrr_l4 DOUBLE, nrr_l5 DOUBLE, nrr_l6 DOUBLE,
    nrr_l7 DOUBLE, nrr_l8 DOUBLE, nrr_l9 DOUBLE,
    ikm DOUBLE, ikm_konversi DOUBLE, mutu VARCHAR, kinerja_unit VARCHAR,
    survei_load_id VARCHAR, satker_load_id VARCHAR,
    PRIMARY KEY (period, kode_kanwil)
);

-- Law-enforcement index (IPHP): dimensi_1..8 the dimension values (raw scale, 1..4), iph
-- their mean (12,5% each). Latest delivery on or before the period in its year.
-- Grain: period x kode_satker.
CREATE TABLE IF NOT EXISTS out_iph_satker (
    period DATE NOT NULL, kode_kanwil VARCHAR NOT NULL, kode_satker VARCHAR NOT NULL,
    nama_satker VARCHAR, jenis_satker VARCHAR, n_dimensi BIGINT NOT NULL,
    dimensi_1 DOUBLE, dimensi_2 DOUBLE, dimensi_3 DOUBLE, dimensi_4 DOUBLE,
    dimensi_5 DOUBLE, dimensi_6 DOUBLE, dimensi_7 DOUBLE, dimensi_8 DOUBLE, iph DOUBLE,
    iph_load_id VARCHAR, satker_load_id VARCHAR,
    PRIMARY KEY (period, kode_satker)
);

-- Grain: period x kode_kanwil. dimensi_d = mean over the region's units; iph = mean of the 8.
CREATE TABLE IF NOT EXISTS out_iph_region (
    period DATE NOT NULL, kode_kanwil VARCHAR NOT NULL, nama_kanwil VARCHAR,
    n_satker BIGINT NOT NULL,
    dimensi_1 DOUBLE, dimensi_2 DOUBLE, dimensi_3 DOUBLE, dimensi_4 DOUBLE,
    dimensi_5 DOUBLE, dimensi_6 DOUBLE, dimensi_7 DOUBLE, dimensi_8 DOUBLE, iph DOUBLE,
    iph_load_id VARCHAR, satker_load_id VARCHAR,
    PRIMARY KEY (period, kode_kanwil)
);

-- Target attainment of every pk indicator. Grain: period x kode_indikator.
-- target: target_tw<quarter of the period> when the pk gives it, else target_tahunan.
-- realisasi: computed (sumber rb | survei | iph, from the region tables above) or typed
-- (iku); NULL = n/a. capaian_pct: positif realisasi / target * 100, negatif
-- (2 * target - realisasi) / target * 100, capped/floored only when configured; NULL when
-- n/a. status: tercapai | tidak tercapai | tidak dapat dinilai (n/a).
CREATE TABLE IF NOT EXISTS out_iku (
    period DATE NOT NULL, kode_indikator VARCHAR NOT NULL,
    sasaran_kegiatan VARCHAR, indikator VARCHAR NOT NULL, satuan VARCHAR NOT NULL,
    polaritas VARCHAR NOT NULL, target DOUBLE, realisasi DOUBLE, sumber VARCHAR,
    capaian_pct DOUBLE, status VARCHAR NOT NULL, keterangan VARCHAR,
    pk_load_id VARCHAR, iku_load_id VARCHAR,
    PRIMARY KEY (period, kode_indikator)
);

-- Counts of out_iku by status. n/a indicators are outside both achieved and not achieved;
-- tercapai_pct = n_tercapai / n_dinilai * 100 (NULL when nothing is assessable).
-- Grain: period.
CREATE TABLE IF NOT EXISTS out_iku_summary (
    period DATE NOT NULL PRIMARY KEY, n_indikator BIGINT NOT NULL, n_dinilai BIGINT NOT NULL,
    n_tercapai BIGINT NOT NULL, n_tidak_tercapai BIGINT NOT NULL,
    n_tidak_dapat_dinilai BIGINT NOT NULL, tercapai_pct DOUBLE
);

-- fact_budget_akun: pagu in force and realisasi per period x satker x akun, for every published
-- period. The pagu in force is the latest DIPA delivery on or before the period in its fiscal
-- year (as warehouse.store.pagu_in_force); the satker's region is the one of out_budget_satker.
WITH periods AS (SELECT DISTINCT period FROM out_budget_satker),
eff AS (
    SELECT p.period, max(d.effective_period) AS effective_period
    FROM periods AS p
    JOIN (SELECT DISTINCT effective_period FROM core_pagu) AS d
      ON d.effective_period <= p.period AND year(d.effective_period) = year(p.period)
    GROUP BY p.period
),
pagu AS (
    SELECT e.period, c.kode_satker, c.kode_akun, c.pagu, c.blokir
    FROM eff AS e JOIN core_pagu AS c ON c.effective_period = e.effective_period
),
real AS (
    SELECT r.period, r.kode_satker, r.kode_akun, r.realisasi_bulan, r.realisasi_kumulatif
    FROM core_realisasi AS r WHERE r.period IN (SELECT period FROM periods)
),
lines AS (
    SELECT coalesce(p.period, r.period) AS period, coalesce(p.kode_satker, r.kode_satker) AS kode_satker,
           coalesce(p.kode_akun, r.kode_akun) AS kode_akun,
           CAST(coalesce(p.pagu, 0) AS DECIMAL(38,2)) AS pagu,
           CAST(coalesce(p.blokir, 0) AS DECIMAL(38,2)) AS blokir,
           CAST(coalesce(r.realisasi_bulan, 0) AS DECIMAL(38,2)) AS realisasi_bulan,
           CAST(coalesce(r.realisasi_kumulatif, 0) AS DECIMAL(38,2)) AS realisasi_kumulatif
    FROM pagu AS p
    FULL JOIN real AS r
      ON r.period = p.period AND r.kode_satker = p.kode_satker AND r.kode_akun = p.kode_akun
)
SELECT l.period, l.kode_satker, s.kode_kanwil, l.kode_akun, left(l.kode_akun, 2) AS kode_jenis_belanja,
       l.pagu, l.blokir, l.realisasi_bulan, l.realisasi_kumulatif,
       l.pagu - l.realisasi_kumulatif AS sisa,
       CASE WHEN l.pagu > 0 THEN CAST(l.realisasi_kumulatif AS DOUBLE) / CAST(l.pagu AS DOUBLE) END
           AS penyerapan_ratio,
       l.realisasi_kumulatif > l.pagu AS is_over_pagu
FROM lines AS l
JOIN out_budget_satker AS s ON s.period = l.period AND s.kode_satker = l.kode_satker

-- Monthly absorption per region and scope: fact_budget_lingkup with month labels; the ratio is
-- recomputed from the sums (a dashboard that groups further must do the same).
SELECT d.period, d.periode, d.nama_bulan, d.triwulan, d.semester, f.kode_kanwil, f.lingkup, f.nama_lingkup,
       sum(f.pagu) AS pagu, sum(f.realisasi_bulan) AS realisasi_bulan,
       sum(f.realisasi_kumulatif) AS realisasi_kumulatif,
       CAST(sum(f.realisasi_kumulatif) AS DOUBLE) / CAST(nullif(sum(f.pagu), 0) AS DOUBLE) AS penyerapan_ratio
FROM fact_budget_lingkup AS f
JOIN dim_period AS d ON d.period = f.period
GROUP BY d.period, d.periode, d.nama_bulan, d.triwulan, d.semester, f.kode_kanwil, f.lingkup, f.nama_lingkup

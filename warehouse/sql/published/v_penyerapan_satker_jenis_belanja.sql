-- Absorption per period x satker x jenis belanja: sums of akun lines, the ratio from the sums.
SELECT d.period, d.periode, d.nama_bulan, d.triwulan, d.semester,
       f.kode_satker, s.nama_satker, s.nama_jenis_satker, s.lingkup, s.urutan_laporan,
       f.kode_jenis_belanja, j.nama_jenis_belanja,
       sum(f.pagu) AS pagu, sum(f.realisasi_bulan) AS realisasi_bulan,
       sum(f.realisasi_kumulatif) AS realisasi_kumulatif,
       CAST(sum(f.realisasi_kumulatif) AS DOUBLE) / CAST(nullif(sum(f.pagu), 0) AS DOUBLE) AS penyerapan_ratio
FROM fact_budget_akun AS f
JOIN dim_period AS d ON d.period = f.period
JOIN dim_satker AS s ON s.kode_satker = f.kode_satker
LEFT JOIN dim_jenis_belanja AS j ON j.kode_jenis_belanja = f.kode_jenis_belanja
GROUP BY d.period, d.periode, d.nama_bulan, d.triwulan, d.semester, f.kode_satker, s.nama_satker,
         s.nama_jenis_satker, s.lingkup, s.urutan_laporan, f.kode_jenis_belanja, j.nama_jenis_belanja

-- Indicator attainment per period, as a fraction.
SELECT d.period, d.periode, d.nama_bulan, d.triwulan, d.semester,
       i.kode_indikator, i.indikator, i.satuan, i.target, i.realisasi,
       i.capaian_pct / 100 AS capaian_ratio, i.status
FROM out_iku AS i
JOIN dim_period AS d ON d.period = i.period

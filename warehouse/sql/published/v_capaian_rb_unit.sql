-- RB attainment per unit at the period's latest checkpoint.
SELECT d.period, d.periode, d.nama_bulan, d.triwulan, d.semester,
       r.kode_satker, s.nama_satker, s.nama_jenis_satker, s.lingkup, r.checkpoint, r.target, r.terlaksana,
       CAST(r.terlaksana AS DOUBLE) / CAST(nullif(r.target, 0) AS DOUBLE) AS capaian_ratio
FROM out_rb_satker AS r
JOIN dim_period AS d ON d.period = r.period
JOIN dim_satker AS s ON s.kode_satker = r.kode_satker
WHERE r.is_latest

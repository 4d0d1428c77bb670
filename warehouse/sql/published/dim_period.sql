-- dim_period: every period a published reporting table holds, with Indonesian labels.
WITH p AS (
    SELECT period FROM out_budget_region UNION SELECT period FROM out_rb_region
    UNION SELECT period FROM out_survey_region UNION SELECT period FROM out_iph_region
    UNION SELECT period FROM out_iku_summary
), named AS (
    SELECT period, month(period) AS bulan,
           ['Januari', 'Februari', 'Maret', 'April', 'Mei', 'Juni', 'Juli', 'Agustus', 'September',
            'Oktober', 'November', 'Desember'][month(period)] AS nama_bulan
    FROM p
)
SELECT period, strftime(period, '%Y-%m') AS periode, CAST(year(period) AS INTEGER) AS tahun_anggaran,
       CAST(bulan AS INTEGER) AS bulan, nama_bulan,
       CAST((bulan + 2) // 3 AS INTEGER) AS triwulan,
       'Triwulan ' || ['I', 'II', 'III', 'IV'][(bulan + 2) // 3] AS nama_triwulan,
       CAST((bulan + 5) // 6 AS INTEGER) AS semester,
       'Semester ' || ['I', 'II'][(bulan + 5) // 6] AS nama_semester,
       's.d. ' || nama_bulan || ' ' || year(period) AS label_periode,
       bulan % 3 = 0 AS is_akhir_triwulan
FROM named

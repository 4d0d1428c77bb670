-- fact_budget_lingkup_jenis_belanja: out_budget_satker_jenis_belanja summed per region, scope and jenis belanja; ratios from the sums.
WITH scoped AS (
    SELECT l.lingkup, l.nama_lingkup, b.*
    FROM out_budget_satker_jenis_belanja AS b
    JOIN (VALUES ('wilayah', 'Wilayah (Kanwil dan UPT)'), ('upt', 'Lingkup UPT'), ('kanwil', 'Kanwil'))
         AS l(lingkup, nama_lingkup)
      ON l.lingkup = 'wilayah'
      OR l.lingkup = CASE WHEN b.jenis_satker = 'KANWIL' THEN 'kanwil' ELSE 'upt' END
), summed AS (
    SELECT period, kode_kanwil, lingkup, nama_lingkup, kode_jenis_belanja, jenis_belanja, count(DISTINCT kode_satker) AS n_satker,
           CAST(sum(pagu) AS DECIMAL(38,2)) AS pagu, CAST(sum(blokir) AS DECIMAL(38,2)) AS blokir,
           CAST(sum(realisasi_bulan) AS DECIMAL(38,2)) AS realisasi_bulan,
           CAST(sum(realisasi_kumulatif) AS DECIMAL(38,2)) AS realisasi_kumulatif,
           CAST(sum(n_akun_over_pagu) AS BIGINT) AS n_akun_over_pagu
    FROM scoped GROUP BY ALL
), netto AS (
    SELECT *, CAST(greatest(pagu - blokir, 0) AS DECIMAL(38,2)) AS pagu_netto FROM summed
)
SELECT n.period, n.kode_kanwil, k.nama_satker AS nama_kanwil, n.lingkup, n.nama_lingkup,
       n.kode_jenis_belanja, n.jenis_belanja, n.n_satker,
       n.pagu, n.blokir, n.pagu_netto, n.realisasi_bulan, n.realisasi_kumulatif,
       n.pagu - n.realisasi_kumulatif AS sisa, n.pagu_netto - n.realisasi_kumulatif AS sisa_netto,
       CASE WHEN n.pagu > 0 THEN CAST(n.realisasi_kumulatif AS DOUBLE) / CAST(n.pagu AS DOUBLE) END
           AS penyerapan_ratio,
       CASE WHEN n.pagu_netto > 0 THEN CAST(n.realisasi_kumulatif AS DOUBLE) / CAST(n.pagu_netto AS DOUBLE) END
           AS penyerapan_netto_ratio,
       n.n_akun_over_pagu
FROM netto AS n LEFT JOIN core_satker AS k ON k.kode_satker = n.kode_kanwil

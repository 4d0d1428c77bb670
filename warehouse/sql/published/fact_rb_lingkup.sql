-- fact_rb_lingkup: out_rb_satker pooled per region, scope and checkpoint (ratio of sums).
WITH scoped AS (
    SELECT l.lingkup, l.nama_lingkup, r.*
    FROM out_rb_satker AS r
    JOIN (VALUES ('wilayah', 'Wilayah (Kanwil dan UPT)'), ('upt', 'Lingkup UPT'), ('kanwil', 'Kanwil'))
         AS l(lingkup, nama_lingkup)
      ON l.lingkup = 'wilayah'
      OR l.lingkup = CASE WHEN r.jenis_satker = 'KANWIL' THEN 'kanwil' ELSE 'upt' END
), summed AS (
    SELECT period, kode_kanwil, lingkup, nama_lingkup, checkpoint, bool_and(is_latest) AS is_latest,
           count(DISTINCT kode_satker) AS n_satker, CAST(sum(target) AS BIGINT) AS target,
           CAST(sum(terlaksana) AS BIGINT) AS terlaksana
    FROM scoped GROUP BY period, kode_kanwil, lingkup, nama_lingkup, checkpoint
)
SELECT s.period, s.kode_kanwil, k.nama_satker AS nama_kanwil, s.lingkup, s.nama_lingkup, s.checkpoint,
       s.is_latest, s.n_satker, s.target, s.terlaksana,
       CASE WHEN s.target > 0 THEN CAST(s.terlaksana AS DOUBLE) / s.target END AS capaian_ratio
FROM summed AS s LEFT JOIN core_satker AS k ON k.kode_satker = s.kode_kanwil

-- fact_survey_lingkup: out_survey_satker pooled per region and scope. Each element's pooled NRR is
-- sum(nrr_le * n_responden) / sum(n_responden): the sum of its scores over the scope's respondents.
WITH scoped AS (
    SELECT l.lingkup, l.nama_lingkup, s.*
    FROM out_survey_satker AS s
    JOIN (VALUES ('wilayah', 'Wilayah (Kanwil dan UPT)'), ('upt', 'Lingkup UPT'), ('kanwil', 'Kanwil'))
         AS l(lingkup, nama_lingkup)
      ON l.lingkup = 'wilayah'
      OR l.lingkup = CASE WHEN s.jenis_satker = 'KANWIL' THEN 'kanwil' ELSE 'upt' END
    WHERE s.n_responden > 0
), pooled AS (
    SELECT period, kode_kanwil, lingkup, nama_lingkup, count(DISTINCT kode_satker) AS n_satker,
           CAST(sum(n_responden) AS BIGINT) AS n_responden,
           (sum(nrr_l1 * n_responden) + sum(nrr_l2 * n_responden) + sum(nrr_l3 * n_responden)
            + sum(nrr_l4 * n_responden) + sum(nrr_l5 * n_responden) + sum(nrr_l6 * n_responden)
            + sum(nrr_l7 * n_responden) + sum(nrr_l8 * n_responden) + sum(nrr_l9 * n_responden))
           / sum(n_responden) / 9 AS ikm
    FROM scoped GROUP BY ALL
)
SELECT p.period, p.kode_kanwil, k.nama_satker AS nama_kanwil, p.lingkup, p.nama_lingkup, p.n_satker,
       p.n_responden, p.ikm, p.ikm * 25 AS ikm_konversi
FROM pooled AS p LEFT JOIN core_satker AS k ON k.kode_satker = p.kode_kanwil

-- dim_satker: the latest satker master with labels. Runs on the working DB.
SELECT s.kode_satker, s.nama_satker, s.jenis_satker,
       CASE s.jenis_satker WHEN 'KANWIL' THEN 'Kanwil' WHEN 'LAPAS' THEN 'Lapas' WHEN 'RUTAN' THEN 'Rutan'
            WHEN 'BAPAS' THEN 'Bapas' WHEN 'LPKA' THEN 'LPKA' WHEN 'RUPBASAN' THEN 'Rupbasan'
            ELSE s.jenis_satker END AS nama_jenis_satker,
       s.jenis_satker = 'KANWIL' AS is_kanwil,
       CASE WHEN s.jenis_satker = 'KANWIL' THEN 'kanwil' ELSE 'upt' END AS lingkup,
       s.kode_kanwil, k.nama_satker AS nama_kanwil, s.kabupaten, s.pulau, s.aktif_dari, s.aktif_sampai,
       row_number() OVER (PARTITION BY s.kode_kanwil
                          ORDER BY s.jenis_satker = 'KANWIL' DESC, s.kode_satker) AS urutan_laporan
FROM core_satker AS s
LEFT JOIN core_satker AS k ON k.kode_satker = s.kode_kanwil

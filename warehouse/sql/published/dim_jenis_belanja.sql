-- dim_jenis_belanja: the Bagan Akun Standar's jenis belanja (codes as transforms.codes.JENIS_BELANJA).
SELECT * FROM (VALUES
    ('51', 'pegawai', 'Belanja Pegawai'),
    ('52', 'barang', 'Belanja Barang'),
    ('53', 'modal', 'Belanja Modal'),
    ('54', 'bunga', 'Belanja Bunga'),
    ('55', 'subsidi', 'Belanja Subsidi'),
    ('56', 'hibah', 'Belanja Hibah'),
    ('57', 'bantuan_sosial', 'Belanja Bantuan Sosial'),
    ('58', 'lain_lain', 'Belanja Lain-lain')
) AS t(kode_jenis_belanja, jenis_belanja, nama_jenis_belanja)

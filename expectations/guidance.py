"""What the satker's finance officer does about each rule, in Bahasa Indonesia.

The gate report shows, beside every failing rule, what to do about it. Rule ids stay as they
are (docs/rules.md and ``audit_gate_issue`` use them); ``tests/expectations/test_gate_report.py``
checks that every rule id of docs/rules.md has its sentence here.
"""

from __future__ import annotations

_REEXPORT = "minta ekspor ulang dari aplikasi sumber (SAKTI, OM-SPAN) dan ganti berkasnya di folder yang sama"
_FIX_CELL = f"perbaiki nilai pada baris dan kolom yang disebut, atau {_REEXPORT}"

TINDAKAN: dict[str, str] = {
    # the landing folder and its files
    "file.missing": "Letakkan berkas jenis ini di folder periode (nama berkas diawali jenisnya, mis. realisasi.csv).",
    "file.ambiguous": "Satu jenis berkas satu per periode: hapus berkas lama yang digantikan oleh kiriman koreksi.",
    "file.empty": f"Berkas kosong atau tanpa baris data: {_REEXPORT}.",
    "file.encoding": "Simpan ulang berkas sebagai CSV UTF-8 (Excel: Simpan Sebagai > CSV UTF-8).",
    "file.format": "Berkas harus .csv atau .xlsx yang dapat dibuka; simpan ulang dari Excel atau "
                   f"{_REEXPORT}.",
    "file.unknown_kind": "Ganti nama berkas agar diawali jenisnya (realisasi, pagu, rb, survei, iph, iku, "
                         "ikpa), atau pindahkan berkas yang bukan ekstrak dari folder periode.",
    "file.issues_truncated": "Masalah pertama sudah dicantumkan; perbaiki itu dulu, sisanya biasanya ikut "
                             "terselesaikan.",
    "reference.ambiguous": "Dua berkas referensi berlaku untuk periode yang sama: simpan satu saja di "
                           "folder reference/.",
    "reference.name": "Tanggal pada nama berkas referensi ditulis YYYY, YYYY-MM atau YYYYMM "
                      "(mis. satker_2025-07.csv).",
    "previous.missing": "Proses dulu bulan sebelumnya (mulai Januari): angka kumulatif melanjutkan bulan itu.",
    "pagu.missing": "Letakkan DIPA (pagu*.csv atau .xlsx) di folder bulan pertama tahun anggaran.",
    # reading the table
    "csv.separator": "Pisahkan kolom dengan titik koma (;) atau koma (,) secara konsisten; simpan ulang dari "
                     "Excel sebagai CSV.",
    "header.not_found": "Baris judul kolom tidak dikenali: jangan ubah judul kolom hasil ekspor, atau "
                        f"{_REEXPORT}.",
    "column.missing": "Kolom wajib tidak ada: ekspor ulang dengan semua kolom, tanpa menghapus kolom.",
    "column.duplicate": "Dua kolom berarti sama: hapus salah satunya.",
    "number.ambiguous": "Tulis angka dengan titik sebagai pemisah ribuan dan koma untuk desimal "
                        "(1.234.567,50), atau tanpa pemisah ribuan.",
    "number.invalid": f"Isi sel dengan angka: {_FIX_CELL}.",
    "number.not_integer": f"Jumlah (kegiatan, responden) harus bilangan bulat: {_FIX_CELL}.",
    "code.format": "Kode satker dan kode akun tepat 6 angka; simpan kolom kode sebagai teks agar nol di depan "
                   "tidak hilang.",
    "date.invalid": f"Tulis tanggal sebagai DD/MM/YYYY: {_FIX_CELL}.",
    "enum.invalid": f"Gunakan salah satu nilai yang disebut pesan: {_FIX_CELL}.",
    "period.invalid": "Periode pada judul atau kolom tahun/bulan tidak terbaca: tulis mis. 'Periode: Juni 2025'.",
    "checkpoint.invalid": "Checkpoint RB ditulis B03, B06, B09 atau B12.",
    "value.required": f"Sel wajib diisi: {_FIX_CELL}.",
    "value.invalid": f"Nilai tidak dapat dipakai: {_FIX_CELL}.",
    # gate 1: each file on its own
    "schema.column": "Kolom wajib tidak terbaca dari berkas: ekspor ulang dengan semua kolom.",
    "schema.type": f"Isi kolom tidak sesuai jenisnya: {_FIX_CELL}.",
    "value.not_null": f"Sel wajib diisi: {_FIX_CELL}.",
    "satker.unknown": "Satker tidak ada dalam daftar satker yang aktif pada periode ini: periksa kodenya, atau "
                      "tambahkan satker ke reference/satker.csv bila memang baru.",
    "satker.jenis_satker": "Jenis satker harus KANWIL, LAPAS, RUTAN, BAPAS, LPKA atau RUPBASAN.",
    "akun.jenis_belanja": "Kode akun harus diawali jenis belanja 51 sampai 58: periksa kode akun pada baris itu.",
    "key.unique": "Baris yang sama tercatat dua kali: hapus salah satunya atau gabungkan nilainya.",
    "amount.negative": f"Pagu, blokir dan realisasi kumulatif tidak boleh negatif: {_FIX_CELL}.",
    "blokir.exceeds_pagu": f"Blokir tidak boleh melebihi pagu akunnya: {_FIX_CELL}.",
    "period.mismatch": "Berkas menyebut periode lain daripada foldernya: pindahkan berkas ke folder periode "
                       "yang benar, atau minta berkas periode ini.",
    "total.mismatch": "Baris JUMLAH tidak sama dengan jumlah baris di atasnya: ada baris yang hilang atau "
                      f"berubah; {_REEXPORT}.",
    "rb.terlaksana_range": "Kegiatan terlaksana harus antara 0 dan targetnya: periksa kedua angka.",
    "rb.target_negative": "Target RB tidak boleh negatif.",
    "rb.checkpoint": "Checkpoint berkas RB harus sesuai bulan foldernya (Maret B03, Juni B06, September B09, "
                     "Desember B12).",
    "pk.polaritas": "Polaritas indikator ditulis positif atau negatif.",
    "pk.satuan": "Satuan indikator ditulis persen, indeks atau angka.",
    "pk.sumber": "Sumber indikator harus salah satu yang dikenal (rb, survei, iph) atau dikosongkan.",
    "pk.target": "Target indikator harus lebih dari 0.",
    "iku.na_reason": "Realisasi n/a harus disertai keterangan alasannya.",
    "survei.score_range": "Nilai L1..L9 harus bilangan bulat pada skala survei (1..4).",
    "survei.incomplete": "Setiap responden harus mengisi kesembilan unsur L1..L9.",
    "iph.dimension_count": "Setiap satker harus mempunyai tepat delapan dimensi IPH.",
    "iph.scale": "Nilai dimensi IPH harus dalam skala IPH (1..4).",
    "rpd.jenis_belanja": "Setiap baris rencana harus menyebut jenis belanja (kode 51..58 atau namanya).",
    "rpd.months": "Setiap satker dan jenis belanja harus mempunyai rencana untuk bulan 1..12, masing-masing "
                  "sekali.",
    "rpd.fiscal_year": "Berkas RPD harus untuk tahun anggaran periode ini.",
    "rpd.row_label": f"Ada baris berisi angka yang bukan jenis belanja maupun JUMLAH: {_REEXPORT}.",
    "ikpa.komponen": "Nama komponen IKPA harus sesuai nama resminya.",
    "ikpa.range": "Nilai komponen IKPA harus antara 0 dan 100.",
    "gate.exception": "Pemeriksaan gagal berjalan: kirim laporan ini dan berkasnya kepada pengelola kinerja.",
    # gate 2: the month against the earlier months and the DIPA
    "cumulative.inconsistent": "Realisasi s.d. bulan ini harus sama dengan realisasi s.d. bulan lalu ditambah "
                               "realisasi bulan ini. Bandingkan baris ini dengan berkas bulan lalu yang disebut: "
                               "bila berkas bulan ini yang salah, minta berkas koreksinya; bila berkas bulan lalu "
                               "yang salah, ganti berkas itu di foldernya dan jalankan lagi mulai bulan itu.",
    "cumulative.falls": "Realisasi kumulatif tidak boleh turun tanpa koreksi (nilai negatif) di berkas bulan ini. "
                        "Periksa baris itu terhadap berkas bulan lalu yang disebut; minta berkas yang memuat "
                        "semua akun beserta koreksinya.",
    "realisasi.over_pagu": "Realisasi melebihi pagu akun: pastikan revisi DIPA sudah dikirim (pagu_revisi_*.xlsx) "
                           "atau periksa realisasi akun itu.",
    "realisasi.far_over_pagu": "Realisasi jauh melebihi pagu, atau ada realisasi pada akun tanpa pagu: kirim "
                               "revisi DIPA yang berlaku, atau perbaiki kode akun pada berkas realisasi.",
    "rb.target_falls": "Target RB bersifat kumulatif dan tidak boleh turun dari checkpoint sebelumnya: periksa "
                       "target pada baris itu.",
    "iku.unknown_indicator": "Kode indikator tidak ada dalam perjanjian kinerja (reference/pk.csv): periksa kodenya.",
    "rpd.pagu": "Rencana penarikan dana setahun harus sama dengan pagu jenis belanja itu dalam DIPA yang berlaku: "
                "kirim RPD yang sesuai revisi DIPA.",
}


def tindakan(rule: str) -> str:
    """What to do about ``rule``; empty for a rule without a sentence (none in docs/rules.md)."""
    return TINDAKAN.get(rule, "")

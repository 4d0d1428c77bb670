"""The sample's analysis file for 2025-06 (``2025-06/narasi.md``): what the office writes.

The officers' text for each indicator of the PK (by its code), for the budget and for the
conclusion, written as the real report's officers write it (seed text, Bab III) but without
figures: every figure of the report comes from the data. The ``# LABEL`` entry declares the
sample's SYNTHETIC sources (survey responses and IPH scores, kinerja/sample/indicators.py),
so that the report labels every value drawn from them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Final

NARASI_2025_06: Final[str] = """\
# SK1.IKU1

## Penyebab keberhasilan/kegagalan

Penilaian Indeks Penegakan Hukum Pemasyarakatan di wilayah dilaksanakan melalui pemantauan, analisis dan evaluasi atas delapan dimensi pada seluruh Unit Pelaksana Teknis Pemasyarakatan. Dimensi pelayanan tahanan dan keamanan dan ketertiban menjadi penopang utama, sedangkan dimensi pengelolaan basan baran masih memerlukan perhatian karena adanya basan baran yang melewati batas waktu penyimpanan.

## Upaya yang telah dilakukan

Melakukan pemantauan terhadap pelayanan tahanan dan narapidana pada Lapas, Rutan dan LPKA untuk dilaporkan secara berkala; melakukan monitoring terhadap jumlah basan baran dan kondisinya serta mendorong percepatan pengeluaran basan baran yang overstaying.

## Rencana tindak lanjut

Menyusun laporan hasil pemantauan, analisis dan evaluasi per dimensi setiap triwulan dan menyampaikan rekomendasi perbaikan kepada UPT dengan nilai dimensi terendah.

# SK2.IKU1

## Penyebab keberhasilan/kegagalan

Sebagian rencana aksi Reformasi Birokrasi belum terlaksana sesuai jadwal karena bertepatan dengan penyesuaian struktur organisasi dan tata kerja Direktorat Jenderal Pemasyarakatan sebagai kementerian baru.

## Upaya yang telah dilakukan

Melaksanakan rapat koordinasi pembangunan Zona Integritas, pendampingan penyusunan dokumen rencana aksi dan monitoring pelaksanaan rencana aksi pada setiap UPT.

## Rencana tindak lanjut

Melakukan monitoring dan evaluasi bulanan atas rencana aksi yang belum terlaksana dan menyampaikan hasilnya kepada pimpinan UPT.

# SK2.IKU2

## Penyebab keberhasilan/kegagalan

Layanan kesekretariatan kepada UPT berjalan dengan baik; unsur waktu penyelesaian dan sarana prasarana masih mendapat penilaian terendah dari responden.

## Upaya yang telah dilakukan

Menyederhanakan prosedur layanan kepegawaian dan keuangan serta membuka kanal konsultasi daring bagi operator UPT.

## Rencana tindak lanjut

Menindaklanjuti saran responden pada survei semester berikutnya dan menetapkan standar waktu layanan kesekretariatan.

# SYN.IKU1

## Penyebab keberhasilan/kegagalan

Realisasi indikator belum dapat diukur karena Laporan Hasil Pemeriksaan BPK atas laporan keuangan tahun sebelumnya belum diterima.

## Rencana tindak lanjut

Menginventarisasi rekomendasi BPK segera setelah LHP diterima dan memantau tindak lanjutnya setiap bulan.

# ANGGARAN

## Penyebab keberhasilan/kegagalan

Rendahnya penyerapan anggaran semester I terutama disebabkan oleh pemblokiran anggaran dalam rangka efisiensi belanja sesuai Instruksi Presiden Nomor 1 Tahun 2025, sehingga kegiatan yang bersumber dari anggaran yang diblokir belum dapat dilaksanakan, serta adanya revisi DIPA.

## Upaya yang telah dilakukan

Melakukan monitoring dan evaluasi realisasi anggaran setiap bulan, menyusun kembali rencana penarikan dana dan mengajukan revisi anggaran atas pagu yang diblokir.

## Rencana tindak lanjut

Mempercepat pelaksanaan kegiatan pada semester II sesuai rencana penarikan dana dan mendorong UPT dengan penyerapan terendah untuk menyusun jadwal pelaksanaan kegiatan.

# KESIMPULAN

Secara umum pelaksanaan tugas dan fungsi Kantor Wilayah Direktorat Jenderal Pemasyarakatan Nusa Tenggara Barat pada Semester I Tahun 2025 telah berjalan sesuai rencana, dengan catatan pada indikator yang belum mencapai target dan penyerapan anggaran yang terdampak pemblokiran.

# LABEL

- survei: SINTETIS (data contoh, bukan hasil survei sebenarnya)
- iph: SINTETIS (data contoh, bukan nilai IPH sebenarnya)
"""


def write_narasi(out: Path) -> list[str]:
    """Write ``2025-06/narasi.md`` under the landing ``out``; return its relative path."""
    rel = "2025-06/narasi.md"
    path = out / rel
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(NARASI_2025_06.encode("utf-8"))
    return [rel]

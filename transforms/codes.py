"""Typed code maps of the budget domain.

JENIS_BELANJA: the first two digits of a 6-digit ``kode_akun`` give the jenis belanja.
Source: Bagan Akun Standar, PMK 214/PMK.05/2013 (see ../docs/glossary.md); 51/52/53/57 are
the jenis belanja used by IKPA and Halaman III DIPA, 54/55/56/58 exist but are not used by
UPT Pemasyarakatan.
"""

from __future__ import annotations

from typing import Final

JENIS_BELANJA: Final[dict[str, str]] = {
    "51": "pegawai",
    "52": "barang",
    "53": "modal",
    "54": "bunga",
    "55": "subsidi",
    "56": "hibah",
    "57": "bantuan_sosial",
    "58": "lain_lain",
}

# Unit types of the satker master (EXTRACTS.md, kind `satker`).
JENIS_SATKER: Final[tuple[str, ...]] = ("KANWIL", "LAPAS", "RUTAN", "BAPAS", "LPKA", "RUPBASAN")

"""Akun (Bagan Akun Standar) used by the sample data, with names and relative weights.

Weights are SYNTHETIC shares of a unit's pagu per jenis belanja; only the codes and names
follow the chart of accounts. The first two digits of an akun give its jenis belanja.
"""

from __future__ import annotations

JENIS_BY_PREFIX = {"51": "pegawai", "52": "barang", "53": "modal", "57": "bansos"}

AKUN_NAMES: dict[str, str] = {
    "511111": "Belanja Gaji Pokok PNS",
    "511119": "Belanja Pembulatan Gaji PNS",
    "511121": "Belanja Tunj. Suami/Istri PNS",
    "511122": "Belanja Tunj. Anak PNS",
    "511129": "Belanja Uang Makan PNS",
    "511151": "Belanja Tunjangan Umum PNS",
    "512211": "Belanja Uang Lembur",
    "521111": "Belanja Keperluan Perkantoran",
    "521112": "Belanja Pengadaan Bahan Makanan",
    "521115": "Belanja Honor Operasional Satuan Kerja",
    "521211": "Belanja Bahan",
    "522111": "Belanja Langganan Listrik",
    "523121": "Belanja Pemeliharaan Peralatan dan Mesin",
    "524111": "Belanja Perjalanan Dinas Biasa",
    "532111": "Belanja Modal Peralatan dan Mesin",
    "533111": "Belanja Modal Gedung dan Bangunan",
    "536111": "Belanja Modal Lainnya",
}

# Relative weight of each akun inside its jenis belanja (SYNTHETIC).
PEGAWAI_WEIGHTS = {"511111": 520, "511119": 1, "511121": 45, "511122": 20,
                   "511129": 130, "511151": 30, "512211": 25}
BARANG_WEIGHTS = {"521111": 90, "521115": 30, "521211": 60, "522111": 80,
                  "523121": 70, "524111": 40}
# Inmate food: only units that hold people (Lapas, Rutan, LPKA) buy it, and it dominates barang.
FOOD_AKUN, FOOD_WEIGHT = "521112", 600
HOLDING_UNITS = frozenset({"LAPAS", "RUTAN", "LPKA"})


def jenis_of(kode_akun: str) -> str:
    """Jenis belanja of an akun code (``51`` pegawai, ``52`` barang, ``53`` modal, ``57`` bansos)."""
    return JENIS_BY_PREFIX[kode_akun[:2]]


def modal_weights(pagu_modal: int) -> dict[str, int]:
    """Modal akun for a unit: one line for small allocations, building works for large ones."""
    if pagu_modal <= 50_000_000:
        return {"532111": 1}
    if pagu_modal <= 1_000_000_000:
        return {"532111": 70, "536111": 30}
    return {"533111": 80, "532111": 15, "536111": 5}


def akun_weights(jenis: str, unit_type: str, pagu: int) -> dict[str, int]:
    """The akun a unit of ``unit_type`` uses for ``jenis`` and their relative weights."""
    if jenis == "pegawai":
        return dict(PEGAWAI_WEIGHTS)
    if jenis == "barang":
        weights = dict(BARANG_WEIGHTS)
        if unit_type in HOLDING_UNITS:
            weights[FOOD_AKUN] = FOOD_WEIGHT
        return dict(sorted(weights.items()))
    return modal_weights(pagu)

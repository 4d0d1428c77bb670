"""Every sample extract under data/sample/landing reads without error."""

from pathlib import Path

from kinerja.readers import discover, read_extract, reference_files

LANDING = Path(__file__).resolve().parents[2] / "data" / "sample" / "landing"


def _sample_files() -> list[tuple[Path, str]]:
    files = [(p, kind) for kind in ("satker", "pk", "rpd") for p in reference_files(LANDING, kind)]
    for folder in sorted(LANDING.glob("20[0-9][0-9]-[0-9][0-9]")):
        for kind, paths in discover(LANDING, folder.name).items():
            files += [(p, kind) for p in paths]
    return files


def test_all_sample_extracts_read() -> None:
    files = _sample_files()
    extracts = [p for p in LANDING.rglob("*.*") if not p.name.startswith((".", "~$")) and p.suffix != ".md"]
    assert len(files) == len(extracts) == 18        # narasi.md is the office's text, not an extract
    for path, kind in files:
        ext = read_extract(path, kind, landing=LANDING)
        assert ext.data.height > 0, ext.file
        for name in ("kode_satker", "kode_akun"):
            if name in ext.data.columns:
                assert ext.data[name].str.len_chars().eq(6).all(), (ext.file, name)
        for amount in ext.totals.columns[2:] if ext.totals.height else []:
            assert ext.totals[amount].sum() == ext.data[amount].sum(), (ext.file, amount)

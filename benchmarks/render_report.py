"""Render the 2025-06 report through LibreOffice headless and check it as the office prints it.

    .venv/bin/python benchmarks/render_report.py [--home DIR] [--out DIR]

Needs LibreOffice and poppler (Debian: ``apt-get install -y libreoffice-writer-nogui
libreoffice-calc-nogui poppler-utils``). Kept out of the test suite: the two conversions take
about 15 s on a 2-core machine (the DOCX itself is checked in tests/report/test_docx.py).

Checks, and exits 1 when one fails:
- DOCX -> PDF: every page A4 (portrait or landscape); every money/count figure of every table
  appears unbroken in the PDF text (a figure split over two lines, ``3.064.933.00/0``, would not);
  every table caption is present.
- XLSX -> PDF: every page A4 (each sheet is set to fit one page wide, so no table is split by
  width; look at the PNGs to confirm).
PNG pages are written next to the PDFs (``<out>/docx/``, ``<out>/xlsx/``, ``pdftoppm``) to look at.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

A4 = (595, 842)


def pdf_pages(pdf: Path) -> list[tuple[int, int]]:
    out = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True,
                         check=True).stdout
    sizes = []
    for line in out.splitlines():
        if line.startswith("Page") and "size:" in line:
            w, _, h = line.split("size:")[1].split()[:3]
            sizes.append((round(float(w)), round(float(h))))
    return sizes


def convert(path: Path, out: Path) -> Path:
    exe = shutil.which("soffice") or shutil.which("libreoffice")
    if exe is None:
        sys.exit("LibreOffice is not installed (apt-get install -y libreoffice-writer-nogui libreoffice-calc-nogui)")
    subprocess.run([exe, "--headless", "--convert-to", "pdf", "--outdir", str(out), str(path)], check=True,
                   capture_output=True, timeout=300)
    return out / (path.stem + ".pdf")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--home", type=Path, help="a refreshed home (default: refresh the sample into a temp dir)")
    parser.add_argument("--out", type=Path, default=Path("render_report_out"))
    args = parser.parse_args()
    from kinerja import report
    from kinerja.packaged import sample_landing
    from kinerja.report.tables import cell_text

    home = args.home
    if home is None:
        from kinerja.pipeline import refresh_landing

        home = Path(tempfile.mkdtemp()) / "home"
        refresh_landing(sample_landing(), home)
    db = home / "published" / "kinerja.duckdb"
    args.out.mkdir(parents=True, exist_ok=True)
    composed = report.compose(db, "2025-06", landing=sample_landing())
    written = report.build(db, "2025-06", ("docx", "xlsx"), args.out, landing=sample_landing())
    problems: list[str] = []
    for path in written:
        folder = args.out / path.suffix.lstrip(".")
        folder.mkdir(exist_ok=True)
        pdf = convert(path, folder)
        sizes = pdf_pages(pdf)
        wrong = [i + 1 for i, (w, h) in enumerate(sizes) if tuple(sorted((w, h))) != A4]
        if wrong:
            problems.append(f"{pdf.name}: pages {wrong} are not A4")
        text = subprocess.run(["pdftotext", "-raw", str(pdf), "-"], capture_output=True, text=True,
                              check=True).stdout
        if path.suffix == ".docx":
            flat = " ".join(text.split())
            for table in composed.tables:
                if table.caption not in flat:
                    problems.append(f"{pdf.name}: caption missing or broken: {table.caption}")
                for row in table.all_rows():
                    for col in table.columns:
                        if col.kind in ("money", "count") and (value := cell_text(col, row[col.key])):
                            if value not in text.split():
                                problems.append(f"{pdf.name}: {table.label} {col.header}: {value} broken or missing")
        subprocess.run(["pdftoppm", "-r", "60", "-png", str(pdf), str(folder / pdf.stem)], check=True)
        print(f"{pdf}: {len(sizes)} pages, all A4: {not wrong}")
    for p in problems:
        print("PROBLEM:", p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())

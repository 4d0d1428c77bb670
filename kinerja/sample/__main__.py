"""CLI: ``python -m kinerja.sample [--out DIR] [--scale N --months M]``."""

from __future__ import annotations

import argparse
from pathlib import Path

from kinerja.sample.region import generate_region
from kinerja.sample.scale import generate_scale



def main(argv: list[str] | None = None) -> int:
    """Write the region sample (default) or a synthetic scale landing (``--scale N``)."""
    parser = argparse.ArgumentParser(prog="python -m kinerja.sample", description=__doc__)
    parser.add_argument("--out", type=Path, required=True, help="landing directory to write")
    parser.add_argument("--scale", type=int, metavar="N", help="synthetic landing with N satker instead of the region")
    parser.add_argument("--months", type=int, default=1, metavar="M", help="months from January 2025 (scale mode)")
    args = parser.parse_args(argv)
    if args.scale is None:
        files = generate_region(args.out)
    else:
        if not 1 <= args.scale <= 1_000_000 or not 1 <= args.months <= 12:
            parser.error("--scale must be 1..1000000 and --months 1..12")
        files = generate_scale(args.scale, args.months, args.out)
    print(f"wrote {len(files)} files under {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

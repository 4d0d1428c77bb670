"""Deterministic sample landings: the NTB region (Jan-Jun 2025) and synthetic benchmark scale.

``python -m kinerja.sample`` regenerates ``data/sample/landing``; see ``data/README.md``.
"""

from kinerja.sample.region import generate_region
from kinerja.sample.scale import generate_scale

__all__ = ["generate_region", "generate_scale"]

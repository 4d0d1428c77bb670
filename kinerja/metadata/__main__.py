"""``python -m kinerja.metadata > docs/data_dictionary.md``: print the data dictionary."""

import sys

from kinerja.metadata import TABLES
from kinerja.metadata.dictionary import render

sys.stdout.write(render(TABLES))

"""Package data: the real report's figures (``seed_facts/``) and the shipped sample landing
(``sample/landing/``), read through :mod:`importlib.resources` so that an installed wheel
runs the sample from anywhere."""

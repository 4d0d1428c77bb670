"""kinerja: the monthly performance-accountability warehouse (LKjIP under SAKIP)."""

__version__ = "0.1.0"

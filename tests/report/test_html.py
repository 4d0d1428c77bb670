"""The HTML page is self-contained: headless Chromium renders it with every host unresolvable.

Chromium comes from Debian (``apt-get install -y chromium``, done by .ci/run); its absence
fails the test rather than skipping it.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.report.conftest import HTML_NAME

HEADLINE = ("Rp123.380.040.660", "Rp48.809.701.898", "Rp74.570.338.762", "39,56%")
EXTERNAL = re.compile(r"""(?:src|href|action|poster|srcset)\s*=\s*["']?\s*(?:[a-z][a-z0-9+.-]*:)?//""", re.IGNORECASE)


def chromium_dom(page: Path, profile: Path, width: int = 800) -> str:
    """The DOM after load in a ``width``-pixel window, with every host name mapped to NOTFOUND
    (no request can leave)."""
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        pytest.fail("chromium is not installed (apt-get install -y chromium)")
    args = [exe, "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run", f"--user-data-dir={profile}",
            "--host-resolver-rules=MAP * ~NOTFOUND", f"--window-size={width},900", "--dump-dom",
            page.resolve().as_uri()]
    done = subprocess.run(args, capture_output=True, text=True, timeout=180, check=False)
    assert done.returncode == 0, done.stderr[-2000:]
    return done.stdout


def external_refs(source: str) -> list[str]:
    """Attributes of the page's tags (escaped text excluded) that point at another host."""
    return [tag for tag in re.findall(r"<[^>]*>", source) if EXTERNAL.search(tag)]


def visible_text(dom: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", " ", dom))


def test_html_self_contained_and_renders_offline(sample_report, composed, tmp_path):
    page = sample_report["html"]
    source = page.read_text(encoding="utf-8")
    assert not EXTERNAL.search(source) and external_refs(source) == []
    assert "http://" not in source and "https://" not in source
    assert "<link" not in source and "<script" not in source and "@import" not in source
    dom = chromium_dom(page, tmp_path / "profile")
    text = visible_text(dom)
    for figure in HEADLINE:
        assert figure in text
    for p in composed.paragraphs:
        assert html.unescape(p.text) in text
    assert dom.count("<table") == len(composed.tables)
    assert dom.count('src="data:image/svg+xml;base64,') == len(composed.charts) == 4
    assert all(t.caption in text for t in composed.tables)


def test_html_escapes_data(malicious_report, tmp_path):
    page = malicious_report["html"]
    source = page.read_text(encoding="utf-8")
    assert HTML_NAME not in source and "<img src=//evil" not in source
    assert html.escape(HTML_NAME) in source
    assert external_refs(source) == []
    dom = chromium_dom(page, tmp_path / "profile")
    assert "evil.example" not in "".join(re.findall(r"<img[^>]*>", dom))
    assert HTML_NAME in visible_text(dom)


MEASURE = """<script>document.title = [document.documentElement.scrollWidth, window.innerWidth].concat(
    Array.from(document.querySelectorAll("table"), t => t.parentElement.scrollWidth - t.parentElement.clientWidth)
).join(" ");</script></body>"""


def test_html_tables_fit_a_1000_pixel_window(sample_report, composed, tmp_path):
    # a copy that measures itself: the page's own policy allows no script, so the copy drops it
    source = sample_report["html"].read_text(encoding="utf-8")
    measured = tmp_path / "measured.html"
    measured.write_text(re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", source)
                        .replace("</body>", MEASURE), encoding="utf-8")
    title = re.search(r"<title>([^<]*)</title>", chromium_dom(measured, tmp_path / "profile", width=1000)).group(1)
    page_width, window, *overflow = (int(v) for v in title.split())
    assert window == 1000 and page_width <= window          # the page never scrolls sideways
    assert len(overflow) == len(composed.tables) and any(len(t.columns) >= 10 for t in composed.tables)
    assert overflow == [0] * len(overflow)                  # and no table, the 11-column IPH one included, scrolls

"""report.html and the charts: well-formed, self-contained, and rendered by a real browser."""

import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
from pathlib import Path

import pytest

from conftest import NestingChecker, speedlab
from speedlab import charts, html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture(scope="module")
def document():
    return json.loads((FIXTURES / "golden_run_a.json").read_text())


@pytest.fixture(scope="module")
def page(document):
    return html.render_run(document, charts.all_charts(document))


def test_every_chart_the_document_allows(document):
    made = charts.all_charts(document)
    assert set(made) == {
        "roofline",
        "speedup-leibniz_pi-n1000000",
        "speedup-leibniz_pi-n10000000",
        "speedup-stream_triad-n1000000",
        "speedup-stream_triad-n100000000",
        "scaling-leibniz_pi",
        "scaling-stream_triad",
    }
    for svg in made.values():
        ElementTree.fromstring(svg)  # each is well-formed XML on its own


def test_scaling_chart_draws_a_line_per_value_of_a_second_parameter(document):
    """chunked_reduction measures some sizes twice, from the page cache and from the disk: two lines."""
    import copy

    cells = [cell for cell in document["cells"] if cell["workload"] == "leibniz_pi" and cell["status"] == "ok"]
    assert cells
    doubled = copy.deepcopy(document)
    for cell in copy.deepcopy(cells):
        cell["params"]["from_disk"] = 1
        doubled["cells"].append(cell)
    for cell in doubled["cells"]:
        cell["params"].setdefault("from_disk", 0)
    svg = charts.scaling_chart(doubled, "leibniz_pi")
    impl = cells[0]["impl"]
    assert f"{impl} (1t, from_disk=0)" in svg and f"{impl} (1t, from_disk=1)" in svg
    assert "from_disk" not in charts.scaling_chart(document, "leibniz_pi")  # one value: the labels stay short


def test_html_is_well_formed(page):
    checker = NestingChecker()
    checker.feed(page)
    checker.close()
    assert checker.errors == [] and checker.stack == []
    assert {"html", "head", "body", "table", "svg"} <= checker.tags


def test_html_is_self_contained(page):
    lowered = page.lower()
    assert "<script" not in lowered and "<link" not in lowered and "<img" not in lowered
    # Namespace names (xmlns="http://www.w3.org/...") are identifiers, never fetched; nothing else may be a URL.
    without_namespaces = re.sub(r'xmlns(:\w+)?="[^"]*"', "", lowered)
    assert "http://" not in without_namespaces and "https://" not in without_namespaces
    assert not re.search(r"url\((?!#)", lowered) and "@import" not in lowered  # url(#id): in-page only
    assert lowered.count("<svg") == 7


def test_html_shows_the_tables_and_sections(page):
    assert "Golden CPU A" in page and "Cold vs warm" in page and "Roofline" in page
    assert "memory-bound" in page and "compute-bound" in page
    assert "✗ wrong checksum" in page and "±15.0% ⚠" in page


def test_report_command_regenerates_html_and_charts(tmp_path, document):
    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / "results.json").write_text(json.dumps(document))
    done = speedlab("report", str(run_dir), "--quiet")
    assert done.returncode == 0, done.stderr
    assert (run_dir / "report.html").exists() and (run_dir / "charts" / "roofline.svg").exists()
    assert "![roofline](charts/roofline.svg)" in (run_dir / "report.md").read_text()


def _browser() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")


def test_charts_render_in_a_headless_browser(tmp_path, page):
    browser = _browser()
    if browser is None:
        pytest.skip("no Chromium: install it with 'apt-get install chromium' (make test does)")
    from PIL import Image

    report_path = tmp_path / "report.html"
    report_path.write_text(page)
    screenshot = tmp_path / "page.png"
    done = subprocess.run(
        [
            browser,
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            "--window-size=1300,9000",
            f"--screenshot={screenshot}",
            report_path.as_uri(),
        ],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert screenshot.exists(), done.stderr[-2000:]
    image = Image.open(screenshot).convert("RGB")
    colors = image.getcolors(maxcolors=1 << 24)
    counts = {color: count for count, color in colors}

    def near(target):  # anti-aliasing: count pixels close to a tier colour
        r, g, b = (int(target[i : i + 2], 16) for i in (1, 3, 5))
        return sum(n for (cr, cg, cb), n in counts.items() if abs(cr - r) + abs(cg - g) + abs(cb - b) < 30)

    # The bars of each tier present in the charts were painted (hundreds of pixels each).
    for tier in ("interpreted", "compiled", "optimized", "vectorized", "jit"):
        assert near(charts.TIER_COLORS[tier]) > 500, f"no {tier} colour on the rendered page"

"""Golden outputs: the headline matrix in Markdown for each golden input, compared with the file kept in
tests/fixtures/expected/. A rendering change shows as a diff of that file; after checking it, regenerate:

    SPEEDLAB_REGENERATE_GOLDEN=1 pytest tests/python/test_golden_outputs.py
"""

import json
import os
from pathlib import Path

import pytest

from speedlab import headline
from speedlab.render import markdown

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
EXPECTED = FIXTURES / "expected"
INPUTS = ["golden_headline.json", "golden_run_a.json", "golden_axes.json"]


@pytest.mark.parametrize("name", INPUTS)
def test_headline_markdown_matches_its_golden_output(name):
    document = json.loads((FIXTURES / name).read_text())
    document["manifest"].setdefault("story", {})  # the fixture's own story (or none), not benchmarks/ on disk
    rendered = "\n".join(markdown.render(headline.matrix(document))) + "\n"
    expected = EXPECTED / f"{Path(name).stem}.headline.md"
    if os.environ.get("SPEEDLAB_REGENERATE_GOLDEN"):
        expected.write_text(rendered)
    assert expected.exists(), f"no golden output {expected}: run with SPEEDLAB_REGENERATE_GOLDEN=1"
    assert rendered == expected.read_text()

"""The race: entrants are the headline's picks, replay durations keep the measured ratios, the HTML race
and matrix render (and, where Chromium is installed, show their colours in a screenshot)."""

import json
import shutil
import subprocess
from pathlib import Path

import pytest
from rich.console import Console

from speedlab import html, race, race_cli
from speedlab.render import html as render_html

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"


@pytest.fixture
def golden():
    return json.loads((FIXTURES / "golden_headline.json").read_text())


def test_replay_durations_keep_the_measured_ratios(golden):
    result = race.race(golden, "leibniz_pi")
    assert [(e.column, e.impl, e.threads) for e in result.entrants] == [
        ("interpreted", "python.loops", 1),
        ("vectorized", "python.numpy", 1),
        ("jit", "java.loops", 1),
        ("compiled", "cpp.naive", 1),
        ("optimized 1 thread", "cpp.simd", 1),
        ("optimized all threads", "cpp.simd", 2),
    ]
    assert result.replay_seconds(result.entrants[0]) == pytest.approx(race.RACE_SECONDS)
    for entrant in result.entrants:
        measured = result.entrants[0].seconds / entrant.seconds
        assert result.replay_seconds(result.entrants[0]) / result.replay_seconds(entrant) == pytest.approx(measured)
    assert result.scale_text == "1 s of the race = 15 ms measured"  # 150 ms over 10 s


def test_a_size_picks_the_cells_and_bad_requests_say_why(golden):
    with pytest.raises(race.RaceError, match="fewer than two tiers"):
        race.race(golden, "stream_triad", {"size": 1000})  # only python.loops at n = 1000
    with pytest.raises(race.RaceError, match="no cells of 'nbody'"):
        race.race(golden, "nbody")
    with pytest.raises(race.RaceError, match="sizes: n=1,000,000"):
        race.race(golden, "leibniz_pi", {"size": 7})


def test_terminal_replay_ends_with_every_bar_full(golden):
    result = race.race(golden, "leibniz_pi", seconds=1.0)
    now = [0.0]

    def sleep(seconds):
        now[0] += seconds

    console = Console(record=True, width=100)
    race_cli.replay(result, console, clock=lambda: now[0], sleep=sleep)
    out = console.export_text()
    assert now[0] >= 1.0 and out.count("done:") >= len(result.entrants)
    assert "1 s of the race = 150 ms measured" in out


def test_html_race_durations_are_the_scaled_times(golden):
    result = race.race(golden, "leibniz_pi")
    block = render_html.race(result)
    assert "animation-duration:10.000s" in block  # python.loops, 150 ms
    assert "animation-duration:0.133s" in block  # cpp.simd on 2 threads, 0.2 ms: 10 s / 750
    page = html.render_run(golden, {})
    assert page.count('class="race"') >= 2 and "@keyframes race-fill" in page and "<script" not in page


@pytest.mark.skipif(shutil.which("chromium") is None, reason="chromium is not installed (apt-get install chromium)")
def test_headless_chromium_shows_the_heat_colours(golden, tmp_path):
    Image = pytest.importorskip("PIL.Image")  # Pillow comes with matplotlib

    page = tmp_path / "report.html"
    page.write_text(html.render_run(golden, {}))
    shot = tmp_path / "shot.png"
    subprocess.run(
        [
            "chromium",
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--hide-scrollbars",
            f"--screenshot={shot}",
            "--window-size=1300,1000",
            page.as_uri(),
        ],
        check=True,
        capture_output=True,
        timeout=120,
    )
    image = Image.open(shot).convert("RGB")
    colours = {colour for _, colour in image.getcolors(maxcolors=1 << 24)}
    viridis = {tuple(int(c[i : i + 2], 16) for i in (1, 3, 5)) for c in render_html.VIRIDIS}
    assert len(viridis & colours) >= 3, "the headline matrix's heat colours are not on screen"


def test_race_command_from_a_run(tmp_path):
    from click.testing import CliRunner

    from speedlab.cli import cli

    run_dir = tmp_path / "run"
    run_dir.mkdir()
    (run_dir / "results.json").write_text((FIXTURES / "golden_headline.json").read_text())
    done = CliRunner().invoke(cli, ["race", "matmul", "--from", str(run_dir), "--no-replay"])
    assert done.exit_code == 0, done.output
    assert "matmul (n=512): the race" in done.output and "1 s of the race = 10 s measured" in done.output
    bad = CliRunner().invoke(cli, ["race", "nbody", "--from", str(run_dir), "--no-replay"])
    assert bad.exit_code == 2 and "no cells of 'nbody'" in bad.output

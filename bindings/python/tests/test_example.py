"""examples/python_example.py runs and prints titles and quotes."""
import os
import subprocess
import sys
from pathlib import Path

import clipfeed

CHECKOUT = Path(__file__).resolve().parents[3]
EXAMPLE = CHECKOUT / "examples" / "python_example.py"


def run_example(*arguments):
    env = dict(os.environ, PYTHONPATH=str(Path(clipfeed.__file__).parents[1]),
               CLIPFEED_LIBRARY=clipfeed.library_path)
    return subprocess.run([sys.executable, str(EXAMPLE), *arguments], env=env, capture_output=True, text=True,
                          timeout=60)


def test_the_example_prints_each_items_title_and_its_clippings_quotes():
    run = run_example()
    assert run.returncode == 0, run.stderr
    lines = run.stdout.splitlines()
    assert lines[0] == "Saved clippings"
    assert "City council approves the riverside park" in lines
    assert "  > Why it matters: It is the first new park in the district in forty years, and the rail yard has " \
           "been closed to the public since 1988." in lines
    assert "  > The big picture: Rail operators across the region have added 40 overnight routes since 2023." in lines
    assert lines[-2:] == ["Library opening hours", "  (no clipping)"]


def test_the_example_reports_a_missing_file(tmp_path):
    run = run_example(str(tmp_path / "absent.xml"))
    assert run.returncode == 1
    assert "absent.xml" in run.stderr and "input/output error" in run.stderr

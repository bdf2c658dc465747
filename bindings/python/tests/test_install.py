"""The package installs with pip (setuptools, no compiled extension) and works from elsewhere."""
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import clipfeed

PROJECT = Path(clipfeed.__file__).resolve().parents[1]


def _has(module):
    return subprocess.run([sys.executable, "-c", f"import {module}"], capture_output=True).returncode == 0


@pytest.mark.skipif(not (_has("pip") and _has("setuptools")), reason="needs pip and setuptools")
def test_pip_installs_the_package_and_it_loads_the_library_named_by_clipfeed_library(tmp_path):
    # Build from a copy: setuptools leaves build/ and *.egg-info beside the sources it builds.
    source = tmp_path / "source"
    shutil.copytree(PROJECT, source,
                    ignore=shutil.ignore_patterns("tests", "__pycache__", "build", "*.egg-info"))
    target = tmp_path / "site"
    # Offline: no build isolation (it would download setuptools), no dependencies, no index.
    install = subprocess.run(
        [sys.executable, "-m", "pip", "install", "--quiet", "--no-build-isolation", "--no-deps", "--no-index",
         "--no-cache-dir", "--disable-pip-version-check", "--target", str(target), str(source)],
        capture_output=True, text=True, timeout=300, cwd=tmp_path)
    assert install.returncode == 0, install.stdout + install.stderr
    assert (target / "clipfeed" / "py.typed").is_file()
    assert not list(target.rglob("*.so"))  # pure Python

    env = dict(os.environ, PYTHONPATH=str(target), CLIPFEED_LIBRARY=clipfeed.library_path)
    code = ("import clipfeed; print(clipfeed.__file__); "
            "print(clipfeed.clip('\"A quote.\"\\n#tag\\nRead at X').source)")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, cwd=tmp_path,
                         timeout=60)
    assert run.returncode == 0, run.stderr
    installed_at, source = run.stdout.splitlines()
    assert target in Path(installed_at).parents
    assert source == "X"

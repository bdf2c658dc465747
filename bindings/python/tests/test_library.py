"""Finding and loading libclipfeed, and the table of its functions."""
import ctypes.util
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import clipfeed
from clipfeed import _native

HEADER = Path(__file__).resolve().parents[3] / "capi" / "clipfeed.h"


def test_the_loaded_library_reports_its_version():
    assert re.fullmatch(r"\d+\.\d+\.\d+", clipfeed.library_version())
    assert Path(clipfeed.library_path).name.startswith("libclipfeed.so")
    if os.environ.get("CLIPFEED_LIBRARY"):
        assert clipfeed.library_path == os.environ["CLIPFEED_LIBRARY"]


def test_the_memory_a_big_feed_leaves_for_reuse_is_given_back_on_request():
    item = "<item><title>An item</title><description>" + "words " * 20 + "</description></item>"
    document = ("<rss version='2.0'><channel><title>Big</title>" + item * (6 * 2**20 // len(item)) +
                "</channel></rss>").encode()
    clipfeed.release_memory()
    feed = clipfeed.parse(document)
    assert len(feed.items) == 6 * 2**20 // len(item)
    del feed
    assert clipfeed.release_memory() >= len(document)
    assert clipfeed.release_memory() == 0


def test_a_library_lacking_a_symbol_is_refused_with_the_symbols_name():
    libc = ctypes.util.find_library("c")
    with pytest.raises(clipfeed.LibraryError, match="has no function 'clipfeed_version'"):
        _native.load(libc)


def test_a_library_that_cannot_be_loaded_is_refused_with_its_path(tmp_path):
    with pytest.raises(clipfeed.LibraryError, match="nowhere/libclipfeed.so.1"):
        _native.load(str(tmp_path / "nowhere" / "libclipfeed.so.1"))
    assert issubclass(clipfeed.LibraryError, ImportError)


def test_importing_with_clipfeed_library_set_to_the_wrong_library_fails_clearly():
    env = dict(os.environ, CLIPFEED_LIBRARY=ctypes.util.find_library("m") or "libm.so.6",
               PYTHONPATH=str(Path(clipfeed.__file__).parents[1]))
    run = subprocess.run([sys.executable, "-c", "import clipfeed"], env=env, capture_output=True, text=True)
    assert run.returncode != 0
    assert "LibraryError" in run.stderr and "clipfeed_version" in run.stderr


def test_the_lookup_order_is_the_environment_then_the_build_tree_then_the_system(monkeypatch, tmp_path):
    monkeypatch.setenv("CLIPFEED_LIBRARY", "/opt/elsewhere/libclipfeed.so.1")
    assert _native.find_library() == "/opt/elsewhere/libclipfeed.so.1"

    monkeypatch.delenv("CLIPFEED_LIBRARY")
    built = tmp_path / "libclipfeed.so.1"
    built.write_bytes(b"")
    monkeypatch.setattr(_native, "_build_tree_library", lambda: built)
    assert _native.find_library() == str(built)

    monkeypatch.setattr(_native, "_build_tree_library", lambda: tmp_path / "absent.so")
    monkeypatch.setattr(ctypes.util, "find_library", lambda name: None)
    assert _native.find_library() == "libclipfeed.so.1"  # left to the dynamic loader's search


def test_the_build_tree_location_is_the_checkouts_build_folder():
    assert _native._build_tree_library() == str(Path(__file__).resolve().parents[3] / "build" / "libclipfeed.so.1")


def _header_functions():
    """{function name: (return type, parameter count)} for every CLIPFEED_API function in clipfeed.h."""
    text = re.sub(r"/\*.*?\*/", "", HEADER.read_text(), flags=re.S)
    # A function-pointer parameter, "int64_t (*now)(void *user_data)", counts as one.
    text = re.sub(r"\(\s*\*\s*(\w+)\s*\)\s*\([^)]*\)", r"\1", text)
    functions = {}
    for match in re.finditer(r"CLIPFEED_API\s+([^;(]*?)\b(clipfeed_\w+)\s*\(([^)]*)\)\s*;", text):
        parameters = match.group(3).strip()
        arity = 0 if parameters in ("", "void") else parameters.count(",") + 1
        functions[match.group(2)] = (" ".join(match.group(1).split()), arity)
    return functions


def _c_type_of(restype):
    if restype is None:
        return "void"
    if restype in (ctypes.c_char_p, ctypes.c_void_p) or hasattr(restype, "contents"):
        return "pointer"
    return {ctypes.c_int: "int", ctypes.c_size_t: "size_t", ctypes.c_int64: "int64_t"}[restype]


@pytest.mark.skipif(not HEADER.is_file(), reason="needs the checkout's capi/clipfeed.h")
def test_every_table_entry_matches_the_headers_result_and_parameter_count():
    functions = _header_functions()
    assert len(functions) > 100
    for name, argtypes, restype, _errcheck in _native.FUNCTIONS:
        assert name in functions, f"{name} is not in clipfeed.h"
        declared_result, arity = functions[name]
        assert len(argtypes) == arity, name
        expected = "pointer" if declared_result.endswith("*") else declared_result
        assert _c_type_of(restype) == expected, name


def test_import_leaves_the_poller_and_ctypes_util_for_when_they_are_asked_for():
    # What `import clipfeed` costs a script that only parses: the poller module (logging,
    # threads) and ctypes.util (subprocess, shutil) load only when named.
    script = ("import sys, clipfeed\n"
              "print('clipfeed.poller' in sys.modules, 'ctypes.util' in sys.modules)\n"
              "poller_class = clipfeed.Poller\n"
              "from clipfeed import ItemStream, fetch\n"
              "print('clipfeed.poller' in sys.modules, poller_class.__module__, callable(fetch),\n"
              "      'Poller' in dir(clipfeed), 'Poller' in clipfeed.__all__)\n"
              "try:\n"
              "    clipfeed.no_such_name\n"
              "except AttributeError as e:\n"
              "    print(e)\n")
    env = dict(os.environ, CLIPFEED_LIBRARY=clipfeed.library_path,
               PYTHONPATH=str(Path(clipfeed.__file__).resolve().parents[1]))
    out = subprocess.run([sys.executable, "-c", script], env=env, capture_output=True, text=True, check=True)
    assert out.stdout.splitlines() == [
        "False False",
        "True clipfeed.poller True True True",
        "module 'clipfeed' has no attribute 'no_such_name'",
    ]

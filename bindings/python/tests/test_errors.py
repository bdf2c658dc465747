"""clipfeed.Error: the code, the library's name for it and clipfeed_last_error()'s message."""
import ctypes
import pickle

import pytest

import clipfeed
from clipfeed import _native


def test_a_file_that_cannot_be_read_raises_eio_naming_the_file(tmp_path):
    missing = tmp_path / "missing.xml"
    with pytest.raises(clipfeed.Error) as raised:
        clipfeed.parse_file(missing)
    error = raised.value
    assert error.code == clipfeed.EIO == clipfeed.ErrorCode.EIO == 4
    assert error.name == "input/output error"
    assert str(missing) in error.message
    assert str(error) == f"{error.message} (input/output error)"


def test_misusing_parse_options_through_the_table_raises_einval_with_the_last_error():
    # The typed table refuses a handle of the wrong kind before C sees it ...
    with pytest.raises(ctypes.ArgumentError):
        _native.lib.clipfeed_parse_options_set_url(_native.FeedP(), b"https://x.example/")
    # ... and errcheck turns a failing code into Error with clipfeed_last_error()'s message.
    with pytest.raises(clipfeed.Error) as raised:
        _native.lib.clipfeed_parse_options_set_url(None, b"https://x.example/")
    assert raised.value.code == clipfeed.EINVAL
    assert raised.value.name == "invalid argument"
    assert raised.value.message == "clipfeed_parse_options_set_url: options is NULL"


def test_option_values_out_of_range_raise_einval_naming_the_setter():
    with pytest.raises(clipfeed.Error) as raised:
        clipfeed.Fetcher(timeout_ms=-5)
    assert raised.value.code == clipfeed.EINVAL
    assert "clipfeed_fetcher_set_timeout_ms" in raised.value.message
    with pytest.raises(clipfeed.Error) as raised:
        clipfeed.Poller(max_connections=0)
    assert raised.value.code == clipfeed.EINVAL
    assert "clipfeed_poller_set_max_connections" in raised.value.message


def test_unknown_option_names_are_a_type_error():
    with pytest.raises(TypeError, match="timeout_seconds"):
        clipfeed.fetch("http://127.0.0.1:9/", timeout_seconds=3)
    with pytest.raises(TypeError, match="interval"):
        clipfeed.Poller(interval=3)


def test_a_corrupt_state_file_raises_estate_naming_it(tmp_path):
    state = tmp_path / "state.sqlite"
    state.write_bytes(b"this is not an SQLite database, just bytes " * 100)
    with pytest.raises(clipfeed.Error) as raised:
        clipfeed.Poller(state)
    assert raised.value.code == clipfeed.ESTATE
    assert str(state) in raised.value.message
    assert state.read_bytes().startswith(b"this is not")  # never reset


def test_removing_a_feed_that_is_not_subscribed_raises_enotfound():
    with clipfeed.Poller() as poller, pytest.raises(clipfeed.Error) as raised:
        poller.remove_feed("http://127.0.0.1:9/nothing.xml")
    assert raised.value.code == clipfeed.ENOTFOUND
    assert "http://127.0.0.1:9/nothing.xml" in raised.value.message


def test_a_code_unknown_to_the_binding_keeps_its_number_and_the_librarys_name():
    error = clipfeed.Error(99, "from a newer library")
    assert error.code == 99 and not isinstance(error.code, clipfeed.ErrorCode)
    assert error.name == "unknown error code"
    assert repr(error) == "clipfeed.Error(code=99, name='unknown error code', message='from a newer library')"


def test_every_code_has_the_librarys_name():
    names = {code: clipfeed.Error(code).name for code in clipfeed.ErrorCode}
    assert names[clipfeed.ECONNECT] == "cannot connect"
    assert "unknown error code" not in names.values()


def test_an_error_survives_pickling_for_other_processes():
    error = pickle.loads(pickle.dumps(clipfeed.Error(clipfeed.ETIMEOUT, "too slow: http://127.0.0.1:9/")))
    assert (error.code, error.name) == (clipfeed.ETIMEOUT, "timed out")
    assert error.message == "too slow: http://127.0.0.1:9/"
    assert str(error) == "too slow: http://127.0.0.1:9/ (timed out)"
    assert str(clipfeed.Error(clipfeed.ENOMEM)) == "out of memory"

"""Fetching feeds over HTTP: clipfeed.fetch, clipfeed.Fetcher and the Response they return."""
from __future__ import annotations

import threading
import weakref
from collections.abc import Sequence
from ctypes import byref, c_char_p, c_size_t, string_at
from dataclasses import dataclass
from datetime import datetime

from ._convert import optional_date, optional_int, read_feed
from ._native import FETCH_CALLBACK, Error, ErrorCode, FetcherP, ResponseP, decode, encode, lib
from .model import Feed
from .parse import set_parse_options


@dataclass
class Response:
    """The outcome of one fetch, copied out of the library.

    error is None on success, else a clipfeed.Error (code ECONNECT, EHTTP, ETIMEOUT, ...; the
    message names the URL). feed is the parsed feed, None when the fetch failed or was not
    modified (not_modified: a 304 answered the validators). permanent_redirect: the first
    redirect(s) were 301/308 and permanent_url is the feed's new address. max_age and retry_after
    are seconds; expires is a datetime.
    """

    url: str
    final_url: str | None = None
    status: int = 0
    error: Error | None = None
    not_modified: bool = False
    permanent_redirect: bool = False
    permanent_url: str | None = None
    discovered_url: str | None = None
    etag: str | None = None
    last_modified: str | None = None
    content_type: str | None = None
    max_age: int | None = None
    expires: datetime | None = None
    retry_after: int | None = None
    elapsed_ms: int = 0
    body: bytes | None = None
    feed: Feed | None = None

    @property
    def ok(self) -> bool:
        return self.error is None

    def raise_for_error(self) -> "Response":
        """Raises the fetch's clipfeed.Error, if it failed; returns the response otherwise."""
        if self.error is not None:
            raise self.error
        return self


def _read_response(handle) -> Response:
    code = lib.clipfeed_response_error(handle)
    error = Error(code, decode(lib.clipfeed_response_error_message(handle))) if code != ErrorCode.OK else None
    size = c_size_t()
    body = lib.clipfeed_response_body(handle, byref(size))
    feed = lib.clipfeed_response_feed(handle)
    return Response(
        url=decode(lib.clipfeed_response_url(handle)),
        final_url=decode(lib.clipfeed_response_final_url(handle)),
        status=lib.clipfeed_response_status(handle),
        error=error,
        not_modified=bool(lib.clipfeed_response_not_modified(handle)),
        permanent_redirect=bool(lib.clipfeed_response_permanent_redirect(handle)),
        permanent_url=decode(lib.clipfeed_response_permanent_url(handle)),
        discovered_url=decode(lib.clipfeed_response_discovered_url(handle)),
        etag=decode(lib.clipfeed_response_etag(handle)),
        last_modified=decode(lib.clipfeed_response_last_modified(handle)),
        content_type=decode(lib.clipfeed_response_content_type(handle)),
        max_age=optional_int(lib.clipfeed_response_max_age, handle),
        expires=optional_date(lib.clipfeed_response_expires, handle),
        retry_after=optional_int(lib.clipfeed_response_retry_after, handle),
        elapsed_ms=lib.clipfeed_response_elapsed_ms(handle),
        body=string_at(body, size.value) if body else None,
        feed=read_feed(feed) if feed else None)


def _read_and_free(handle) -> Response:
    try:
        return _read_response(handle)
    finally:
        lib.clipfeed_response_free(handle)


# Fetcher options: name -> (the C setter, which turns the Python value into the setter's arguments).
_OPTIONS = {
    "user_agent": ("clipfeed_fetcher_set_user_agent", lambda v: (encode(v),)),
    "connect_timeout_ms": ("clipfeed_fetcher_set_connect_timeout_ms", lambda v: (int(v),)),
    "timeout_ms": ("clipfeed_fetcher_set_timeout_ms", lambda v: (int(v),)),
    # (bytes_per_second, seconds): a transfer that slow for that long is abandoned.
    "low_speed": ("clipfeed_fetcher_set_low_speed", lambda v: (int(v[0]), int(v[1]))),
    "max_body_bytes": ("clipfeed_fetcher_set_max_body_bytes", lambda v: (int(v),)),
    "max_redirects": ("clipfeed_fetcher_set_max_redirects", lambda v: (int(v),)),
    "proxy": ("clipfeed_fetcher_set_proxy", lambda v: (encode(v),)),
    "ca_file": ("clipfeed_fetcher_set_ca_file", lambda v: (encode(v),)),
    "verify_tls": ("clipfeed_fetcher_set_verify_tls", lambda v: (1 if v else 0,)),
    "max_connections": ("clipfeed_fetcher_set_max_connections", lambda v: (int(v),)),
    "max_host_connections": ("clipfeed_fetcher_set_max_host_connections", lambda v: (int(v),)),
}
# Options about parsing what is fetched, set together through clipfeed_fetcher_set_parse_options.
PARSE_OPTIONS = ("clippings", "sanitize")


class Fetcher:
    """An HTTP client for feeds that reuses its connections across fetches.

    Options (keyword arguments): user_agent, connect_timeout_ms, timeout_ms (the whole transfer),
    low_speed=(bytes_per_second, seconds), max_body_bytes, max_redirects, proxy (None: the
    environment's; "": none), ca_file, verify_tls, max_connections, max_host_connections,
    clippings (extract clippings, default True), sanitize (drop unsafe HTML, default True;
    False keeps the feed's HTML as written). A value out of range raises clipfeed.Error (EINVAL); an unknown name TypeError.

    Close it with close() or a with-block; the garbage collector frees it otherwise. Calls from
    several threads are taken one at a time.
    """

    def __init__(self, **options):
        known = [*_OPTIONS, *PARSE_OPTIONS]
        unknown = sorted(set(options) - set(known))
        if unknown:
            raise TypeError(f"unknown Fetcher option(s): {', '.join(unknown)}; known: {', '.join(known)}")
        handle = FetcherP()
        lib.clipfeed_fetcher_new(byref(handle))
        self._handle = handle
        self._lock = threading.Lock()  # the C fetcher serves one thread at a time
        self._finalizer = weakref.finalize(self, lib.clipfeed_fetcher_free, handle)
        for name, value in options.items():
            if name in _OPTIONS:
                setter, arguments = _OPTIONS[name]
                getattr(lib, setter)(handle, *arguments(value))
        if any(name in options for name in PARSE_OPTIONS):
            set_parse_options(lib.clipfeed_fetcher_set_parse_options, handle,
                              clippings=options.get("clippings", True), sanitize=options.get("sanitize", True))

    def close(self) -> None:
        """Frees the fetcher; later calls raise ValueError. Calling it again does nothing."""
        with self._lock:
            self._finalizer()

    @property
    def closed(self) -> bool:
        return not self._finalizer.alive

    def __enter__(self) -> "Fetcher":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def _checked_handle(self):
        if not self._finalizer.alive:
            raise ValueError("the Fetcher is closed")
        return self._handle

    def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Response:
        """Fetches and parses one URL, sending If-None-Match / If-Modified-Since for the validators.

        A failed fetch is no exception: it returns a Response whose error says what went wrong
        (response.raise_for_error() raises it). An HTML page is searched for its feed.
        """
        with self._lock:
            handle = ResponseP()
            code = lib.clipfeed_fetcher_fetch(byref(handle), self._checked_handle(), encode(url),
                                              encode(etag), encode(last_modified))
            if not handle:  # only bad arguments or lack of memory leave no response
                raise Error(code, decode(lib.clipfeed_last_error()))
            return _read_and_free(handle)

    def fetch_many(self, urls: Sequence[str], etags: Sequence[str | None] | None = None,
                   last_modifieds: Sequence[str | None] | None = None) -> list[Response]:
        """Fetches several URLs concurrently (within the connection limits).

        etags and last_modifieds, when given, hold one validator (or None) per URL. Returns the
        responses in the order of `urls`.
        """
        count = len(urls)
        for name, values in (("etags", etags), ("last_modifieds", last_modifieds)):
            if values is not None and len(values) != count:
                raise ValueError(f"{name} has {len(values)} entries for {count} urls")

        def c_strings(values):
            return None if values is None else (c_char_p * count)(*[encode(v) for v in values])

        # Which positions wait for a response to each URL (a URL may be listed twice).
        waiting: dict[str, list[int]] = {}
        for position, url in enumerate(urls):
            waiting.setdefault(url, []).append(position)
        results: list[Response | None] = [None] * count
        failure: list[BaseException] = []

        def on_response(handle, _user_data):
            try:
                response = _read_and_free(handle)
                positions = waiting.get(response.url)
                if positions:
                    results[positions.pop(0)] = response
                return 0
            except BaseException as e:  # noqa: B902 - re-raised once the C call returns
                failure.append(e)
                return 1  # cancels the fetches still running

        callback = FETCH_CALLBACK(on_response)  # alive until fetch_many returns, the last call
        with self._lock:
            lib.clipfeed_fetcher_fetch_many(self._checked_handle(), c_strings(urls), c_strings(etags),
                                            c_strings(last_modifieds), count, callback, None)
        if failure:
            raise failure[0]
        missing = [urls[i] for i, r in enumerate(results) if r is None]
        if missing:
            raise Error(ErrorCode.ERROR, f"no response for {', '.join(missing)}")
        return results  # type: ignore[return-value]


def fetch(url: str, etag: str | None = None, last_modified: str | None = None, **options) -> Response:
    """Fetches and parses one feed with a Fetcher made for the call (options as for Fetcher)."""
    with Fetcher(**options) as fetcher:
        return fetcher.fetch(url, etag, last_modified)

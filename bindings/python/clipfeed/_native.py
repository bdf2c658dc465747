"""The C library: where it is found, and the one table of the functions the binding calls.

Every function of capi/clipfeed.h that the binding uses is declared once, in FUNCTIONS, with its
argument types, result type and error check; load() applies the table to a library and fails with
LibraryError naming the first missing symbol. Fallible calls get check_code, which turns a non-zero
result into clipfeed.Error carrying the code and clipfeed_last_error() (read on the same thread,
straight after the call, as the C API requires).
"""
from __future__ import annotations

import ctypes
import enum
import os
from ctypes import (CFUNCTYPE, POINTER, Structure, c_char_p, c_int, c_int64, c_long, c_size_t, c_uint32, c_void_p)

LIBRARY_FILE = "libclipfeed.so.1"
LIBRARY_ENV = "CLIPFEED_LIBRARY"


class ErrorCode(enum.IntEnum):
    """The CLIPFEED_E* codes of clipfeed.h; their numbers never change."""

    OK = 0
    ERROR = 1
    EINVAL = 2
    ENOMEM = 3
    EIO = 4
    ENOTFOUND = 5
    EDNS = 6
    ECONNECT = 7
    ETLS = 8
    ETIMEOUT = 9
    EHTTP = 10
    ETOOLARGE = 11
    EREDIRECT = 12
    ENOTFEED = 13
    ETRUNCATED = 14
    ESCHEME = 15
    ENETWORK = 16
    ECANCELED = 17
    ESTATE = 18
    EBLOCKED = 19
    EUNAVAILABLE = 20


class LibraryError(ImportError):
    """libclipfeed could not be found or loaded, or it lacks a function the binding needs."""


class Error(Exception):
    """A failure reported by libclipfeed.

    code: the CLIPFEED_E* number (an ErrorCode when the binding knows it, else a plain int);
    name: the library's name for the code (clipfeed_strerror); message: what went wrong, naming
    the input (clipfeed_last_error, or a fetch response's error message).
    """

    def __init__(self, code: int, message: str = ""):
        try:
            self.code = ErrorCode(code)
        except ValueError:  # a code from a newer library
            self.code = int(code)
        self.name = strerror(code)
        self.message = message
        super().__init__(code, message)  # args that rebuild it, so it pickles

    def __str__(self) -> str:
        return f"{self.message} ({self.name})" if self.message else self.name

    def __repr__(self) -> str:
        return f"clipfeed.Error(code={int(self.code)}, name={self.name!r}, message={self.message!r})"


# ---- Opaque handle types: distinct pointer types, so ctypes refuses a handle of the wrong kind.

class ParseOptionsHandle(Structure):
    pass


class FeedHandle(Structure):
    pass


class ItemHandle(Structure):
    pass


class PersonHandle(Structure):
    pass


class EnclosureHandle(Structure):
    pass


class ClippingListHandle(Structure):
    pass


class ClippingHandle(Structure):
    pass


class FetcherHandle(Structure):
    pass


class ResponseHandle(Structure):
    pass


class PollerHandle(Structure):
    pass


class SubscriptionsHandle(Structure):
    pass


class ItemColumns(Structure):
    """clipfeed_item_columns: every item's title and clippings in flat arrays (clipfeed.h). Members
    are only appended to the C struct; struct_size says how many this library filled."""

    _fields_ = [
        ("struct_size", c_uint32),
        ("reserved", c_uint32),
        ("item_count", c_size_t),
        ("titles", POINTER(c_char_p)),
        ("clipping_starts", POINTER(c_size_t)),
        ("clipping_count", c_size_t),
        ("summaries", POINTER(c_char_p)),
        ("sources", POINTER(c_char_p)),
        ("source_urls", POINTER(c_char_p)),
        ("read_times", POINTER(c_int)),
        ("quote_starts", POINTER(c_size_t)),
        ("tag_starts", POINTER(c_size_t)),
        ("quote_count", c_size_t),
        ("quote_texts", POINTER(c_char_p)),
        ("quote_labels", POINTER(c_char_p)),
        ("tag_count", c_size_t),
        ("tags", POINTER(c_char_p)),
    ]


ParseOptionsP = POINTER(ParseOptionsHandle)
FeedP = POINTER(FeedHandle)
ItemP = POINTER(ItemHandle)
PersonP = POINTER(PersonHandle)
EnclosureP = POINTER(EnclosureHandle)
ClippingP = POINTER(ClippingHandle)
ClippingListP = POINTER(ClippingListHandle)
FetcherP = POINTER(FetcherHandle)
ResponseP = POINTER(ResponseHandle)
PollerP = POINTER(PollerHandle)
SubscriptionsP = POINTER(SubscriptionsHandle)

# ---- Callback types (clipfeed.h typedefs); the trailing c_void_p is the unused user_data.

FETCH_CALLBACK = CFUNCTYPE(c_int, ResponseP, c_void_p)
ITEM_CALLBACK = CFUNCTYPE(c_int, c_char_p, c_char_p, FeedP, ItemP, c_void_p)
POLL_ERROR_CALLBACK = CFUNCTYPE(None, c_char_p, c_char_p, c_int, c_char_p, c_void_p)
FEED_MOVED_CALLBACK = CFUNCTYPE(None, c_char_p, c_char_p, c_char_p, c_void_p)
FEED_GONE_CALLBACK = CFUNCTYPE(None, c_char_p, c_char_p, c_void_p)
CLOCK_CALLBACK = CFUNCTYPE(c_int64, c_void_p)


def check_code(result, function, arguments):
    """errcheck for calls returning CLIPFEED_OK or a CLIPFEED_E* code."""
    if result != ErrorCode.OK:
        raise Error(result, decode(lib.clipfeed_last_error()))
    return result


# (name, argtypes, restype, errcheck). None as errcheck: the result is a value, or a code the
# caller reads itself (CLIPFEED_ENOTFOUND of the optional getters sets no message).
_P = c_char_p
_int64_p = POINTER(c_int64)
_size_p = POINTER(c_size_t)
_chk = check_code
FUNCTIONS = [
    ("clipfeed_version", [], _P, None),
    ("clipfeed_strerror", [c_int], _P, None),
    ("clipfeed_last_error", [], _P, None),
    ("clipfeed_string_free", [c_void_p], None, None),
    ("clipfeed_memory_release", [], c_size_t, None),

    ("clipfeed_parse_options_new", [POINTER(ParseOptionsP)], c_int, _chk),
    ("clipfeed_parse_options_free", [ParseOptionsP], None, None),
    ("clipfeed_parse_options_set_url", [ParseOptionsP, _P], c_int, _chk),
    ("clipfeed_parse_options_set_content_type", [ParseOptionsP, _P], c_int, _chk),
    ("clipfeed_parse_options_set_content_location", [ParseOptionsP, _P], c_int, _chk),
    ("clipfeed_parse_options_set_content_language", [ParseOptionsP, _P], c_int, _chk),
    ("clipfeed_parse_options_set_clippings", [ParseOptionsP, c_int], c_int, _chk),
    ("clipfeed_parse_options_set_sanitize", [ParseOptionsP, c_int], c_int, _chk),

    ("clipfeed_feed_parse_with_options", [POINTER(FeedP), c_char_p, c_size_t, ParseOptionsP], c_int, _chk),
    ("clipfeed_feed_parse_file", [POINTER(FeedP), _P, ParseOptionsP], c_int, _chk),
    ("clipfeed_feed_free", [FeedP], None, None),
    ("clipfeed_feed_format", [FeedP], _P, None),
    ("clipfeed_feed_version", [FeedP], _P, None),
    ("clipfeed_feed_encoding", [FeedP], _P, None),
    ("clipfeed_feed_title", [FeedP], _P, None),
    ("clipfeed_feed_link", [FeedP], _P, None),
    ("clipfeed_feed_feed_url", [FeedP], _P, None),
    ("clipfeed_feed_description", [FeedP], _P, None),
    ("clipfeed_feed_language", [FeedP], _P, None),
    ("clipfeed_feed_image", [FeedP], _P, None),
    ("clipfeed_feed_rights", [FeedP], _P, None),
    ("clipfeed_feed_update_interval", [_int64_p, FeedP], c_int, None),
    ("clipfeed_feed_updated", [_int64_p, FeedP], c_int, None),
    ("clipfeed_feed_published", [_int64_p, FeedP], c_int, None),
    ("clipfeed_feed_author_count", [FeedP], c_size_t, None),
    ("clipfeed_feed_author", [FeedP, c_size_t], PersonP, None),
    ("clipfeed_feed_category_count", [FeedP], c_size_t, None),
    ("clipfeed_feed_category", [FeedP, c_size_t], _P, None),
    ("clipfeed_feed_item_count", [FeedP], c_size_t, None),
    ("clipfeed_feed_item", [FeedP, c_size_t], ItemP, None),
    ("clipfeed_feed_item_columns", [POINTER(POINTER(ItemColumns)), FeedP], c_int, _chk),
    ("clipfeed_feed_recovered", [FeedP], c_int, None),
    ("clipfeed_feed_warning_count", [FeedP], c_size_t, None),
    ("clipfeed_feed_warning", [FeedP, c_size_t], _P, None),
    ("clipfeed_feed_to_json", [POINTER(c_void_p), FeedP, c_int], c_int, _chk),

    ("clipfeed_item_id", [ItemP], _P, None),
    ("clipfeed_item_title", [ItemP], _P, None),
    ("clipfeed_item_link", [ItemP], _P, None),
    ("clipfeed_item_summary", [ItemP], _P, None),
    ("clipfeed_item_content", [ItemP], _P, None),
    ("clipfeed_item_rights", [ItemP], _P, None),
    ("clipfeed_item_summary_type", [ItemP], _P, None),
    ("clipfeed_item_content_type", [ItemP], _P, None),
    ("clipfeed_item_published", [_int64_p, ItemP], c_int, None),
    ("clipfeed_item_updated", [_int64_p, ItemP], c_int, None),
    ("clipfeed_item_author_count", [ItemP], c_size_t, None),
    ("clipfeed_item_author", [ItemP, c_size_t], PersonP, None),
    ("clipfeed_item_category_count", [ItemP], c_size_t, None),
    ("clipfeed_item_category", [ItemP, c_size_t], _P, None),
    ("clipfeed_item_enclosure_count", [ItemP], c_size_t, None),
    ("clipfeed_item_enclosure", [ItemP, c_size_t], EnclosureP, None),
    ("clipfeed_item_clipping", [ItemP], ClippingP, None),
    ("clipfeed_item_clipping_count", [ItemP], c_size_t, None),
    ("clipfeed_item_clipping_at", [ItemP, c_size_t], ClippingP, None),
    ("clipfeed_item_estimated_reading_minutes", [ItemP], c_int, None),

    ("clipfeed_person_name", [PersonP], _P, None),
    ("clipfeed_person_email", [PersonP], _P, None),
    ("clipfeed_person_uri", [PersonP], _P, None),
    ("clipfeed_enclosure_url", [EnclosureP], _P, None),
    ("clipfeed_enclosure_type", [EnclosureP], _P, None),
    ("clipfeed_enclosure_length", [_int64_p, EnclosureP], c_int, None),

    ("clipfeed_clipping_extract", [POINTER(ClippingP), c_char_p, c_size_t, c_int, _P], c_int, _chk),
    ("clipfeed_clipping_free", [ClippingP], None, None),
    ("clipfeed_clip_all", [POINTER(ClippingListP), c_char_p, c_size_t, c_int, _P], c_int, _chk),
    ("clipfeed_clipping_list_count", [ClippingListP], c_size_t, None),
    ("clipfeed_clipping_list_at", [ClippingListP, c_size_t], ClippingP, None),
    ("clipfeed_clipping_list_free", [ClippingListP], None, None),
    ("clipfeed_clipping_quote_count", [ClippingP], c_size_t, None),
    ("clipfeed_clipping_quote_text", [ClippingP, c_size_t], _P, None),
    ("clipfeed_clipping_quote_label", [ClippingP, c_size_t], _P, None),
    ("clipfeed_clipping_summary", [ClippingP], _P, None),
    ("clipfeed_clipping_tag_count", [ClippingP], c_size_t, None),
    ("clipfeed_clipping_tag", [ClippingP, c_size_t], _P, None),
    ("clipfeed_clipping_source", [ClippingP], _P, None),
    ("clipfeed_clipping_source_url", [ClippingP], _P, None),
    ("clipfeed_clipping_read_time", [POINTER(c_int), ClippingP], c_int, None),

    ("clipfeed_fetcher_new", [POINTER(FetcherP)], c_int, _chk),
    ("clipfeed_fetcher_free", [FetcherP], None, None),
    ("clipfeed_fetcher_set_user_agent", [FetcherP, _P], c_int, _chk),
    ("clipfeed_fetcher_set_connect_timeout_ms", [FetcherP, c_long], c_int, _chk),
    ("clipfeed_fetcher_set_timeout_ms", [FetcherP, c_long], c_int, _chk),
    ("clipfeed_fetcher_set_low_speed", [FetcherP, c_long, c_long], c_int, _chk),
    ("clipfeed_fetcher_set_max_body_bytes", [FetcherP, c_int64], c_int, _chk),
    ("clipfeed_fetcher_set_max_redirects", [FetcherP, c_int], c_int, _chk),
    ("clipfeed_fetcher_set_proxy", [FetcherP, _P], c_int, _chk),
    ("clipfeed_fetcher_set_ca_file", [FetcherP, _P], c_int, _chk),
    ("clipfeed_fetcher_set_verify_tls", [FetcherP, c_int], c_int, _chk),
    ("clipfeed_fetcher_set_max_connections", [FetcherP, c_int], c_int, _chk),
    ("clipfeed_fetcher_set_max_host_connections", [FetcherP, c_int], c_int, _chk),
    ("clipfeed_fetcher_set_clippings", [FetcherP, c_int], c_int, _chk),
    ("clipfeed_fetcher_set_parse_options", [FetcherP, ParseOptionsP], c_int, _chk),
    # A fetch failure still yields a response carrying the error; the caller reads both.
    ("clipfeed_fetcher_fetch", [POINTER(ResponseP), FetcherP, _P, _P, _P], c_int, None),
    ("clipfeed_fetcher_fetch_many",
     [FetcherP, POINTER(c_char_p), POINTER(c_char_p), POINTER(c_char_p), c_size_t, FETCH_CALLBACK, c_void_p],
     c_int, None),

    ("clipfeed_response_free", [ResponseP], None, None),
    ("clipfeed_response_error", [ResponseP], c_int, None),
    ("clipfeed_response_error_message", [ResponseP], _P, None),
    ("clipfeed_response_url", [ResponseP], _P, None),
    ("clipfeed_response_final_url", [ResponseP], _P, None),
    ("clipfeed_response_discovered_url", [ResponseP], _P, None),
    ("clipfeed_response_status", [ResponseP], c_int, None),
    ("clipfeed_response_not_modified", [ResponseP], c_int, None),
    ("clipfeed_response_permanent_redirect", [ResponseP], c_int, None),
    ("clipfeed_response_permanent_url", [ResponseP], _P, None),
    ("clipfeed_response_etag", [ResponseP], _P, None),
    ("clipfeed_response_last_modified", [ResponseP], _P, None),
    ("clipfeed_response_content_type", [ResponseP], _P, None),
    ("clipfeed_response_max_age", [_int64_p, ResponseP], c_int, None),
    ("clipfeed_response_expires", [_int64_p, ResponseP], c_int, None),
    ("clipfeed_response_retry_after", [_int64_p, ResponseP], c_int, None),
    ("clipfeed_response_elapsed_ms", [ResponseP], c_int64, None),
    ("clipfeed_response_body", [ResponseP, _size_p], c_void_p, None),
    ("clipfeed_response_feed", [ResponseP], FeedP, None),

    ("clipfeed_poller_new", [POINTER(PollerP), _P], c_int, _chk),
    ("clipfeed_poller_free", [PollerP], None, None),
    ("clipfeed_poller_set_default_interval", [PollerP, c_int64], c_int, _chk),
    ("clipfeed_poller_set_min_interval", [PollerP, c_int64], c_int, _chk),
    ("clipfeed_poller_set_max_backoff", [PollerP, c_int64], c_int, _chk),
    ("clipfeed_poller_set_retention", [PollerP, c_int64], c_int, _chk),
    ("clipfeed_poller_set_max_host_connections", [PollerP, c_int], c_int, _chk),
    ("clipfeed_poller_set_max_connections", [PollerP, c_int], c_int, _chk),
    ("clipfeed_poller_set_user_agent", [PollerP, _P], c_int, _chk),
    ("clipfeed_poller_set_timeout_ms", [PollerP, c_long], c_int, _chk),
    ("clipfeed_poller_set_lease", [PollerP, c_int64], c_int, _chk),
    ("clipfeed_poller_set_parse_options", [PollerP, ParseOptionsP], c_int, _chk),
    ("clipfeed_poller_set_clock", [PollerP, CLOCK_CALLBACK, c_void_p], c_int, _chk),
    ("clipfeed_poller_on_new_item", [PollerP, ITEM_CALLBACK, c_void_p], c_int, _chk),
    ("clipfeed_poller_on_updated_item", [PollerP, ITEM_CALLBACK, c_void_p], c_int, _chk),
    ("clipfeed_poller_on_error", [PollerP, POLL_ERROR_CALLBACK, c_void_p], c_int, _chk),
    ("clipfeed_poller_on_moved", [PollerP, FEED_MOVED_CALLBACK, c_void_p], c_int, _chk),
    ("clipfeed_poller_on_gone", [PollerP, FEED_GONE_CALLBACK, c_void_p], c_int, _chk),
    ("clipfeed_poller_add_feed", [PollerP, _P, c_int64, _P], c_int, _chk),
    ("clipfeed_poller_remove_feed", [PollerP, _P], c_int, _chk),
    ("clipfeed_poller_import_opml", [PollerP, _P, _size_p], c_int, _chk),
    ("clipfeed_poller_export_opml", [POINTER(c_void_p), PollerP], c_int, _chk),
    ("clipfeed_poller_run_due", [PollerP, _int64_p], c_int, _chk),
    ("clipfeed_poller_start", [PollerP], c_int, _chk),
    ("clipfeed_poller_stop", [PollerP], c_int, _chk),
    ("clipfeed_poller_cancel", [PollerP], c_int, _chk),
    ("clipfeed_poller_resume", [PollerP], c_int, _chk),

    ("clipfeed_poller_subscriptions", [POINTER(SubscriptionsP), PollerP], c_int, _chk),
    ("clipfeed_subscriptions_free", [SubscriptionsP], None, None),
    ("clipfeed_subscriptions_count", [SubscriptionsP], c_size_t, None),
    ("clipfeed_subscriptions_url", [SubscriptionsP, c_size_t], _P, None),
    ("clipfeed_subscriptions_key", [SubscriptionsP, c_size_t], _P, None),
    ("clipfeed_subscriptions_title", [SubscriptionsP, c_size_t], _P, None),
    ("clipfeed_subscriptions_last_error", [SubscriptionsP, c_size_t], _P, None),
    ("clipfeed_subscriptions_next_poll", [SubscriptionsP, c_size_t], c_int64, None),
    ("clipfeed_subscriptions_error_count", [SubscriptionsP, c_size_t], c_int, None),
    ("clipfeed_subscriptions_gone", [SubscriptionsP, c_size_t], c_int, None),
]


class Library:
    """A loaded libclipfeed with every function of FUNCTIONS set up, as attributes of that name."""

    def __init__(self, path: str):
        self.path = path
        try:
            self._dll = ctypes.CDLL(path)
        except OSError as e:
            raise LibraryError(f"cannot load libclipfeed from {path!r}: {e}") from e
        for name, argtypes, restype, errcheck in FUNCTIONS:
            try:
                function = getattr(self._dll, name)
            except AttributeError:
                raise LibraryError(
                    f"{path!r} has no function {name!r}: it is not libclipfeed, or an older one than "
                    f"this binding needs (set {LIBRARY_ENV} to the library's path)") from None
            function.argtypes = argtypes
            function.restype = restype
            if errcheck is not None:
                function.errcheck = errcheck
            setattr(self, name, function)


def _build_tree_library() -> str:
    # bindings/python/clipfeed/_native.py -> the checkout's build/ folder.
    checkout = os.path.dirname(os.path.dirname(os.path.dirname(os.path.dirname(os.path.realpath(__file__)))))
    return os.path.join(checkout, "build", LIBRARY_FILE)


def find_library() -> str:
    """Where libclipfeed is: $CLIPFEED_LIBRARY, else the checkout's build tree, else the system's."""
    configured = os.environ.get(LIBRARY_ENV)
    if configured:
        return configured
    in_build_tree = _build_tree_library()
    if os.path.isfile(in_build_tree):
        return os.fspath(in_build_tree)
    # find_library consults ldconfig's cache; without a hit, let the dynamic loader search
    # (LD_LIBRARY_PATH, its default folders) for the SONAME itself. Imported here, not at the
    # top: ctypes.util brings subprocess, shutil and re, a third of the package's import time.
    import ctypes.util
    return ctypes.util.find_library("clipfeed") or LIBRARY_FILE


def load(path: str | None = None) -> Library:
    """Loads libclipfeed (from `path`, or find_library()) and sets up its functions."""
    return Library(path or find_library())


def decode(value: bytes | None) -> str | None:
    """A borrowed UTF-8 string from the library, copied into a str (None stays None)."""
    return None if value is None else value.decode("utf-8", "replace")


def encode(value) -> bytes | None:
    """A str (or path) for the library: UTF-8 bytes; None stays None."""
    if value is None:
        return None
    if isinstance(value, bytes):
        return value
    return os.fspath(value).encode("utf-8")


def encode_path(path) -> bytes:
    """A file name for the library, in the file system's encoding."""
    return os.fsencode(path)


def strerror(code: int) -> str:
    return decode(lib.clipfeed_strerror(code))


def take_string(pointer: c_void_p) -> str:
    """Copies a string the library allocated for the caller, then frees it."""
    try:
        return ctypes.string_at(pointer).decode("utf-8", "replace")
    finally:
        lib.clipfeed_string_free(pointer)


lib = load()

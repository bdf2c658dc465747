"""Parsing feeds and extracting clippings: clipfeed.parse, clipfeed.parse_file, clipfeed.clip,
clipfeed.clip_all."""
from __future__ import annotations

import os
from ctypes import byref

from ._convert import read_clipping, read_feed_lazily
from ._native import ClippingListP, ClippingP, FeedP, ParseOptionsP, encode, encode_path, lib
from .model import Clipping, Feed

# clipfeed.h's CLIPFEED_CONTENT_* values.
_CONTENT_DETECT = 0
_CONTENT_TEXT = 1
_CONTENT_HTML = 2


_UTF8_BOM = b"\xef\xbb\xbf"


def _as_bytes(data: bytes | bytearray | memoryview | str, what: str, mark_utf8: bool = False) -> bytes:
    """The bytes to hand the library; a str as UTF-8. mark_utf8 puts a byte order mark before it:
    a str is already decoded, so the BOM overrides whatever encoding its XML declaration names."""
    if isinstance(data, str):
        encoded = data.encode("utf-8")
        return encoded if not mark_utf8 or encoded.startswith(_UTF8_BOM) else _UTF8_BOM + encoded
    if isinstance(data, (bytes, bytearray, memoryview)):
        return bytes(data)
    raise TypeError(f"{what} must be bytes or str, not {type(data).__name__}")


class _ParseOptions:
    """A clipfeed_parse_options handle for the length of one parse."""

    def __init__(self, url, content_type, content_location, content_language, clippings, sanitize):
        self.handle = ParseOptionsP()
        lib.clipfeed_parse_options_new(byref(self.handle))
        try:
            lib.clipfeed_parse_options_set_url(self.handle, encode(url))
            lib.clipfeed_parse_options_set_content_type(self.handle, encode(content_type))
            lib.clipfeed_parse_options_set_content_location(self.handle, encode(content_location))
            lib.clipfeed_parse_options_set_content_language(self.handle, encode(content_language))
            lib.clipfeed_parse_options_set_clippings(self.handle, 1 if clippings else 0)
            lib.clipfeed_parse_options_set_sanitize(self.handle, 1 if sanitize else 0)
        except BaseException:
            self.close()
            raise

    def close(self):
        lib.clipfeed_parse_options_free(self.handle)
        self.handle = ParseOptionsP()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def set_parse_options(setter, handle, *, clippings: bool = True, sanitize: bool = True) -> None:
    """Tells a fetcher or poller (setter: its clipfeed_*_set_parse_options) how to parse what it
    fetches: whether to extract clippings and whether to sanitize HTML."""
    with _ParseOptions(None, None, None, None, clippings, sanitize) as options:
        setter(handle, options.handle)


def parse(data: bytes | str, url: str | None = None, content_type: str | None = None, *,
          content_location: str | None = None, content_language: str | None = None,
          clippings: bool = True, sanitize: bool = True) -> Feed:
    """Parses RSS, Atom, RDF or JSON Feed.

    data: the document's bytes, in any encoding (the parser reads the BOM, XML declaration or
    content_type charset), or a str, passed as UTF-8 with a byte order mark. (A str whose XML
    declaration names another encoding is thus read right, but flagged recovered with a warning
    about the mismatch; pass the bytes instead to avoid that.)
    url: the document's address, the base of relative links. content_type, content_location,
    content_language: HTTP headers the document came with (a content_type marks it as fetched over
    HTTP, with RFC 3023's charset rules). clippings: extract each item's clipping. sanitize: drop
    unsafe HTML (scripts, event handlers, javascript: links) from the feed's HTML.

    Malformed input is no error: what can be read is returned, with recovered=True and warnings.
    """
    body = _as_bytes(data, "data", mark_utf8=True)
    with _ParseOptions(url, content_type, content_location, content_language, clippings, sanitize) as options:
        handle = FeedP()
        lib.clipfeed_feed_parse_with_options(byref(handle), body, len(body), options.handle)
    return read_feed_lazily(handle)  # items read their fields on first access; freed with the last


def parse_file(path: str | os.PathLike, url: str | None = None, content_type: str | None = None,
               *, content_location: str | None = None, content_language: str | None = None,
               clippings: bool = True, sanitize: bool = True) -> Feed:
    """Reads and parses a file, like parse(); clipfeed.Error (code EIO) when it cannot be read."""
    with _ParseOptions(url, content_type, content_location, content_language, clippings, sanitize) as options:
        handle = FeedP()
        lib.clipfeed_feed_parse_file(byref(handle), encode_path(path), options.handle)
    return read_feed_lazily(handle)  # items read their fields on first access; freed with the last


def clip(text: bytes | str, html: bool | None = None,
         base_url: str | None = None) -> Clipping | None:
    """Extracts the clipping from a standalone text, Markdown or HTML document; None when it holds
    none. It is the first of clip_all().

    html: None detects (HTML when the document holds an element tag), True reads HTML, False plain
    text (read as Markdown when a line begins with '>' or it holds a [text](url) link). base_url
    makes the read-at link (source_url) absolute.
    """
    body = _as_bytes(text, "text")
    kind = _CONTENT_DETECT if html is None else (_CONTENT_HTML if html else _CONTENT_TEXT)
    handle = ClippingP()
    lib.clipfeed_clipping_extract(byref(handle), body, len(body), kind, encode(base_url))
    try:
        return read_clipping(handle)
    finally:
        lib.clipfeed_clipping_free(handle)


def clip_all(text: bytes | str, html: bool | None = None,
             base_url: str | None = None) -> list[Clipping]:
    """Every clipping of a standalone document, in order (a saved collection, a digest): the
    document split at <hr> or thematic breaks and where quotes begin again after a footer, each
    part read as clip() reads a document. [] when it holds none. html and base_url as for clip().
    """
    body = _as_bytes(text, "text")
    kind = _CONTENT_DETECT if html is None else (_CONTENT_HTML if html else _CONTENT_TEXT)
    handle = ClippingListP()
    lib.clipfeed_clip_all(byref(handle), body, len(body), kind, encode(base_url))
    try:
        return [read_clipping(lib.clipfeed_clipping_list_at(handle, i))
                for i in range(lib.clipfeed_clipping_list_count(handle))]
    finally:
        lib.clipfeed_clipping_list_free(handle)

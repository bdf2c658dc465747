"""clipfeed: parse RSS, Atom and JSON feeds into one model and find the clippings (quoted passages,
summary, tags, source, read time) in their items; fetch feeds and poll them.

A ctypes binding of libclipfeed's C API (no compiler needed). The library is found through the
CLIPFEED_LIBRARY environment variable (a path), else the checkout's build/libclipfeed.so.1 when
this package runs from a clipfeed checkout, else the system's library search.

    import clipfeed
    feed = clipfeed.parse(open("feed.xml", "rb").read())
    for item in feed.items:
        print(item.title, item.clipping.quotes if item.clipping else None)
"""
from ._native import Error, ErrorCode, LibraryError
from ._native import lib as _lib
from .fetch import Fetcher, Response, fetch
from .model import Clipping, Enclosure, Feed, Item, Person, Quote
from .parse import clip, clip_all, parse, parse_file

# The poller is imported when first named (clipfeed.Poller, from clipfeed import ItemStream,
# ...): a script that parses or fetches does not pay for it (logging, its dataclasses).
_LAZY = {
    "ErrorEvent": "poller", "GoneEvent": "poller", "ItemEvent": "poller", "ItemStream": "poller",
    "MovedEvent": "poller", "Poller": "poller", "Subscription": "poller",
}


def __getattr__(name):
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'clipfeed' has no attribute {name!r}")
    import importlib
    value = getattr(importlib.import_module("." + module, __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))

__version__ = "0.1.0"

# The error codes as module constants: clipfeed.ECONNECT == 7.
globals().update({code.name: code for code in ErrorCode})

#: The path of the loaded libclipfeed.
library_path: str = _lib.path


def library_version() -> str:
    """The loaded libclipfeed's version, "MAJOR.MINOR.PATCH"."""
    return _lib.clipfeed_version().decode("ascii")


def release_memory() -> int:
    """Gives back to the system the memory libclipfeed keeps for the next feed once feeds are
    freed (after a big feed, up to 256 MiB it would otherwise unmap 10 s later); returns how many
    bytes it gave back."""
    return _lib.clipfeed_memory_release()


__all__ = [
    "Clipping", "Enclosure", "Error", "ErrorCode", "ErrorEvent", "Feed", "Fetcher", "GoneEvent", "Item",
    "ItemEvent", "ItemStream", "LibraryError", "MovedEvent", "Person", "Poller", "Quote", "Response",
    "Subscription", "clip", "clip_all", "fetch", "library_path", "library_version", "parse", "parse_file",
    "release_memory",
]
__all__ += [code.name for code in ErrorCode]

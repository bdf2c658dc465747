"""Copies C handles (feed, item, person, enclosure, clipping) into the model's Python objects.

The Python objects hold copies and never point into the library. read_feed() and read_item() read
everything while the handle is alive; parse()'s items (read_feed_lazily, below) read each field on
first access and keep the C feed alive until the last of them goes.
"""
from __future__ import annotations

from collections.abc import Callable
from ctypes import POINTER, byref, c_int, c_int64, sizeof
from dataclasses import fields
from datetime import datetime, timedelta, timezone

from ._native import ErrorCode, ItemColumns, LibraryError, decode, lib
from .model import Clipping, Enclosure, Feed, Item, Person, Quote

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def utc_datetime(seconds: int) -> datetime | None:
    """Unix seconds as an aware datetime in UTC; None when Python's datetime cannot hold the year."""
    try:
        return _EPOCH + timedelta(seconds=seconds)
    except OverflowError:
        return None


def optional_int(getter: Callable, handle) -> int | None:
    """Calls a getter of the form `int f(int64_t *out, handle)`; None for CLIPFEED_ENOTFOUND."""
    value = c_int64()
    code = getter(byref(value), handle)
    return value.value if code == ErrorCode.OK else None


def optional_date(getter: Callable, handle) -> datetime | None:
    seconds = optional_int(getter, handle)
    return None if seconds is None else utc_datetime(seconds)


def string_list(count: Callable, get: Callable, handle) -> list[str]:
    return [decode(get(handle, i)) for i in range(count(handle))]


def read_person(person) -> Person:
    return Person(name=decode(lib.clipfeed_person_name(person)),
                  email=decode(lib.clipfeed_person_email(person)),
                  uri=decode(lib.clipfeed_person_uri(person)))


def read_enclosure(enclosure) -> Enclosure:
    return Enclosure(url=decode(lib.clipfeed_enclosure_url(enclosure)),
                     type=decode(lib.clipfeed_enclosure_type(enclosure)),
                     length=optional_int(lib.clipfeed_enclosure_length, enclosure))


def read_clipping(clipping) -> Clipping | None:
    """The clipping behind a handle; None for a NULL handle (no clipping)."""
    if not clipping:
        return None
    minutes = c_int()
    has_minutes = lib.clipfeed_clipping_read_time(byref(minutes), clipping) == ErrorCode.OK
    return Clipping(
        quotes=[Quote(text=decode(lib.clipfeed_clipping_quote_text(clipping, i)),
                      label=decode(lib.clipfeed_clipping_quote_label(clipping, i)))
                for i in range(lib.clipfeed_clipping_quote_count(clipping))],
        summary=decode(lib.clipfeed_clipping_summary(clipping)),
        tags=string_list(lib.clipfeed_clipping_tag_count, lib.clipfeed_clipping_tag, clipping),
        source=decode(lib.clipfeed_clipping_source(clipping)),
        source_url=decode(lib.clipfeed_clipping_source_url(clipping)),
        read_time_minutes=minutes.value if has_minutes else None)


def read_item(item) -> Item:
    """Every field of an item at once (the fetcher's and the poller's items); the readers are
    _ITEM_READERS below, which parse()'s lazy items use one field at a time."""
    return Item(**{name: read(item) for name, read in _ITEM_READERS.items()})


def _feed_fields(feed) -> dict:
    """Every field of a Feed but its items, read from the C feed."""
    return dict(
        format=decode(lib.clipfeed_feed_format(feed)),
        version=decode(lib.clipfeed_feed_version(feed)),
        encoding=decode(lib.clipfeed_feed_encoding(feed)),
        title=decode(lib.clipfeed_feed_title(feed)),
        link=decode(lib.clipfeed_feed_link(feed)),
        feed_url=decode(lib.clipfeed_feed_feed_url(feed)),
        description=decode(lib.clipfeed_feed_description(feed)),
        language=decode(lib.clipfeed_feed_language(feed)),
        updated=optional_date(lib.clipfeed_feed_updated, feed),
        published=optional_date(lib.clipfeed_feed_published, feed),
        image=decode(lib.clipfeed_feed_image(feed)),
        rights=decode(lib.clipfeed_feed_rights(feed)),
        update_interval=optional_int(lib.clipfeed_feed_update_interval, feed),
        authors=[read_person(lib.clipfeed_feed_author(feed, i))
                 for i in range(lib.clipfeed_feed_author_count(feed))],
        categories=string_list(lib.clipfeed_feed_category_count, lib.clipfeed_feed_category, feed),
        warnings=string_list(lib.clipfeed_feed_warning_count, lib.clipfeed_feed_warning, feed),
        recovered=bool(lib.clipfeed_feed_recovered(feed)))


def read_feed(feed) -> Feed:
    return Feed(items=[read_item(lib.clipfeed_feed_item(feed, i)) for i in range(lib.clipfeed_feed_item_count(feed))],
                **_feed_fields(feed))


# How each Item field is read from a C item (clipfeed_item_* getters).
_ITEM_READERS = {
    "id": lambda h: decode(lib.clipfeed_item_id(h)),
    "title": lambda h: decode(lib.clipfeed_item_title(h)),
    "link": lambda h: decode(lib.clipfeed_item_link(h)),
    "published": lambda h: optional_date(lib.clipfeed_item_published, h),
    "updated": lambda h: optional_date(lib.clipfeed_item_updated, h),
    "authors": lambda h: [read_person(lib.clipfeed_item_author(h, i))
                          for i in range(lib.clipfeed_item_author_count(h))],
    "categories": lambda h: string_list(lib.clipfeed_item_category_count, lib.clipfeed_item_category, h),
    "summary": lambda h: decode(lib.clipfeed_item_summary(h)),
    "content": lambda h: decode(lib.clipfeed_item_content(h)),
    "rights": lambda h: decode(lib.clipfeed_item_rights(h)),
    "enclosures": lambda h: [read_enclosure(lib.clipfeed_item_enclosure(h, i))
                             for i in range(lib.clipfeed_item_enclosure_count(h))],
    "clipping": lambda h: read_clipping(lib.clipfeed_item_clipping(h)),
    "clippings": lambda h: [read_clipping(lib.clipfeed_item_clipping_at(h, i))
                            for i in range(lib.clipfeed_item_clipping_count(h))],
    "estimated_reading_minutes": lambda h: lib.clipfeed_item_estimated_reading_minutes(h),
    "summary_type": lambda h: decode(lib.clipfeed_item_summary_type(h)),
    "content_type": lambda h: decode(lib.clipfeed_item_content_type(h)),
}


# ---- Lazy items, for clipfeed.parse and clipfeed.parse_file --------------------------------------
#
# Reading every field of every item eagerly costs about 30 ctypes calls per item, which made a
# Python user's parse several times slower than the library's. Parsed feeds' items are instead
# _LazyItem objects: an Item whose fields are read on first access (and then kept), so a reader
# that looks at titles and clippings pays only for those. The C feed stays alive, held by a
# _FeedOwner, as long as any of its items does, and is freed with the last of them.
# Everything else about an Item holds: its fields (dataclasses.fields, asdict, replace), equality
# with a plain Item, its repr, assignment, and pickling (as a plain Item).
#
# Titles and clippings, what nearly every reader reads, come from the feed's item columns
# (clipfeed_feed_item_columns: one foreign call per feed, then plain array reads), not from a
# dozen getter calls per item; _Columns holds them. The other fields use the per-item getters.


class _Columns:
    """A feed's clipfeed_item_columns, read into Python lists on first use: the titles on the first
    title read, every clipping's values (decoded in bulk, the cheapest way in Python) on the first
    clipping read. Each item's Clipping objects are made when its field is read."""

    __slots__ = ("_c", "_titles", "_clippings")

    def __init__(self, feed):
        pointer = POINTER(ItemColumns)()
        lib.clipfeed_feed_item_columns(byref(pointer), feed)
        self._c = pointer.contents  # lives as long as the feed, which the _FeedOwner keeps
        if self._c.struct_size < sizeof(ItemColumns):  # members are only appended: never smaller
            raise LibraryError(f"{lib.path!r} fills a clipfeed_item_columns of {self._c.struct_size} bytes, "
                               f"fewer than the {sizeof(ItemColumns)} of this binding's clipfeed.h")
        self._titles = None
        self._clippings = None

    def title(self, index: int) -> str | None:
        titles = self._titles
        if titles is None:
            c = self._c
            titles = self._titles = _strings(c.titles, c.item_count)
        return titles[index]

    def _clipping_table(self) -> tuple:
        table = self._clippings
        if table is None:
            c = self._c
            n, k, q = c.item_count, c.clipping_count, c.quote_count
            table = self._clippings = (
                _column(c.clipping_starts, n + 1), _column(c.quote_starts, k + 1), _column(c.tag_starts, k + 1),
                _strings(c.quote_texts, q), _strings(c.quote_labels, q), _strings(c.summaries, k),
                _strings(c.tags, c.tag_count), _strings(c.sources, k), _strings(c.source_urls, k),
                [None if m < 0 else m for m in _column(c.read_times, k)])
        return table

    def clipping(self, index: int) -> Clipping | None:
        """The item's first clipping (clipfeed_item_clipping), None when it has none."""
        table = self._clipping_table()
        first = table[0][index]
        return _clipping_at(table, first) if first < table[0][index + 1] else None

    def clippings(self, index: int) -> list[Clipping]:
        table = self._clipping_table()
        return [_clipping_at(table, k) for k in range(table[0][index], table[0][index + 1])]


def _column(array, count: int) -> list:
    """The first `count` entries of a C array as a list."""
    return array[0:count] if count else []


def _strings(array, count: int) -> list[str | None]:
    """The first `count` strings of a C array of const char * (NULL: None), decoded. One at a time,
    not from a slice: each bytes copy is freed before the next is made, so the copies reuse one
    block of memory instead of touching as many fresh pages as the strings themselves (in a fresh
    process, page faults cost more than the copying)."""
    strings = []
    add = strings.append
    for i in range(count):
        b = array[i]
        add(None if b is None else b.decode("utf-8", "replace"))
    return strings


def _clipping_at(table: tuple, k: int) -> Clipping:
    """The k-th clipping of the feed, as new objects (an item's clipping and clippings[0] are equal,
    not shared)."""
    _, quote_starts, tag_starts, texts, labels, summaries, tags, sources, source_urls, minutes = table
    q0, q1, t0, t1 = quote_starts[k], quote_starts[k + 1], tag_starts[k], tag_starts[k + 1]
    return Clipping(list(map(Quote, texts[q0:q1], labels[q0:q1])), summaries[k], tags[t0:t1], sources[k],
                    source_urls[k], minutes[k])


class _FeedOwner:
    """Owns a parsed feed's C handle; frees it when no lazy item needs it any more."""

    __slots__ = ("handle", "free", "_columns")

    def __init__(self, handle):
        self.handle = handle
        self.free = lib.clipfeed_feed_free  # kept: at interpreter exit the module may be gone first
        self._columns = None

    def columns(self) -> _Columns:
        columns = self._columns
        if columns is None:
            columns = self._columns = _Columns(self.handle)
        return columns

    def __del__(self):
        self.free(self.handle)


def _from_item_handle(read: Callable) -> Callable:
    """A lazy reader that reads the field through the per-item getters (_ITEM_READERS)."""
    return lambda item: read(item._item_handle())


# How a lazy item reads each field: `read(item)`.
_LAZY_READERS = {name: _from_item_handle(read) for name, read in _ITEM_READERS.items()}
_LAZY_READERS.update(
    title=lambda item: item._owner.columns().title(item._index),
    clipping=lambda item: item._owner.columns().clipping(item._index),
    clippings=lambda item: item._owner.columns().clippings(item._index))

_UNREAD = object()


class _LazyItem(Item):
    """An Item read from its feed on first access of each field (see above)."""

    __slots__ = ()

    def __init__(self, *args, **kwargs):  # as dataclasses.replace() calls it: a plain, whole item
        self.__dict__.update(_values={}, _owner=None, _index=-1, _handle=None)
        Item.__init__(self, *args, **kwargs)

    @classmethod
    def _of(cls, owner, index):
        item = object.__new__(cls)
        item.__dict__.update(_values={}, _owner=owner, _index=index, _handle=None)
        return item

    def _item_handle(self):
        handle = self._handle
        if handle is None:
            handle = lib.clipfeed_feed_item(self._owner.handle, self._index)
            self.__dict__["_handle"] = handle
        return handle

    def _plain(self) -> Item:
        return Item(**{f.name: getattr(self, f.name) for f in fields(Item)})

    def __eq__(self, other):
        if isinstance(other, Item):
            return all(getattr(self, f.name) == getattr(other, f.name) for f in fields(Item))
        return NotImplemented

    __hash__ = None

    def __repr__(self):
        return repr(self._plain())

    def __reduce__(self):
        return self._plain().__reduce__()


def _lazy_field(name, read):
    def get(self):
        values = self._values
        value = values.get(name, _UNREAD)
        if value is _UNREAD:
            value = values[name] = read(self)
        return value

    def set(self, value):
        self._values[name] = value

    return property(get, set)


for _name, _read in _LAZY_READERS.items():
    setattr(_LazyItem, _name, _lazy_field(_name, _read))
assert set(_LAZY_READERS) == {f.name for f in fields(Item)}, "every Item field needs a reader"


def read_feed_lazily(feed) -> Feed:
    """read_feed() with lazy items; takes over the handle, which the items keep alive."""
    owner = _FeedOwner(feed)
    of = _LazyItem._of
    return Feed(items=[of(owner, i) for i in range(lib.clipfeed_feed_item_count(feed))], **_feed_fields(feed))

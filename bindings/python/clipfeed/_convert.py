"""Copies C handles (feed, item, person, enclosure, clipping) into the model's Python objects.

Everything is read eagerly while the handle is alive, so the objects never point into the library.
"""
from __future__ import annotations

from ctypes import byref, c_int, c_int64
from datetime import datetime, timedelta, timezone
from typing import Callable, List, Optional

from ._native import ErrorCode, decode, lib
from .model import Clipping, Enclosure, Feed, Item, Person, Quote

_EPOCH = datetime(1970, 1, 1, tzinfo=timezone.utc)


def utc_datetime(seconds: int) -> Optional[datetime]:
    """Unix seconds as an aware datetime in UTC; None when Python's datetime cannot hold the year."""
    try:
        return _EPOCH + timedelta(seconds=seconds)
    except OverflowError:
        return None


def optional_int(getter: Callable, handle) -> Optional[int]:
    """Calls a getter of the form `int f(int64_t *out, handle)`; None for CLIPFEED_ENOTFOUND."""
    value = c_int64()
    code = getter(byref(value), handle)
    return value.value if code == ErrorCode.OK else None


def optional_date(getter: Callable, handle) -> Optional[datetime]:
    seconds = optional_int(getter, handle)
    return None if seconds is None else utc_datetime(seconds)


def string_list(count: Callable, get: Callable, handle) -> List[str]:
    return [decode(get(handle, i)) for i in range(count(handle))]


def read_person(person) -> Person:
    return Person(name=decode(lib.clipfeed_person_name(person)),
                  email=decode(lib.clipfeed_person_email(person)),
                  uri=decode(lib.clipfeed_person_uri(person)))


def read_enclosure(enclosure) -> Enclosure:
    return Enclosure(url=decode(lib.clipfeed_enclosure_url(enclosure)),
                     type=decode(lib.clipfeed_enclosure_type(enclosure)),
                     length=optional_int(lib.clipfeed_enclosure_length, enclosure))


def read_clipping(clipping) -> Optional[Clipping]:
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
    return Item(
        id=decode(lib.clipfeed_item_id(item)),
        title=decode(lib.clipfeed_item_title(item)),
        link=decode(lib.clipfeed_item_link(item)),
        published=optional_date(lib.clipfeed_item_published, item),
        updated=optional_date(lib.clipfeed_item_updated, item),
        authors=[read_person(lib.clipfeed_item_author(item, i))
                 for i in range(lib.clipfeed_item_author_count(item))],
        categories=string_list(lib.clipfeed_item_category_count, lib.clipfeed_item_category, item),
        summary=decode(lib.clipfeed_item_summary(item)),
        content=decode(lib.clipfeed_item_content(item)),
        rights=decode(lib.clipfeed_item_rights(item)),
        enclosures=[read_enclosure(lib.clipfeed_item_enclosure(item, i))
                    for i in range(lib.clipfeed_item_enclosure_count(item))],
        clipping=read_clipping(lib.clipfeed_item_clipping(item)),
        summary_type=decode(lib.clipfeed_item_summary_type(item)),
        content_type=decode(lib.clipfeed_item_content_type(item)))


def read_feed(feed) -> Feed:
    return Feed(
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
        items=[read_item(lib.clipfeed_feed_item(feed, i)) for i in range(lib.clipfeed_feed_item_count(feed))],
        warnings=string_list(lib.clipfeed_feed_warning_count, lib.clipfeed_feed_warning, feed),
        recovered=bool(lib.clipfeed_feed_recovered(feed)))

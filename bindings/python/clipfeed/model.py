"""The feed model as plain Python objects, with the field names of spec/feed-json.md and
spec/clipping.md. They hold copies, except that the items of clipfeed.parse() and parse_file()
read each field from the parsed feed on first access, and keep that feed alive until they go.

Dates are timezone-aware datetimes in UTC; absent values are None, absent lists are [].
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass
class Person:
    """An author: RSS author / dc:creator / managingEditor, Atom author, JSON Feed author."""

    name: str | None = None
    email: str | None = None
    uri: str | None = None


@dataclass
class Enclosure:
    """An RSS enclosure or Atom link rel="enclosure"; length is the declared size in bytes."""

    url: str
    type: str | None = None
    length: int | None = None


@dataclass
class Quote:
    """A quoted passage; label is its lead-in ("Between the lines"), also kept at the start of text."""

    text: str
    label: str | None = None


@dataclass
class Clipping:
    """A saved news excerpt (spec/clipping.md)."""

    quotes: list[Quote] = field(default_factory=list)
    summary: str | None = None
    tags: list[str] = field(default_factory=list)
    source: str | None = None
    source_url: str | None = None
    read_time_minutes: int | None = None


@dataclass
class Item:
    """One entry of a feed. summary_type and content_type ("text", "html" or "xhtml") say how to
    read summary and content; they are not in the feed JSON."""

    id: str | None = None
    title: str | None = None
    link: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    authors: list[Person] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    summary: str | None = None
    content: str | None = None
    rights: str | None = None
    enclosures: list[Enclosure] = field(default_factory=list)
    clipping: Clipping | None = None
    #: every clipping of the item, in order; the first is `clipping` (spec/clipping.md version 2)
    clippings: list[Clipping] = field(default_factory=list)
    #: minutes to read the item's content (else summary): 265 words a minute, CJK 500 characters; >= 1
    estimated_reading_minutes: int = 1
    summary_type: str | None = None
    content_type: str | None = None


@dataclass
class Feed:
    """A parsed document. recovered is true when the bytes were not a well-formed, correctly
    declared feed (feedparser's bozo); warnings say what was wrong. A document that is no feed at
    all has format None and no items."""

    format: str | None = None
    version: str | None = None
    encoding: str | None = None
    title: str | None = None
    link: str | None = None
    feed_url: str | None = None
    description: str | None = None
    language: str | None = None
    updated: datetime | None = None
    published: datetime | None = None
    image: str | None = None
    rights: str | None = None
    authors: list[Person] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)
    items: list[Item] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    recovered: bool = False
    # Seconds the feed asks readers to wait between polls: its RSS <ttl>, else
    # sy:updatePeriod / sy:updateFrequency; None when it names none. (Last, so
    # that positional construction of a Feed keeps its meaning.)
    update_interval: int | None = None

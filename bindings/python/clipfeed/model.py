"""The feed model as plain Python objects, with the field names of spec/feed-json.md and
spec/clipping.md. They hold copies, except that the items of clipfeed.parse() and parse_file()
read each field from the parsed feed on first access, and keep that feed alive until they go.

Dates are timezone-aware datetimes in UTC; absent values are None, absent lists are [].
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import List, Optional


@dataclass
class Person:
    """An author: RSS author / dc:creator / managingEditor, Atom author, JSON Feed author."""

    name: Optional[str] = None
    email: Optional[str] = None
    uri: Optional[str] = None


@dataclass
class Enclosure:
    """An RSS enclosure or Atom link rel="enclosure"; length is the declared size in bytes."""

    url: str
    type: Optional[str] = None
    length: Optional[int] = None


@dataclass
class Quote:
    """A quoted passage; label is its lead-in ("Between the lines"), also kept at the start of text."""

    text: str
    label: Optional[str] = None


@dataclass
class Clipping:
    """A saved news excerpt (spec/clipping.md)."""

    quotes: List[Quote] = field(default_factory=list)
    summary: Optional[str] = None
    tags: List[str] = field(default_factory=list)
    source: Optional[str] = None
    source_url: Optional[str] = None
    read_time_minutes: Optional[int] = None


@dataclass
class Item:
    """One entry of a feed. summary_type and content_type ("text", "html" or "xhtml") say how to
    read summary and content; they are not in the feed JSON."""

    id: Optional[str] = None
    title: Optional[str] = None
    link: Optional[str] = None
    published: Optional[datetime] = None
    updated: Optional[datetime] = None
    authors: List[Person] = field(default_factory=list)
    categories: List[str] = field(default_factory=list)
    summary: Optional[str] = None
    content: Optional[str] = None
    rights: Optional[str] = None
    enclosures: List[Enclosure] = field(default_factory=list)
    clipping: Optional[Clipping] = None
    #: every clipping of the item, in order; the first is `clipping` (spec/clipping.md version 2)
    clippings: List[Clipping] = field(default_factory=list)
    #: minutes to read the item's content (else summary): 265 words a minute, CJK 500 characters; >= 1
    estimated_reading_minutes: int = 1
    summary_type: Optional[str] = None
    content_type: Optional[str] = None


@dataclass
class Feed:
    """A parsed document. recovered is true when the bytes were not a well-formed, correctly
    declared feed (feedparser's bozo); warnings say what was wrong. A document that is no feed at
    all has format None and no items."""

    format: Optional[str] = None
    version: Optional[str] = None
    encoding: Optional[str] = None
    title: Optional[str] = None
    link: Optional[str] = None
    feed_url: Optional[str] = None
    description: Optional[str] = None
    language: Optional[str] = None
    updated: Optional[datetime] = None
    published: Optional[datetime] = None
    image: Optional[str] = None
    rights: Optional[str] = None
    authors: List[Person] = field(default_factory=list)
    categories: List[str] = field(default_factory=list)
    items: List[Item] = field(default_factory=list)
    warnings: List[str] = field(default_factory=list)
    recovered: bool = False
    # Seconds the feed asks readers to wait between polls: its RSS <ttl>, else
    # sy:updatePeriod / sy:updateFrequency; None when it names none. (Last, so
    # that positional construction of a Feed keeps its meaning.)
    update_interval: Optional[int] = None

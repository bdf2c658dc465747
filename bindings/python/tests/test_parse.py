"""clipfeed.parse and parse_file: RSS, Atom and JSON Feed into plain Python objects."""
import ctypes
import dataclasses
import gc
import json
from datetime import datetime, timezone
from pathlib import Path

import pytest

import clipfeed
from clipfeed import _native

RSS = b"""<?xml version="1.0" encoding="utf-8"?>
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
<channel>
  <title>River News</title>
  <link>https://river.example/</link>
  <atom:link rel="self" href="https://river.example/feed.xml"/>
  <description>News from the river</description>
  <language>en-gb</language>
  <copyright>Copyright 2026 River News</copyright>
  <managingEditor>editor@river.example (Edda Tor)</managingEditor>
  <lastBuildDate>Tue, 03 Feb 2026 10:00:00 +0200</lastBuildDate>
  <pubDate>Mon, 02 Feb 2026 09:00:00 GMT</pubDate>
  <image><url>https://river.example/logo.png</url><title>River News</title><link>https://river.example/</link></image>
  <category>local</category>
  <item>
    <title>Bridge reopens</title>
    <link>https://river.example/bridge</link>
    <guid>https://river.example/p/1</guid>
    <pubDate>Tue, 03 Feb 2026 08:30:00 GMT</pubDate>
    <author>reporter@river.example (Ria Porter)</author>
    <category>traffic</category>
    <category>bridges</category>
    <description>The old bridge is open again.</description>
    <content:encoded><![CDATA[<p>The <b>old</b> bridge is open again.</p>]]></content:encoded>
    <enclosure url="https://river.example/bridge.mp3" type="audio/mpeg" length="12345"/>
  </item>
  <item>
    <title>Ferry timetable</title>
    <guid isPermaLink="false">ferry-2026</guid>
    <pubDate>not a date at all</pubDate>
  </item>
</channel>
</rss>
"""

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="de">
  <title>Bergblick</title>
  <subtitle>Notizen aus den Bergen</subtitle>
  <link rel="alternate" href="https://berg.example/"/>
  <link rel="self" href="https://berg.example/atom.xml"/>
  <id>urn:uuid:60a76c80-d399-11d9-b93C-0003939e0af6</id>
  <updated>2026-01-05T12:00:00+01:00</updated>
  <rights>CC BY 4.0</rights>
  <logo>https://berg.example/logo.png</logo>
  <author><name>Grete Gipfel</name><email>grete@berg.example</email><uri>https://berg.example/grete</uri></author>
  <entry>
    <title type="text">Schnee &amp; Eis</title>
    <link href="/2026/schnee"/>
    <id>tag:berg.example,2026:1</id>
    <published>2026-01-04T08:00:00Z</published>
    <updated>2026-01-05T09:15:30Z</updated>
    <summary type="text">Viel Schnee.</summary>
    <content type="xhtml"><div xmlns="http://www.w3.org/1999/xhtml"><p>Viel <em>Schnee</em>.</p></div></content>
    <category term="wetter"/>
  </entry>
</feed>
"""

JSON_FEED = json.dumps({
    "version": "https://jsonfeed.org/version/1.1",
    "title": "Kitchen Notes",
    "home_page_url": "https://kitchen.example/",
    "feed_url": "https://kitchen.example/feed.json",
    "language": "fr",
    "authors": [{"name": "Chef Camille", "url": "https://kitchen.example/camille"}],
    "items": [{
        "id": "soup-1",
        "url": "https://kitchen.example/soup",
        "title": "Onion soup",
        "content_html": "<p>Slowly caramelised.</p>",
        "summary": "A winter classic",
        "date_published": "2026-01-10T18:00:00-05:00",
        "tags": ["soup", "winter"],
        "attachments": [{"url": "https://kitchen.example/soup.jpg", "mime_type": "image/jpeg"}],
    }],
})


def utc(*args):
    return datetime(*args, tzinfo=timezone.utc)


def test_rss_fields_are_copied_into_the_feed_and_its_items():
    feed = clipfeed.parse(RSS)
    assert (feed.format, feed.version, feed.encoding) == ("rss", "rss20", "utf-8")
    assert feed.title == "River News"
    assert feed.link == "https://river.example/"
    assert feed.feed_url == "https://river.example/feed.xml"
    assert feed.description == "News from the river"
    assert feed.language == "en-gb"
    assert feed.rights == "Copyright 2026 River News"
    assert feed.image == "https://river.example/logo.png"
    assert feed.categories == ["local"]
    assert feed.authors == [clipfeed.Person(name="Edda Tor", email="editor@river.example")]
    assert feed.updated == utc(2026, 2, 3, 8, 0, 0)
    assert feed.published == utc(2026, 2, 2, 9, 0, 0)
    assert len(feed.items) == 2

    bridge = feed.items[0]
    assert bridge.id == "https://river.example/p/1"
    assert bridge.title == "Bridge reopens"
    assert bridge.link == "https://river.example/bridge"
    assert bridge.published == utc(2026, 2, 3, 8, 30)
    assert bridge.updated is None
    assert bridge.authors == [clipfeed.Person(name="Ria Porter", email="reporter@river.example")]
    assert bridge.categories == ["traffic", "bridges"]
    assert bridge.summary == "The old bridge is open again."
    assert bridge.content == "<p>The <b>old</b> bridge is open again.</p>"
    assert bridge.content_type == "html"
    assert bridge.enclosures == [clipfeed.Enclosure("https://river.example/bridge.mp3", "audio/mpeg", 12345)]
    assert bridge.clipping is None


def test_dates_are_aware_utc_datetimes_and_a_bad_date_is_none_with_a_warning():
    feed = clipfeed.parse(RSS)
    assert feed.updated.tzinfo == timezone.utc
    ferry = feed.items[1]
    assert ferry.published is None
    assert any("date" in w for w in feed.warnings)
    assert not feed.recovered  # a bad date is a field problem, not a broken document


@pytest.mark.parametrize("channel, seconds", [
    ("<ttl>30</ttl>", 30 * 60),
    ("<ttl>90</ttl><sy:updatePeriod>daily</sy:updatePeriod>", 90 * 60),  # ttl wins
    ("<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency>", 6 * 3600),
    ("<sy:updatePeriod>hourly</sy:updatePeriod>", 3600),
    ("<title>no schedule</title>", None),
])
def test_update_interval_is_the_feeds_ttl_else_its_syndication_schedule_in_seconds(channel, seconds):
    document = ('<rss version="2.0" xmlns:sy="http://purl.org/rss/1.0/modules/syndication/"><channel>'
                f"{channel}<item><title>a</title></item></channel></rss>")
    assert clipfeed.parse(document).update_interval == seconds


def test_atom_fields_people_text_kinds_and_relative_links():
    feed = clipfeed.parse(ATOM)
    assert (feed.format, feed.version) == ("atom", "atom10")
    assert feed.title == "Bergblick"
    assert feed.description == "Notizen aus den Bergen"
    assert feed.link == "https://berg.example/"
    assert feed.feed_url == "https://berg.example/atom.xml"
    assert feed.language == "de"
    assert feed.rights == "CC BY 4.0"
    assert feed.image == "https://berg.example/logo.png"
    assert feed.updated == utc(2026, 1, 5, 11, 0, 0)
    grete = clipfeed.Person("Grete Gipfel", "grete@berg.example", "https://berg.example/grete")
    assert feed.authors == [grete]

    entry = feed.items[0]
    assert entry.title == "Schnee & Eis"
    assert entry.link == "https://berg.example/2026/schnee"
    assert entry.id == "tag:berg.example,2026:1"
    assert entry.published == utc(2026, 1, 4, 8, 0, 0)
    assert entry.updated == utc(2026, 1, 5, 9, 15, 30)
    assert (entry.summary, entry.summary_type) == ("Viel Schnee.", "text")
    assert entry.content_type == "xhtml"
    assert "<em>Schnee</em>" in entry.content
    assert entry.categories == ["wetter"]


def test_json_feed_fields():
    feed = clipfeed.parse(JSON_FEED)
    assert (feed.format, feed.version) == ("json", "json11")
    assert feed.title == "Kitchen Notes"
    assert feed.link == "https://kitchen.example/"
    assert feed.feed_url == "https://kitchen.example/feed.json"
    assert feed.language == "fr"
    assert feed.authors == [clipfeed.Person(name="Chef Camille", uri="https://kitchen.example/camille")]
    soup = feed.items[0]
    assert (soup.id, soup.title, soup.link) == ("soup-1", "Onion soup", "https://kitchen.example/soup")
    assert soup.published == utc(2026, 1, 10, 23, 0, 0)
    assert soup.categories == ["soup", "winter"]
    assert soup.summary == "A winter classic"
    assert soup.content == "<p>Slowly caramelised.</p>"
    assert soup.enclosures == [clipfeed.Enclosure("https://kitchen.example/soup.jpg", "image/jpeg", None)]


def test_broken_xml_is_recovered_with_warnings():
    broken = b"<?xml version='1.0'?><rss version='2.0'><channel><title>Half a feed</title>" \
             b"<item><title>Kept &nosuchentity; item</title></item><item><title>Unclosed"
    feed = clipfeed.parse(broken)
    assert feed.recovered is True
    assert feed.warnings
    assert feed.title == "Half a feed"
    assert feed.items[0].title.startswith("Kept")


def test_a_document_that_is_no_feed_has_no_format_and_no_items():
    feed = clipfeed.parse(b"just some words, no markup")
    assert feed.format is None
    assert feed.items == []
    assert feed.recovered is True


def test_a_str_is_read_as_the_text_it_is_even_when_its_declaration_names_another_encoding():
    assert clipfeed.parse(RSS.decode("utf-8")) == clipfeed.parse(RSS)
    stale = '<?xml version="1.0" encoding="iso-8859-1"?><rss version="2.0"><channel><title>Café Müller</title>' \
            '</channel></rss>'
    feed = clipfeed.parse(stale)
    assert feed.title == "Café Müller"
    assert feed.recovered and feed.warnings  # the declaration was wrong about the text
    # The same document as the bytes it declares reads cleanly.
    clean = clipfeed.parse(stale.encode("iso-8859-1"))
    assert (clean.title, clean.encoding, clean.recovered) == ("Café Müller", "iso-8859-1", False)


def test_options_url_content_type_language_sanitize_and_clippings():
    doc = b"""<rss version="2.0"><channel><title>t</title><item><title>i</title><link>/a/b</link>
        <description><![CDATA[<p onclick="x()">Hi<script>alert(1)</script></p>]]></description></item>
        </channel></rss>"""
    feed = clipfeed.parse(doc, url="https://base.example/feeds/rss", content_language="nl")
    assert feed.items[0].link == "https://base.example/a/b"
    assert feed.language == "nl"
    assert "script" not in feed.items[0].summary and "onclick" not in feed.items[0].summary
    raw = clipfeed.parse(doc, sanitize=False)
    assert "<script>" in raw.items[0].summary

    latin1 = '<rss version="2.0"><channel><title>Café</title></channel></rss>'.encode("iso-8859-1")
    assert clipfeed.parse(latin1, content_type="application/rss+xml; charset=iso-8859-1").title == "Café"


def test_clippings_can_be_turned_off():
    doc = open(_example_path(), "rb").read()
    assert clipfeed.parse(doc).items[0].clipping is not None
    assert clipfeed.parse(doc, clippings=False).items[0].clipping is None


def test_parse_file_reads_a_path_or_pathlike(tmp_path):
    path = tmp_path / "feed.xml"
    path.write_bytes(RSS)
    assert clipfeed.parse_file(path) == clipfeed.parse(RSS)
    assert clipfeed.parse_file(str(path)).title == "River News"


def test_data_must_be_bytes_or_str():
    with pytest.raises(TypeError, match="bytes or str"):
        clipfeed.parse(42)
    assert clipfeed.parse(bytearray(RSS)).title == "River News"


def _example_path():
    from pathlib import Path
    return Path(__file__).resolve().parents[3] / "examples" / "clippings.xml"


def _as_feed_json(value):
    """A model object as the library's feed JSON shapes it (dates as RFC 3339 UTC strings)."""
    if isinstance(value, datetime):
        return value.strftime("%Y-%m-%dT%H:%M:%SZ")
    if isinstance(value, list):
        return [_as_feed_json(v) for v in value]
    if dataclasses.is_dataclass(value):
        fields = {f.name: _as_feed_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
        if isinstance(value, clipfeed.Item):  # extras of the binding, not in the JSON
            del fields["summary_type"], fields["content_type"]
        if isinstance(value, clipfeed.Feed):
            del fields["update_interval"]
        return fields
    return value


@pytest.mark.parametrize("document", [RSS, ATOM.encode(), JSON_FEED.encode(), "example"])
def test_every_field_equals_the_libraries_own_json(document):
    if document == "example":
        document = _example_path().read_bytes()
    handle = _native.FeedP()
    _native.lib.clipfeed_feed_parse_with_options(_native.ctypes.byref(handle), document, len(document), None)
    try:
        text = _native.ctypes.c_void_p()
        _native.lib.clipfeed_feed_to_json(_native.ctypes.byref(text), handle, 0)
        expected = json.loads(_native.take_string(text))
    finally:
        _native.lib.clipfeed_feed_free(handle)
    assert _as_feed_json(clipfeed.parse(document)) == expected


def _leaves(value):
    if dataclasses.is_dataclass(value):
        for f in dataclasses.fields(value):
            yield from _leaves(getattr(value, f.name))
    elif isinstance(value, list):
        for v in value:
            yield from _leaves(v)
    else:
        yield value


def test_parsed_objects_are_plain_copies_that_outlive_the_library_handles():
    feed = clipfeed.parse(_example_path().read_bytes())
    snapshot = dataclasses.asdict(feed)
    # The handle is freed; churn the allocator so reused memory would show up in stale pointers.
    for _ in range(50):
        clipfeed.parse(RSS)
    gc.collect()
    assert dataclasses.asdict(feed) == snapshot
    assert all(v is None or isinstance(v, (str, int, bool, datetime)) for v in _leaves(feed))
    assert feed.items[0].clipping.quotes[1].label == "Why it matters"


def test_items_read_lazily_behave_as_plain_items():
    from clipfeed import _convert
    feed = clipfeed.parse(RSS)
    eager = _convert.read_feed  # the eager reader, for the same document
    handle = _native.FeedP()
    _native.lib.clipfeed_feed_parse_with_options(ctypes.byref(handle), RSS, len(RSS), None)
    try:
        plain = eager(handle)
    finally:
        _native.lib.clipfeed_feed_free(handle)
    assert type(plain.items[0]) is clipfeed.Item
    assert isinstance(feed.items[0], clipfeed.Item)
    # Equal both ways, field by field, with the same repr and the same dict.
    assert feed.items == plain.items and plain.items == feed.items
    assert repr(feed.items[0]) == repr(plain.items[0]) and repr(feed.items[0]).startswith("Item(")
    assert dataclasses.asdict(feed) == dataclasses.asdict(plain)
    # Pickled and copied as a plain Item; replace() and assignment work.
    import copy
    import pickle
    restored = pickle.loads(pickle.dumps(feed.items[0]))
    assert type(restored) is clipfeed.Item and restored == plain.items[0]
    assert copy.deepcopy(feed.items[0]) == plain.items[0]
    renamed = dataclasses.replace(feed.items[0], title="Renamed")
    assert renamed.title == "Renamed" and renamed.link == plain.items[0].link
    feed.items[1].title = "Changed"
    assert feed.items[1].title == "Changed" and feed.items[1] != plain.items[1]


def test_lazy_items_outlive_their_feed_object():
    items = clipfeed.parse(RSS).items  # the Feed object goes at once
    for _ in range(50):
        clipfeed.parse(RSS)
    gc.collect()
    assert items[0].title == "Bridge reopens"
    assert items[0].link == "https://river.example/bridge"


def test_lazy_items_read_a_field_on_first_access_and_free_the_feed_once(monkeypatch):
    from clipfeed import _convert
    freed = []
    original = _convert._FeedOwner.__del__

    def counting_del(owner):
        freed.append(1)
        original(owner)

    monkeypatch.setattr(_convert._FeedOwner, "__del__", counting_del)
    items = clipfeed.parse(RSS).items
    assert items[0]._values == {}  # nothing read from the C item yet
    assert items[0].title == "Bridge reopens"
    assert set(items[0]._values) == {"title"}  # only what was asked for
    gc.collect()
    assert freed == []  # the items keep the C feed alive
    del items
    gc.collect()
    assert len(freed) == 1  # freed once, with the last item


# The project's feeds with clippings (several per item in the collections), for the bulk read.
_FIXTURES = Path(__file__).resolve().parents[3] / "tests" / "fixtures"
_CLIPPING_FEEDS = ["capi/clippings.rss", "readers/clippings.rss", "readers/clippings.atom", "readers/shapes.rss",
                   "readers/broken.rss", "readers/elfeed/harbour.rss", "feeds/rss-markdown-collections.xml",
                   "feeds/atom-markdown-clippings.xml", "rss_writer/mixed.atom"]


@pytest.mark.parametrize("name", _CLIPPING_FEEDS)
def test_titles_and_clippings_from_the_item_columns_equal_the_per_field_getters(name):
    from clipfeed import _convert
    document = (_FIXTURES / name).read_bytes()
    feed = clipfeed.parse(document)  # titles and clippings from clipfeed_feed_item_columns
    handle = _native.FeedP()
    _native.lib.clipfeed_feed_parse_with_options(ctypes.byref(handle), document, len(document), None)
    try:
        items = [_native.lib.clipfeed_feed_item(handle, i) for i in range(_native.lib.clipfeed_feed_item_count(handle))]
        per_field = [(_convert._ITEM_READERS["title"](h), _convert._ITEM_READERS["clipping"](h),
                      _convert._ITEM_READERS["clippings"](h)) for h in items]
    finally:
        _native.lib.clipfeed_feed_free(handle)
    bulk = [(item.title, item.clipping, item.clippings) for item in feed.items]
    assert bulk == per_field
    assert any(clipping is not None for _, clipping, _ in bulk)  # the fixture has clippings to compare
    for title, clipping, clippings in bulk:
        assert title is None or type(title) is str
        if clipping is not None:  # equal to the first of clippings, but its own objects
            assert clipping == clippings[0] and clipping is not clippings[0]
            assert clipping.quotes[0] is not clippings[0].quotes[0]
    # Read in another order (clippings before titles, last item first): the same values.
    again = clipfeed.parse(document)
    assert [(item.clippings, item.clipping, item.title) for item in reversed(again.items)] == \
        [(c, one, t) for t, one, c in reversed(bulk)]


def test_the_item_columns_are_one_struct_per_feed_and_read_once(monkeypatch):
    from clipfeed import _convert
    calls = []
    original = _convert._Columns.__init__

    def counting_init(columns, handle):
        calls.append(handle)
        original(columns, handle)

    monkeypatch.setattr(_convert._Columns, "__init__", counting_init)
    feed = clipfeed.parse((_FIXTURES / "feeds/rss-markdown-collections.xml").read_bytes())
    assert calls == []  # nothing read before a title or clipping is asked for
    titles = [item.title for item in feed.items]
    clippings = [item.clippings for item in feed.items]
    assert len(calls) == 1 and all(titles) and sum(map(len, clippings)) > len(feed.items)
    assert feed.items[0]._values.keys() == {"title", "clippings"}  # the other fields still unread
    assert feed.items[0].link is not None and feed.items[0]._handle is not None  # read through the item

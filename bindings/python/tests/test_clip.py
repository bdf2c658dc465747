"""clipfeed.clip: the clipping of a standalone text or HTML document, or None."""
import pytest

import clipfeed

TEXT = """"The river rose two metres overnight, the highest level since 1998."
"Between the lines: The new flood wall held, but only just."
"Engineers will inspect it on Monday."
Residents along the embankment were told to stay alert.
#floods #river-level #flood_wall
Read at The Valley Courier
5 min read
Collection
[
|
]
"""

HTML = ('<blockquote>Rivers rise in spring.</blockquote><p>Spring floods are common here.</p>'
        '<p>#rivers #spring</p><p><a href="/story">Read at The Tribune</a></p><p>3 min read</p>')


def test_a_text_clipping_gives_quotes_labels_summary_tags_source_and_read_time():
    clipping = clipfeed.clip(TEXT)
    assert clipping == clipfeed.Clipping(
        quotes=[
            clipfeed.Quote("The river rose two metres overnight, the highest level since 1998."),
            clipfeed.Quote("Between the lines: The new flood wall held, but only just.", "Between the lines"),
            clipfeed.Quote("Engineers will inspect it on Monday."),
        ],
        summary="Residents along the embankment were told to stay alert.",
        tags=["floods", "river-level", "flood_wall"],
        source="The Valley Courier",
        source_url=None,
        read_time_minutes=5)


def test_an_html_clipping_has_its_read_at_link_made_absolute_against_base_url():
    clipping = clipfeed.clip(HTML, base_url="https://tribune.example/news/")
    assert [q.text for q in clipping.quotes] == ["Rivers rise in spring."]
    assert clipping.summary == "Spring floods are common here."
    assert clipping.tags == ["rivers", "spring"]
    assert clipping.source == "The Tribune"
    assert clipping.source_url == "https://tribune.example/story"
    assert clipping.read_time_minutes == 3


def test_html_true_and_false_force_the_reading():
    assert clipfeed.clip(HTML, html=True).source == "The Tribune"
    # Read as plain text the markup is just characters: no paragraph is a quote, so no clipping.
    assert clipfeed.clip(HTML, html=False) is None
    text_with_tag = '"Rivers rise in spring."\n<b>#rivers</b>\nRead at The Tribune'
    assert clipfeed.clip(text_with_tag, html=False).summary == "<b>#rivers</b>"
    # Read as HTML, line ends are mere white space: one paragraph, no quote, no clipping.
    assert clipfeed.clip(text_with_tag, html=True) is None


def test_text_without_a_clipping_gives_none():
    assert clipfeed.clip('"A famous line," she said, opening the article.\nMore prose follows.') is None
    assert clipfeed.clip("") is None
    assert clipfeed.clip("Read more at The Courier") is None


def test_bytes_are_read_as_utf8():
    assert clipfeed.clip(TEXT.encode("utf-8")) == clipfeed.clip(TEXT)
    with pytest.raises(TypeError):
        clipfeed.clip(None)


MARKDOWN = """> "The river rose two metres overnight."

> **Between the lines:** The new flood wall held,
> but only just.

\\#floods

Read at [The Valley Courier](/story/9)

---

> "A second clipping on the same page."

#second

Read at Another Paper
"""


def test_clip_all_gives_every_clipping_of_a_markdown_page_in_order():
    clippings = clipfeed.clip_all(MARKDOWN, base_url="https://courier.example/c/1")
    assert [c.source for c in clippings] == ["The Valley Courier", "Another Paper"]
    assert clippings[0].quotes == [
        clipfeed.Quote("The river rose two metres overnight."),
        clipfeed.Quote("Between the lines: The new flood wall held, but only just.", "Between the lines"),
    ]
    assert clippings[0].source_url == "https://courier.example/story/9"
    assert clippings[0].tags == ["floods"]
    assert clippings[1].source_url is None
    assert clipfeed.clip(MARKDOWN, base_url="https://courier.example/c/1") == clippings[0]


def test_clip_all_gives_an_empty_list_when_there_is_none():
    assert clipfeed.clip_all("Just a paragraph. #tag") == []
    assert clipfeed.clip_all(b"") == []


def test_items_have_every_clipping_and_an_estimated_reading_time():
    body = " ".join(["word"] * 266)
    feed = clipfeed.parse(f"""<rss version="2.0"><channel><title>t</title>
<item><title>two</title><description><![CDATA[<blockquote>"One."</blockquote><p>#a</p><p>Read at A</p><hr>
<blockquote>"Two."</blockquote><p>#b</p><p>Read at B</p>]]></description></item>
<item><title>long</title><description>{body}</description></item>
</channel></rss>""")
    first, long = feed.items
    assert [c.tags for c in first.clippings] == [["a"], ["b"]]
    assert first.clipping == first.clippings[0]
    assert first.estimated_reading_minutes == 1
    assert long.clippings == [] and long.clipping is None
    assert long.estimated_reading_minutes == 2

"""clipfeed.fetch and clipfeed.Fetcher against a local server."""
import gc

import pytest

import clipfeed
from documents import rss

FEED = rss([("one", "First", "The first item"), ("two", "Second", "The second item")], title="Served feed")
LAST_MODIFIED = "Wed, 21 Oct 2026 07:28:00 GMT"


def test_a_fetch_gives_the_status_headers_body_and_parsed_feed(server):
    url = server.serve("/feed.xml", FEED, etag='"v1"', last_modified=LAST_MODIFIED,
                       headers={"Cache-Control": "max-age=600"})
    response = clipfeed.fetch(url)
    assert response.ok and response.error is None
    assert response.status == 200
    assert response.url == response.final_url == url
    assert response.etag == '"v1"'
    assert response.last_modified == LAST_MODIFIED
    assert response.content_type == "application/rss+xml; charset=utf-8"
    assert response.max_age == 600
    assert response.body == FEED.encode()
    assert not response.not_modified and not response.permanent_redirect
    assert response.feed.title == "Served feed"
    assert [i.id for i in response.feed.items] == ["one", "two"]
    assert response.raise_for_error() is response


def test_validators_round_trip_to_a_304(server):
    url = server.serve("/feed.xml", FEED, etag='"v1"', last_modified=LAST_MODIFIED)
    first = clipfeed.fetch(url)
    again = clipfeed.fetch(url, etag=first.etag)
    assert server.requests_to("/feed.xml")[-1].headers["if-none-match"] == '"v1"'
    assert again.status == 304 and again.not_modified
    assert again.feed is None and again.error is None
    by_date = clipfeed.fetch(url, last_modified=first.last_modified)
    assert server.requests_to("/feed.xml")[-1].headers["if-modified-since"] == LAST_MODIFIED
    assert by_date.not_modified
    # A changed feed has a new ETag: the old one gets the whole document.
    server.serve("/feed.xml", FEED, etag='"v2"')
    changed = clipfeed.fetch(url, etag='"v1"')
    assert changed.status == 200 and changed.etag == '"v2"' and changed.feed is not None


def test_a_permanent_redirect_names_the_new_address(server):
    new_url = server.serve("/new.xml", FEED)
    old_url = server.redirect("/old.xml", new_url, status=301)
    response = clipfeed.fetch(old_url)
    assert response.url == old_url
    assert response.final_url == new_url
    assert response.permanent_redirect and response.permanent_url == new_url
    assert response.feed.title == "Served feed"


def test_an_http_error_status_is_the_responses_error_not_an_exception(server):
    url = server.serve("/busy.xml", "busy", status=503, content_type="text/plain",
                       headers={"Retry-After": "120"})
    response = clipfeed.fetch(url)
    assert not response.ok
    assert response.status == 503
    assert response.retry_after == 120
    assert response.error.code == clipfeed.EHTTP
    assert url in response.error.message
    with pytest.raises(clipfeed.Error) as raised:
        response.raise_for_error()
    assert raised.value is response.error


def test_a_refused_connection_is_econnect(refused_url):
    response = clipfeed.fetch(refused_url, connect_timeout_ms=2000)
    assert response.status == 0
    assert response.error.code == clipfeed.ECONNECT
    assert response.error.name == "cannot connect"
    assert refused_url in response.error.message
    assert response.feed is None and response.body is None


def test_a_url_that_is_not_http_is_escheme():
    assert clipfeed.fetch("ftp://127.0.0.1/feed.xml").error.code == clipfeed.ESCHEME


def test_fetch_many_returns_the_responses_in_the_order_of_the_urls(server, refused_url):
    a = server.serve("/a.xml", rss([("a", "A", "a")], title="A"), etag='"a1"')
    b = server.serve("/b.xml", rss([("b", "B", "b")], title="B"))
    with clipfeed.Fetcher(max_host_connections=2) as fetcher:
        responses = fetcher.fetch_many([b, refused_url, a, b], etags=[None, None, '"a1"', None])
        assert [r.url for r in responses] == [b, refused_url, a, b]
        assert [r.status for r in responses] == [200, 0, 304, 200]
        assert responses[0].feed.title == "B"
        assert responses[1].error.code == clipfeed.ECONNECT
        assert fetcher.fetch_many([]) == []
        with pytest.raises(ValueError, match="etags"):
            fetcher.fetch_many([a, b], etags=[None])


def test_a_fetcher_sends_its_user_agent_and_reuses_itself(server):
    url = server.serve("/feed.xml", FEED)
    with clipfeed.Fetcher(user_agent="binding-test/1.0", timeout_ms=5000, proxy="") as fetcher:
        assert fetcher.fetch(url).status == 200
        assert fetcher.fetch(url).status == 200
    assert [r.headers["user-agent"] for r in server.requests_to("/feed.xml")] == ["binding-test/1.0"] * 2


def test_a_closed_fetcher_refuses_work_and_closing_twice_is_harmless(server):
    fetcher = clipfeed.Fetcher()
    with fetcher:
        assert not fetcher.closed
    assert fetcher.closed
    fetcher.close()
    with pytest.raises(ValueError, match="closed"):
        fetcher.fetch(server.url("/feed.xml"))


def test_a_fetcher_is_freed_by_the_garbage_collector():
    fetcher = clipfeed.Fetcher()
    finalizer = fetcher._finalizer
    del fetcher
    gc.collect()
    assert not finalizer.alive


def test_a_response_outlives_its_handle(server):
    url = server.serve("/feed.xml", FEED)
    responses = [clipfeed.fetch(url) for _ in range(3)]
    gc.collect()
    assert all(r.body == FEED.encode() and r.feed.items[1].summary == "The second item" for r in responses)


UNSAFE = """<rss version="2.0"><channel><title>t</title><item><guid>u1</guid><title>i</title>
<description><![CDATA[<blockquote>"A kept passage."</blockquote><p>Read at Axios</p>
<p onclick="steal()">Hi<script>alert(1)</script></p>]]></description></item></channel></rss>"""


def test_fetched_html_is_sanitized_unless_the_fetcher_keeps_it_raw(server):
    url = server.serve("/unsafe.xml", UNSAFE)
    safe = clipfeed.fetch(url).feed.items[0]
    assert "<script" not in safe.summary and "onclick" not in safe.summary and "Hi" in safe.summary
    with clipfeed.Fetcher(sanitize=False) as fetcher:
        raw = fetcher.fetch(url).feed.items[0]
    assert "<script>alert(1)</script>" in raw.summary and 'onclick="steal()"' in raw.summary
    assert raw.clipping is not None  # clippings stay on unless turned off too
    with clipfeed.Fetcher(clippings=False) as fetcher:
        plain = fetcher.fetch(url).feed.items[0]
    assert plain.clipping is None and "<script" not in plain.summary

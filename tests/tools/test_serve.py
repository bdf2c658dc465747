#!/usr/bin/env python3
"""'clipfeed serve' against real HTTP clients (Python's http.client and raw
sockets), with the upstream feeds on the test's own server on 127.0.0.1:
validators and 304s, gzip, HEAD, errors (404, 405, 502 and the last good copy,
410, redirects), the ?url= proxy's refusals, authentication, one upstream fetch
for 100 parallel readers, slow clients timed out, --state across restarts,
/opml, the log and a clean stop.

usage: test_serve.py CLIPFEED FIXTURES_DIR
"""

import concurrent.futures
import gzip
import os
import signal
import socket
import sys
import tempfile
import threading
import time
import xml.etree.ElementTree as ET

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "readers"))
from reader_checks import check, failures, report  # noqa: E402
from serve_support import LAST_MODIFIED, Serve, Upstream, write_urls  # noqa: E402

CONTENT = "{http://purl.org/rss/1.0/modules/content/}encoded"


def items_of(body):
    channel = ET.fromstring(body).find("channel")
    return {item.findtext("title"): item for item in channel.findall("item")}


def serving_and_validators(clipfeed, upstream, folder):
    urls = write_urls(folder, [(upstream.url("/valley.xml"), "Valley Clippings"), (upstream.url("/coast.xml"), None)])
    with Serve(clipfeed, "--feeds", urls) as serve:
        status, headers, body = serve.request("/feeds/valley-clippings.xml")
        check(status == 200, f"a listed feed is served (got {status}: {body[:200]!r})")
        check(headers.get("content-type") == "application/rss+xml; charset=utf-8", f"content type {headers}")
        items = items_of(body)
        cannery = items.get("Orchard co-op buys the old cannery")
        check(cannery is not None, f"the items are there: {list(items)}")
        if cannery is not None:
            content = cannery.findtext(CONTENT) or ""
            check("<blockquote><strong>Why it matters:</strong> Growers" in content, "the clipping is rendered")
            check("<p>#orchards #cider #local-business</p>" in content, "the tag line")
            check(f'Read at <a href="{upstream.url("/out/cannery")}">The Valley Post</a>' in content,
                  "the read-at link, absolute against the upstream URL")
            check(cannery.findtext("guid") == "tag:clips.example.org,2025:clip-1",
                  f"the guid is upstream's own: {cannery.findtext('guid')}")
            check(cannery.findtext("link") == "http://clips.example.org/valley/cannery", "the link is upstream's")
            check(cannery.findtext("pubDate") == "Mon, 03 Mar 2025 07:30:00 +0000", f"the date: "
                  f"{cannery.findtext('pubDate')}")
            check([c.text for c in cannery.findall("category")] == ["business", "orchards", "cider", "local-business"],
                  "categories: the item's own, then the clipping's tags")
        check(items.get("Bridge repairs finish early") is not None and
              items["Bridge repairs finish early"].findtext("guid") == "clip-2", "every guid is upstream's")
        etag = headers.get("etag", "")
        check(etag.startswith('"cf-') and etag.endswith('"'), f"an ETag of our own: {etag}")
        check(headers.get("last-modified") == LAST_MODIFIED, f"Last-Modified is upstream's: {headers}")
        check(headers.get("cache-control") == "max-age=900", f"Cache-Control from the interval: {headers}")
        check(headers.get("age") == "0" or headers.get("age") == "1", f"Age: {headers.get('age')}")
        check(headers.get("vary") == "Accept-Encoding", "Vary: Accept-Encoding")

        # Conditional requests.
        status, h304, body304 = serve.request("/feeds/valley-clippings.xml", headers={"If-None-Match": etag})
        check(status == 304 and body304 == b"", f"If-None-Match with the ETag: 304 (got {status})")
        check(h304.get("etag") == etag and "content-type" not in h304, f"the 304's headers: {h304}")
        status, _, _ = serve.request("/feeds/valley-clippings.xml", headers={"If-None-Match": f'"other", W/{etag}'})
        check(status == 304, "a weak ETag in a list matches too")
        status, _, _ = serve.request("/feeds/valley-clippings.xml", headers={"If-None-Match": '"cf-0000"'})
        check(status == 200, "another ETag: 200")
        status, _, _ = serve.request("/feeds/valley-clippings.xml", headers={"If-Modified-Since": LAST_MODIFIED})
        check(status == 304, "If-Modified-Since the Last-Modified: 304")
        status, _, _ = serve.request("/feeds/valley-clippings.xml",
                                     headers={"If-Modified-Since": "Sun, 02 Mar 2025 08:00:00 GMT"})
        check(status == 200, "If-Modified-Since an earlier date: 200")
        status, _, _ = serve.request("/feeds/valley-clippings.xml",
                                     headers={"If-None-Match": '"cf-0000"', "If-Modified-Since": LAST_MODIFIED})
        check(status == 200, "If-None-Match wins over If-Modified-Since")

        # gzip, precompressed.
        status, hgz, bodygz = serve.request("/feeds/valley-clippings.xml", headers={"Accept-Encoding": "gzip, br"})
        check(status == 200 and hgz.get("content-encoding") == "gzip", f"gzip when asked: {hgz}")
        check(status == 200 and gzip.decompress(bodygz) == body, "the gzip body is the same document")
        check(len(bodygz) < len(body) / 2, f"and smaller ({len(bodygz)} of {len(body)} bytes)")
        check(hgz.get("etag") == etag[:-1] + '-gz"', f"the gzip form's ETag: {hgz.get('etag')}")
        status, _, _ = serve.request("/feeds/valley-clippings.xml",
                                     headers={"Accept-Encoding": "gzip", "If-None-Match": hgz.get("etag", "")})
        check(status == 304, "the gzip ETag revalidates")
        status, hq0, _ = serve.request("/feeds/valley-clippings.xml", headers={"Accept-Encoding": "gzip;q=0"})
        check("content-encoding" not in hq0, "gzip;q=0 refuses gzip")

        # HEAD.
        status, hhead, bodyhead = serve.request("/feeds/valley-clippings.xml", method="HEAD")
        check(status == 200 and bodyhead == b"", f"HEAD: 200 without a body (got {status}, {len(bodyhead)} bytes)")
        check(hhead.get("content-length") == str(len(body)), f"HEAD's Content-Length: {hhead.get('content-length')}")
        check(hhead.get("etag") == etag, "HEAD's ETag")

        # A feed without a title is named after its URL; Atom comes out as RSS.
        coast_name = f"127-0-0-1-{upstream.port}-coast"
        status, _, coast = serve.request(f"/feeds/{coast_name}.xml")
        check(status == 200 and b"Seal colony counted from the air" in coast, f"the untitled feed at {coast_name}")

        # One fetch served them all.
        check(upstream.count("/valley.xml") == 1, f"one upstream fetch for all these requests "
              f"(got {upstream.count('/valley.xml')})")

        # Bad requests.
        status, _, body404 = serve.request("/feeds/nope.xml")
        check(status == 404 and b"nope" in body404, f"an unknown feed: 404 naming it ({status}, {body404!r})")
        check(serve.request("/etc/passwd")[0] == 404, "an unknown path: 404")
        check(serve.request("/feeds/../opml")[0] in (400, 404), "a path with ..: 4xx")
        status, h405, _ = serve.request("/feeds/valley-clippings.xml", method="POST")
        check(status == 405 and h405.get("allow") == "GET, HEAD", f"POST: 405 with Allow ({status})")
        check(serve.request("/proxy?url=" + upstream.url("/valley.xml"))[0] == 403,
              "the ?url= proxy is off without --allow-any-url")
        check(serve.request("/healthz")[:1] == (200,) and serve.request("/healthz")[2] == b"ok\n", "/healthz")

        # /opml: every served URL, absolute, from the Host header.
        status, hopml, opml = serve.request("/opml")
        check(status == 200 and "opml" in hopml.get("content-type", ""), "/opml")
        outlines = ET.fromstring(opml).findall("./body/outline")
        check([o.get("xmlUrl") for o in outlines] == [serve.url("/feeds/valley-clippings.xml"),
                                                     serve.url(f"/feeds/{coast_name}.xml")],
              f"/opml lists the served URLs: {[o.get('xmlUrl') for o in outlines]}")
        check([o.get("title") for o in outlines] == ["Valley Clippings", "Coast clippings"],
              f"with the listed title, else the feed's: {[o.get('title') for o in outlines]}")
        _, _, opml = serve.request("/opml", headers={"Host": "reader.lan:9000"})
        check(b'xmlUrl="http://reader.lan:9000/feeds/valley-clippings.xml"' in opml, "/opml follows the Host header")
        _, _, opml = serve.request("/opml", headers={"Host": '"><script>'})
        check(b"<script>" not in opml, "a strange Host header is not used")

        # One log line per request, one per upstream fetch.
        log = serve.wait_for_log(lambda line: "HEAD /feeds/valley-clippings.xml 200" in line)
        check(any("GET /feeds/valley-clippings.xml 200" in line for line in log), "requests are logged")
        check(any("HEAD /feeds/valley-clippings.xml 200" in line for line in log), "HEAD is logged")
        fetch_lines = [line for line in log if line.startswith("clipfeed serve: fetch ") and "/valley.xml" in line]
        check(len(fetch_lines) == 1 and " 200, 3 items" in fetch_lines[0], f"the upstream fetch is logged: {fetch_lines}")
        code = serve.stop(signal.SIGINT)
        check(code == 0, f"SIGINT stops the server with status 0 (got {code})")
        check(any("stopped after" in line for line in serve.log()), "it says it stopped")


def stale_copies_and_errors(clipfeed, upstream, folder):
    urls = write_urls(folder, [(upstream.url("/valley.xml"), "valley"), (upstream.url("/broken.xml"), "broken"),
                               (upstream.url("/moved.xml"), "moved"), (upstream.url("/temp.xml"), "temp"),
                               (upstream.url("/gone.xml"), "gone"), (upstream.url("/not-a-feed.txt"), "text"),
                               ("http://127.0.0.1:1/feed.xml", "refused")], "urls-errors")
    # A fetch stays fresh for 1.2 s here.
    with Serve(clipfeed, "--feeds", urls, "--interval", "0.02") as serve:
        status, headers, first = serve.request("/feeds/valley.xml")
        check(status == 200, "the feed before the upstream fails")
        check(headers.get("cache-control") == "max-age=1", f"max-age from --interval: {headers.get('cache-control')}")

        time.sleep(1.5)
        status, headers, again = serve.request("/feeds/valley.xml", headers={"If-None-Match": headers.get("etag", "")})
        check(status == 304, f"stale: revalidated upstream with a 304, still 304 to the reader (got {status})")
        check(upstream.count("/valley.xml", upstream.not_modified) == 1, "the upstream was asked conditionally")

        upstream.failing.add("/valley.xml")
        time.sleep(1.5)
        status, headers, stale = serve.request("/feeds/valley.xml")
        check(status == 200 and stale == first, f"the upstream fails: the last good copy (got {status})")
        check('111 - "Revalidation Failed"' in headers.get("warning", ""), f"with a Warning: {headers}")
        check(int(headers.get("age", "0")) >= 1, f"and its Age: {headers.get('age')}")
        upstream.failing.discard("/valley.xml")

        status, headers, body = serve.request("/feeds/broken.xml")
        check(status == 502, f"an upstream error without a copy: 502 (got {status})")
        check(upstream.url("/broken.xml").encode() in body and b"500" in body, f"saying what failed: {body!r}")
        check(len(body) < 400, "in a short message")
        broken_fetches = upstream.count("/broken.xml")
        check(serve.request("/feeds/broken.xml")[0] == 502 and upstream.count("/broken.xml") == broken_fetches,
              "a failing upstream is not asked again at once (backoff)")
        status, _, body = serve.request("/feeds/refused.xml")
        check(status == 502 and b"127.0.0.1:1" in body, f"an upstream that refuses connections: 502 ({body!r})")
        status, _, body = serve.request("/feeds/text.xml")
        check(status == 502 and b"did not return a feed" in body, f"a document that is no feed: 502 ({body!r})")

        status, _, body = serve.request("/feeds/moved.xml")
        check(status == 200 and b"Orchard co-op buys the old cannery" in body, "a permanent redirect is followed")
        # The test reads the server's log on a thread of its own: the line may come after the answer.
        check(any("moved permanently" in line for line in serve.wait_for_log(lambda line: "moved permanently" in line)),
              "and logged")
        time.sleep(1.5)
        moved_asked = upstream.count("/moved.xml")
        check(serve.request("/feeds/moved.xml")[0] == 200 and upstream.count("/moved.xml") == moved_asked,
              "the next fetch goes to the new address")
        status, _, body = serve.request("/feeds/temp.xml")
        check(status == 200 and b"Seal colony counted from the air" in body, "a temporary redirect is followed")
        status, _, body = serve.request("/feeds/gone.xml")
        check(status == 410 and b"gone" in body, f"410 upstream: 410 (got {status}: {body!r})")
        gone_asked = upstream.count("/gone.xml")
        time.sleep(1.5)
        check(serve.request("/feeds/gone.xml")[0] == 410 and upstream.count("/gone.xml") == gone_asked,
              "a gone feed is not fetched again")


def proxy_refusals(clipfeed, upstream, folder):
    urls = write_urls(folder, [(upstream.url("/valley.xml"), "valley")], "urls-proxy")
    with Serve(clipfeed, "--feeds", urls, "--allow-any-url") as serve:
        before = dict(upstream.requests)
        refused = [
            upstream.url("/valley.xml"),                    # loopback, by address
            f"http://localhost:{upstream.port}/valley.xml",  # loopback, by name: refused after DNS resolution
            "http://10.0.0.1/feed.xml", "http://192.168.1.1/feed", "http://172.16.0.1/",
            "http://169.254.169.254/latest/meta-data/",     # cloud metadata, link-local
            "http://[::1]:80/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/",
            "http://127.1/", "http://2130706433/", "http://0x7f000001/", "http://0.0.0.0/",
            "file:///etc/passwd", "gopher://127.0.0.1:70/", "ftp://example.org/feed.xml", "javascript:alert(1)",
        ]
        for url in refused:
            for path in ("/proxy", "/feed"):
                status, _, body = serve.request(f"{path}?url={urllib_quote(url)}")
                check(status == 403 and b"refused" in body, f"{path}?url={url}: refused (got {status}: {body[:160]!r})")
        check(upstream.requests == before, "no refused URL reached the upstream")
        status, _, body = serve.request("/proxy?url=" + urllib_quote(f"http://localhost:{upstream.port}/valley.xml"))
        check(b"private, loopback or link-local" in body, f"the name's refusal says why: {body!r}")
        check(serve.request("/proxy")[0] == 400, "no url: 400")
        check(serve.request("/proxy?url=")[0] == 400, "an empty url: 400")
        check(serve.request("/feeds/valley.xml")[0] == 200, "listed feeds on loopback are still served")


def urllib_quote(text):
    import urllib.parse
    return urllib.parse.quote(text, safe="")


def authentication(clipfeed, upstream, folder):
    urls = write_urls(folder, [(upstream.url("/valley.xml"), "valley")], "urls-auth")
    with Serve(clipfeed, "--feeds", urls, "--token", "s3cret-token") as serve:
        status, headers, _ = serve.request("/feeds/valley.xml")
        check(status == 401 and headers.get("www-authenticate", "").startswith("Bearer"), f"no token: 401 ({status})")
        check(serve.request("/feeds/valley.xml", headers={"Authorization": "Bearer wrong"})[0] == 401, "wrong token")
        check(serve.request("/opml")[0] == 401, "/opml needs the token too")
        status, headers, _ = serve.request("/feeds/valley.xml", headers={"Authorization": "Bearer s3cret-token"})
        check(status == 200 and headers.get("cache-control", "").startswith("private"),
              f"the token: 200, private to the reader ({status}, {headers.get('cache-control')})")
        check(serve.request("/healthz")[0] == 200, "/healthz needs no token")
    with Serve(clipfeed, "--feeds", urls, "--basic-auth", "reader:pa:ss") as serve:
        status, headers, _ = serve.request("/feeds/valley.xml")
        check(status == 401 and headers.get("www-authenticate", "").startswith("Basic"), "no credentials: 401")
        good = "Basic " + __import__("base64").b64encode(b"reader:pa:ss").decode()
        bad = "Basic " + __import__("base64").b64encode(b"reader:nope").decode()
        check(serve.request("/feeds/valley.xml", headers={"Authorization": good})[0] == 200, "basic auth: 200")
        check(serve.request("/feeds/valley.xml", headers={"Authorization": bad})[0] == 401, "a wrong password: 401")


def one_fetch_for_many(clipfeed, upstream, folder):
    urls = write_urls(folder, [(upstream.url("/slow.xml"), "slow")], "urls-many")
    with Serve(clipfeed, "--feeds", urls, "--quiet") as serve:
        upstream.delay = 1.0
        start = threading.Barrier(100)

        def one(_):
            start.wait()
            return serve.request("/feeds/slow.xml")

        with concurrent.futures.ThreadPoolExecutor(max_workers=100) as pool:
            answers = list(pool.map(one, range(100)))
        check(all(status == 200 for status, _, _ in answers),
              f"100 parallel readers of a cold feed all get it ({sorted(set(a[0] for a in answers))})")
        check(len({body for _, _, body in answers}) == 1, "the same document")
        check(upstream.count("/slow.xml") == 1, f"from ONE upstream fetch (got {upstream.count('/slow.xml')})")
        check(not any("GET /feeds" in line for line in serve.log()), "--quiet: no request lines")


def slow_clients(clipfeed, upstream, folder):
    urls = write_urls(folder, [(upstream.url("/valley.xml"), "valley")], "urls-slow")
    with Serve(clipfeed, "--feeds", urls, "--client-timeout", "2", "--max-connections", "64") as serve:
        half_open = []
        for _ in range(20):
            s = socket.create_connection(("127.0.0.1", serve.port), timeout=15)
            s.sendall(b"GET /feeds/valley.xml HTTP/1.1\r\nHost: 127.0.0.1\r\nX-Slow: ")  # and never the rest
            half_open.append(s)
        # Meanwhile other readers are served.
        served = [serve.request("/feeds/valley.xml", timeout=5)[0] for _ in range(10)]
        check(served == [200] * 10, f"other readers are served beside 20 half-open connections: {served}")
        closed = 0
        for s in half_open:
            try:
                closed += s.recv(1024) == b""  # the server closed it
            except (ConnectionResetError, socket.timeout):
                pass
            s.close()
        check(closed == 20, f"the 20 half-open connections were closed by the server's timeout ({closed} were)")
        check(serve.request("/feeds/valley.xml")[0] == 200, "and the server still serves")


def watching(clipfeed, upstream, folder):
    urls = write_urls(folder, [(upstream.url("/coast.xml"), "coast")], "urls-watch")
    # Fresh for 1.2 s; --watch fetches before anyone asks, and again as it goes stale.
    before = upstream.count("/coast.xml")
    with Serve(clipfeed, "--feeds", urls, "--interval", "0.02", "--watch", "--quiet"):
        deadline = time.time() + 10
        while upstream.count("/coast.xml") - before < 3 and time.time() < deadline:
            time.sleep(0.2)
        fetched = upstream.count("/coast.xml") - before
        check(fetched >= 3, f"--watch fetches a feed nobody asks for, and again as it goes stale ({fetched} fetches)")


def keeping_state(clipfeed, upstream, folder):
    """--state: a restarted server serves the kept copy under the same validators and revalidates upstream
    with a conditional GET instead of fetching every feed again."""
    import sqlite3
    state = os.path.join(folder, "serve-state.sqlite")
    valley_url = upstream.url("/valley.xml")
    urls = write_urls(folder, [(valley_url, "valley"), (upstream.url("/coast.xml"), "coast")], "urls-state")
    fetched, revalidated = upstream.count("/valley.xml"), upstream.count("/valley.xml", upstream.not_modified)

    # First run: fresh for 1.2 s, so that the kept copies are stale by the next run.
    with Serve(clipfeed, "--feeds", urls, "--state", state, "--interval", "0.02") as serve:
        check(any("0 of 2 feeds kept" in line for line in serve.log()), f"a new state file: {serve.log()}")
        status, headers, first = serve.request("/feeds/valley.xml")
        check(status == 200, f"the first run serves the feed (got {status})")
        etag = headers.get("etag", "")
        check(serve.request("/feeds/coast.xml")[0] == 200, "and the feed without validators")
        check(serve.stop() == 0, "the first run stops cleanly")
    check(upstream.count("/valley.xml") == fetched + 1, "one upstream fetch in the first run")
    time.sleep(1.5)

    # Second run: the kept copies are stale: conditional GET, 304, the kept copy served.
    with Serve(clipfeed, "--feeds", urls, "--state", state) as serve:
        check(any("2 of 2 feeds kept" in line for line in serve.log()), f"both feeds kept: {serve.log()}")
        status, headers, body = serve.request("/feeds/valley.xml")
        check(status == 200 and body == first, f"the first request after the restart is served the same document "
              f"(got {status})")
        check(headers.get("etag") == etag and headers.get("last-modified") == LAST_MODIFIED,
              f"under the same validators ({headers.get('etag')} vs {etag})")
        check(upstream.count("/valley.xml") == fetched + 2 and
              upstream.count("/valley.xml", upstream.not_modified) == revalidated + 1,
              "revalidated upstream with a conditional GET, answered 304")
        log = serve.wait_for_log(lambda line: f"fetch {valley_url} 304 not modified" in line)
        check(any(f"fetch {valley_url} 304 not modified" in line for line in log), "the 304 is logged")
        check(serve.request("/feeds/valley.xml", headers={"If-None-Match": etag})[0] == 304,
              "a reader's ETag from before the restart still gets 304")
        check(serve.request("/feeds/coast.xml")[0] == 200, "the feed without validators: fetched again and served")

    # Third run: kept fresh (the default 15 minutes since the second run's 304): no upstream request at all.
    asked = upstream.count("/valley.xml")
    with Serve(clipfeed, "--feeds", urls, "--state", state) as serve:
        status, headers, body = serve.request("/feeds/valley.xml")
        check(status == 200 and body == first and headers.get("etag") == etag, "served from the state file")
        check(headers.get("cache-control") == "max-age=900" and int(headers.get("age", "-1")) >= 0,
              f"with its lifetime and age as of its last fetch: {headers.get('cache-control')}, {headers.get('age')}")
        check(serve.request("/feeds/valley.xml", headers={"If-Modified-Since": LAST_MODIFIED})[0] == 304,
              "If-Modified-Since the kept date: 304")
    check(upstream.count("/valley.xml") == asked, f"a fresh kept copy is not fetched ({upstream.count('/valley.xml')}"
          f" vs {asked})")

    # A copy another version wrote is not revalidated with its validators: fetched anew.
    with sqlite3.connect(state) as db:
        db.execute("UPDATE clipfeed_serve_cache SET writer = 'clipfeed 0.0.1' WHERE url = ?", (valley_url,))
    db.close()
    revalidated = upstream.count("/valley.xml", upstream.not_modified)
    with Serve(clipfeed, "--feeds", urls, "--state", state) as serve:
        check(any("kept by clipfeed 0.0.1" in line for line in serve.log()), f"says so: {serve.log()}")
        status, _, body = serve.request("/feeds/valley.xml")
        check(status == 200 and body == first, "the feed, rendered anew")
        check(upstream.count("/valley.xml") == asked + 1 and
              upstream.count("/valley.xml", upstream.not_modified) == revalidated, "by a full upstream fetch")
    with sqlite3.connect(state) as db:
        writers = [w for (w,) in db.execute("SELECT writer FROM clipfeed_serve_cache WHERE url = ?", (valley_url,))]
    db.close()
    check(len(writers) == 1 and writers[0] != "clipfeed 0.0.1", f"and kept again by this version: {writers}")

    # Stale and upstream down after a restart: the kept copy, with its warning.
    with sqlite3.connect(state) as db:
        db.execute("UPDATE clipfeed_serve_cache SET fresh_until = 0")
    db.close()
    upstream.failing.add("/valley.xml")
    try:
        with Serve(clipfeed, "--feeds", urls, "--state", state) as serve:
            status, headers, body = serve.request("/feeds/valley.xml")
            check(status == 200 and body == first and '111 - "Revalidation Failed"' in headers.get("warning", ""),
                  f"upstream fails after a restart: the kept copy with a Warning (got {status}, {headers})")
    finally:
        upstream.failing.discard("/valley.xml")

    # A file that is no SQLite database: exit 1 naming it, and it is left as it was.
    not_a_database = os.path.join(folder, "notes.txt")
    with open(not_a_database, "w") as f:
        f.write("my notes, not a database\n" * 100)
    done = run_serve([clipfeed, "serve", "--feeds", urls, "--state", not_a_database, "--listen", "127.0.0.1:0"],
                     capture_output=True, text=True, timeout=30)
    check(done.returncode == 1 and "notes.txt" in done.stderr and "not a database" in done.stderr,
          f"a state file that is no database: exit 1 naming it ({done.returncode}: {done.stderr})")
    with open(not_a_database) as f:
        check(f.read() == "my notes, not a database\n" * 100, "and the file is untouched")


def run_serve(command, **options):
    """subprocess.run for a 'clipfeed serve' that should end at once; a sanitizer's report in its
    stderr fails the test (its exit status alone would not tell, as the expected one is 1)."""
    import subprocess
    done = subprocess.run(command, **options)
    check("Sanitizer" not in done.stderr and "runtime error:" not in done.stderr,
          f"no sanitizer report from {command[1:]}: {done.stderr}")
    return done


def stopping_while_waiting(clipfeed, upstream, folder):
    """SIGTERM while readers wait for a slow upstream fetch: each is answered, the server ends with 0
    (and, in a sanitizer build, without a report: Serve's exit checks)."""
    urls = write_urls(folder, [(upstream.url("/slow.xml"), "slow")], "urls-stopping")
    upstream.delay = 3.0
    with Serve(clipfeed, "--feeds", urls, "--quiet") as serve:
        before = upstream.count("/slow.xml")
        with upstream.lock:
            answered_before = len(upstream.slow_answered)
        with concurrent.futures.ThreadPoolExecutor(max_workers=20) as pool:
            waiting = [pool.submit(serve.request, "/feeds/slow.xml") for _ in range(20)]
            deadline = time.time() + 10
            while upstream.count("/slow.xml") == before and time.time() < deadline:
                time.sleep(0.05)
            time.sleep(0.2)
            serve.process.send_signal(signal.SIGTERM)
            answers = [future.result()[0] for future in waiting]
            answered = time.time()
        check(answers == [503] * 20, f"every waiting reader is answered 503 at once: {answers}")
        # Compared with the upstream's own answer, not a clock limit, so that a loaded machine cannot fail it.
        with upstream.lock:
            upstream_done = upstream.slow_answered[-1] if len(upstream.slow_answered) > answered_before else None
        check(upstream_done is None or answered < upstream_done,
              f"before the upstream fetch ends (answered {answered:.2f}, upstream answered {upstream_done})")
        check(serve.stop() == 0, "and the server ends with status 0 once the fetch has")
    upstream.delay = 1.0


def startup_errors(clipfeed, upstream, folder):
    done = run_serve([clipfeed, "serve", "--feeds", os.path.join(folder, "missing")], capture_output=True,
                     text=True, timeout=30)
    check(done.returncode == 1 and "missing" in done.stderr, f"a missing feeds file: exit 1 naming it ({done.stderr})")
    empty = os.path.join(folder, "empty")
    with open(empty, "w") as f:
        f.write("# nothing\nexec:some-command\n")
    done = run_serve([clipfeed, "serve", "--feeds", empty], capture_output=True, text=True, timeout=30)
    check(done.returncode == 1 and "lists no http or https feed" in done.stderr, f"no feed: exit 1 ({done.stderr})")
    check("exec:some-command" in done.stderr, "the skipped line is named")
    urls = write_urls(folder, [(upstream.url("/valley.xml"), "valley")], "urls-startup")
    done = run_serve([clipfeed, "serve", "--feeds", urls, "--listen", "nowhere"], capture_output=True, text=True,
                     timeout=30)
    check(done.returncode == 2 and "HOST:PORT" in done.stderr, f"a bad --listen: exit 2 ({done.stderr})")
    with Serve(clipfeed, "--feeds", urls) as serve:
        done = run_serve([clipfeed, "serve", "--feeds", urls, "--listen", f"127.0.0.1:{serve.port}"],
                         capture_output=True, text=True, timeout=30)
        check(done.returncode == 1 and f"127.0.0.1:{serve.port}" in done.stderr and "in use" in done.stderr,
              f"a port in use: exit 1 saying so ({done.stderr})")
    # OPML: the outline titles name the feeds.
    opml = os.path.join(folder, "feeds.opml")
    with open(opml, "w") as f:
        f.write('<?xml version="1.0"?>\n<opml version="2.0"><head/><body>\n'
                f'<outline text="Valley &amp; Hills" type="rss" xmlUrl="{upstream.url("/valley.xml")}"/>\n'
                f'<outline text="Coast" type="rss" xmlUrl="{upstream.url("/coast.xml")}"/>\n</body></opml>\n')
    with Serve(clipfeed, "--feeds", opml) as serve:
        check(serve.request("/feeds/valley-hills.xml")[0] == 200, "an OPML outline's title names its path")
        check(serve.request("/feeds/coast.xml")[0] == 200, "the second outline")
        check(serve.stop(signal.SIGTERM) == 0, "SIGTERM stops it with status 0")


def main():
    clipfeed, fixtures = os.path.abspath(sys.argv[1]), sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="clipfeed-serve-") as folder, Upstream(fixtures) as upstream:
        for test in (serving_and_validators, stale_copies_and_errors, proxy_refusals, authentication,
                     one_fetch_for_many, slow_clients, watching, keeping_state, stopping_while_waiting,
                     startup_errors):
            print(f"--- {test.__name__}")
            started = time.time()
            before = len(failures)
            try:
                test(clipfeed, upstream, folder)
            except Exception as error:  # a crash of one part fails it, and the others still run
                check(False, f"{test.__name__} raised {error!r}")
            print(f"    {'ok' if len(failures) == before else 'FAILED'} in {time.time() - started:.1f} s")
    return report()


if __name__ == "__main__":
    sys.exit(main())

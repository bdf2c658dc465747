#!/usr/bin/env python3
"""The real newsboat subscribed to feeds served by 'clipfeed serve'.

An upstream server on 127.0.0.1 serves the feed of clippings; 'clipfeed serve'
serves it enriched; newsboat's urls file holds only the served URL, as for a
reader that cannot run commands. `newsboat -x reload` twice, then its
cache.db: the items with their enriched content and upstream's own guids,
links and dates; the second reload is answered from the server's cache (no
upstream fetch), 304 when newsboat sends validators, and adds no duplicates.
(newsboat 2.21's `-x reload` keeps the ETag and Last-Modified in cache.db but
was not seen sending them; cli.serve covers the 304s with real validators.)

usage: test_serve_newsboat.py CLIPFEED FIXTURES_DIR   (exit 77: newsboat is not installed)
"""

import calendar
import os
import re
import shutil
import sys
import tempfile
import time

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
sys.path.insert(0, os.path.join(HERE, "..", "tools"))
from reader_checks import check, report, skip  # noqa: E402
from serve_support import Serve, Upstream, write_urls  # noqa: E402
from test_newsboat import Newsboat, user_errors  # noqa: E402



def main():
    if shutil.which("newsboat") is None:
        return skip("newsboat is not installed (apt-get install newsboat; ./dev.sh test installs it)")
    clipfeed, fixtures = os.path.abspath(sys.argv[1]), sys.argv[2]
    with tempfile.TemporaryDirectory(prefix="clipfeed-serve-newsboat-") as folder, Upstream(fixtures) as upstream:
        urls = write_urls(folder, [(upstream.url("/valley.xml"), "Valley")], "served-feeds")
        with Serve(clipfeed, "--feeds", urls) as serve:
            served = serve.url("/feeds/valley.xml")
            newsboat = Newsboat(folder, [served])

            log = newsboat.reload()
            check(not user_errors(log), f"no error in newsboat's log: {user_errors(log)}")
            check(newsboat.feeds().get(served) == "Valley clippings", f"the served feed: {newsboat.feeds()}")
            items = newsboat.items()
            by_title = {item["title"]: item for item in items}
            check(len(items) == 3, f"three items in cache.db (got {[i['title'] for i in items]})")
            cannery = by_title.get("Orchard co-op buys the old cannery", {})
            check(cannery.get("guid") == "tag:clips.example.org,2025:clip-1",
                  f"upstream's own guid, as when subscribed to the original: {cannery.get('guid')}")
            check(cannery.get("url") == "http://clips.example.org/valley/cannery", "upstream's link")
            check(cannery.get("pubDate") == calendar.timegm((2025, 3, 3, 7, 30, 0)), "upstream's date")
            content = cannery.get("content", "")
            check(content.startswith("<blockquote>The cooperative paid 1.2 million"), "the enriched content")
            check("<p>#orchards #cider #local-business</p>" in content, "the tag line")
            check(f'Read at <a href="{upstream.url("/out/cannery")}">The Valley Post</a>' in content, "the source")

            newsboat.reload()
            time.sleep(0.3)
            requests = [line for line in serve.log() if re.search(r" GET /feeds/valley\.xml \d{3}", line)]
            check(len(requests) == 2, f"newsboat asked twice: {requests}")
            sent_validators = len(requests) == 2 and " 304 " in requests[1]
            print(f"newsboat's second reload: {'304' if sent_validators else '200 (no validators sent)'}")
            check(newsboat.items() == items, "and added no duplicates: the same items, unchanged")
            check(upstream.count("/valley.xml") == 1, "one upstream fetch for both reloads")
    return report()


if __name__ == "__main__":
    sys.exit(main())

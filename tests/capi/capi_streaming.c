/* The streaming writers of the C API, from C: clipfeed_feed_write_json and
 * clipfeed_feed_write_rss hand over, in order and in several pieces, exactly
 * the bytes clipfeed_feed_to_json and clipfeed_feed_to_rss return; a callback
 * that returns non-zero stops them with CLIPFEED_ECANCELED and is not called
 * again. The feed is made here: 400 items of about 1 KB, so that the
 * documents are several times the writers' 64 KiB pieces. */
#include "clipfeed.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* What a callback received. */
typedef struct {
    char *data;
    size_t size;
    size_t calls;
    size_t stop_after_calls; /* 0: never stop */
    int stop_with;
} collected;

static int collect(const char *data, size_t size, void *user_data) {
    collected *c = (collected *)user_data;
    char *grown;
    if (c->stop_after_calls && c->calls == c->stop_after_calls) {
        ++c->calls;
        return c->stop_with;
    }
    grown = (char *)realloc(c->data, c->size + size + 1);
    if (!grown) return 1;
    c->data = grown;
    memcpy(c->data + c->size, data, size);
    c->size += size;
    c->data[c->size] = '\0';
    ++c->calls;
    return 0;
}

static char *make_feed(size_t *size) {
    size_t cap = 1 << 20, used = 0;
    char *doc = (char *)malloc(cap);
    int i;
    used += (size_t)sprintf(doc + used,
                            "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n<rss version=\"2.0\" "
                            "xmlns:content=\"http://purl.org/rss/1.0/modules/content/\"><channel>"
                            "<title>Streams &amp; rivers</title><link>https://streams.example.net/</link>\n");
    for (i = 0; i < 400; ++i) {
        used += (size_t)sprintf(doc + used,
                                "<item><title>River %d \xE2\x80\x94 \"quoted\"</title>"
                                "<link>https://streams.example.net/r/%d</link><guid>river-%d</guid>"
                                "<content:encoded><![CDATA[<blockquote><p>\xE2\x80\x9CThe water rose by %d "
                                "centimetres overnight, the gauge at the old mill said, and the ferry stopped "
                                "running before noon.\xE2\x80\x9D</p></blockquote><p>Councillors met at the "
                                "town hall to agree on sandbags, pumps and a rota for the volunteers who watch "
                                "the banks at night.</p><p><a href=\"/tags/rivers\">#rivers</a></p>"
                                "<p><a href=\"https://news.example.net/%d\">Read at Example News</a></p>"
                                "<p>3 min read</p>]]></content:encoded></item>\n",
                                i, i, i, i, i);
    }
    used += (size_t)sprintf(doc + used, "</channel></rss>\n");
    *size = used;
    return doc;
}

static void check_json(const clipfeed_feed *feed, int flags) {
    char *whole = NULL;
    collected c;
    memset(&c, 0, sizeof c);
    CHECK(clipfeed_feed_to_json(&whole, feed, flags) == CLIPFEED_OK);
    CHECK(clipfeed_feed_write_json(feed, flags, collect, &c) == CLIPFEED_OK);
    CHECK(whole && c.data && c.size == strlen(whole) && memcmp(c.data, whole, c.size) == 0);
    CHECK(c.calls >= 3); /* the document went out in pieces, not whole */
    clipfeed_string_free(whole);
    free(c.data);
}

static void check_rss(const clipfeed_feed *feed, const char *url, int flags) {
    char *whole = NULL;
    collected c;
    memset(&c, 0, sizeof c);
    CHECK(clipfeed_feed_to_rss(&whole, feed, url, flags) == CLIPFEED_OK);
    CHECK(clipfeed_feed_write_rss(feed, url, flags, collect, &c) == CLIPFEED_OK);
    CHECK(whole && c.data && c.size == strlen(whole) && memcmp(c.data, whole, c.size) == 0);
    CHECK(c.calls >= 3);
    clipfeed_string_free(whole);
    free(c.data);
}

int main(void) {
    size_t size = 0;
    char *doc = make_feed(&size);
    clipfeed_feed *feed = NULL;
    collected c;

    CHECK(clipfeed_feed_parse(&feed, doc, size, "https://streams.example.net/feed.xml", NULL) == CLIPFEED_OK);
    CHECK(clipfeed_feed_item_count(feed) == 400);

    check_json(feed, CLIPFEED_JSON_PRETTY);
    check_json(feed, CLIPFEED_JSON_COMPACT);
    check_rss(feed, "https://streams.example.net/feed.xml", CLIPFEED_RSS_ENRICHED);
    check_rss(feed, NULL, CLIPFEED_RSS_PLAIN | CLIPFEED_RSS_COMPACT);
    check_rss(feed, NULL, CLIPFEED_RSS_ITEM_GUIDS);

    /* A callback that stops at its second call: canceled, told why, never called again. */
    memset(&c, 0, sizeof c);
    c.stop_after_calls = 1;
    c.stop_with = 7;
    CHECK(clipfeed_feed_write_json(feed, CLIPFEED_JSON_PRETTY, collect, &c) == CLIPFEED_ECANCELED);
    CHECK(c.calls == 2);
    CHECK(strstr(clipfeed_last_error(), "clipfeed_feed_write_json") != NULL);
    CHECK(strstr(clipfeed_last_error(), "returned 7") != NULL);
    free(c.data);

    memset(&c, 0, sizeof c);
    c.stop_after_calls = 1;
    c.stop_with = -1;
    CHECK(clipfeed_feed_write_rss(feed, NULL, CLIPFEED_RSS_ENRICHED, collect, &c) == CLIPFEED_ECANCELED);
    CHECK(c.calls == 2);
    CHECK(strstr(clipfeed_last_error(), "clipfeed_feed_write_rss") != NULL);
    CHECK(strstr(clipfeed_last_error(), "returned -1") != NULL);
    free(c.data);

    /* Bad arguments. */
    memset(&c, 0, sizeof c);
    CHECK(clipfeed_feed_write_json(NULL, CLIPFEED_JSON_PRETTY, collect, &c) == CLIPFEED_EINVAL);
    CHECK(clipfeed_feed_write_json(feed, CLIPFEED_JSON_PRETTY, NULL, &c) == CLIPFEED_EINVAL);
    CHECK(clipfeed_feed_write_json(feed, 99, collect, &c) == CLIPFEED_EINVAL);
    CHECK(clipfeed_feed_write_rss(NULL, NULL, 0, collect, &c) == CLIPFEED_EINVAL);
    CHECK(clipfeed_feed_write_rss(feed, NULL, 0, NULL, &c) == CLIPFEED_EINVAL);
    CHECK(clipfeed_feed_write_rss(feed, NULL, 64, collect, &c) == CLIPFEED_EINVAL);
    CHECK(strstr(clipfeed_last_error(), "unknown flags 64") != NULL);
    CHECK(c.calls == 0);

    clipfeed_feed_free(feed);
    free(doc);
    if (failures) fprintf(stderr, "%d checks failed\n", failures);
    return failures ? 1 : 0;
}

/* A C program that uses libclipfeed.so through its public header only, as a
 * feed reader would: parse a file, read every kind of field, the clipping, the
 * JSON, and the error paths. Usage: capi_end_to_end FEED_FILE */
#include "clipfeed.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int same(const char *a, const char *b) { return a && b && strcmp(a, b) == 0; }

static void read_feed(const char *path) {
    clipfeed_feed *feed = NULL;
    const clipfeed_item *item;
    const clipfeed_clipping *clip;
    const clipfeed_enclosure *enclosure;
    int64_t when = 0, length = 0;
    int minutes = 0;
    char *json = NULL;

    CHECK(clipfeed_feed_parse_file(&feed, path, NULL) == CLIPFEED_OK);
    if (!feed) return;
    CHECK(same(clipfeed_feed_format(feed), "rss"));
    CHECK(same(clipfeed_feed_version(feed), "rss20"));
    CHECK(same(clipfeed_feed_encoding(feed), "utf-8"));
    CHECK(same(clipfeed_feed_title(feed), "Reading list"));
    CHECK(same(clipfeed_feed_link(feed), "https://reading.example.com/"));
    CHECK(clipfeed_feed_image(feed) == NULL);
    CHECK(clipfeed_feed_updated(&when, feed) == CLIPFEED_OK && when == 1795262400); /* 2026-11-21T12:00:00Z */
    CHECK(clipfeed_feed_published(&when, feed) == CLIPFEED_ENOTFOUND);
    CHECK(clipfeed_feed_author_count(feed) == 1);
    CHECK(same(clipfeed_person_name(clipfeed_feed_author(feed, 0)), "Sam Reader"));
    CHECK(same(clipfeed_person_email(clipfeed_feed_author(feed, 0)), "list@reading.example.com"));
    CHECK(clipfeed_feed_author(feed, 1) == NULL);
    CHECK(clipfeed_feed_recovered(feed) == 0);
    CHECK(clipfeed_feed_item_count(feed) == 2);
    CHECK(clipfeed_feed_item(feed, 2) == NULL);

    item = clipfeed_feed_item(feed, 0);
    CHECK(same(clipfeed_item_id(item), "orchard-1"));
    CHECK(same(clipfeed_item_title(item), "Orchard harvest"));
    CHECK(same(clipfeed_item_content_type(item), "html"));
    CHECK(clipfeed_item_published(&when, item) == CLIPFEED_OK && when == 1795193100); /* 2026-11-20T16:45:00Z */
    CHECK(clipfeed_item_category_count(item) == 1 && same(clipfeed_item_category(item, 0), "farming"));
    CHECK(clipfeed_item_enclosure_count(item) == 1);
    enclosure = clipfeed_item_enclosure(item, 0);
    CHECK(same(clipfeed_enclosure_url(enclosure), "https://reading.example.com/audio/orchard.ogg"));
    CHECK(same(clipfeed_enclosure_type(enclosure), "audio/ogg"));
    CHECK(clipfeed_enclosure_length(&length, enclosure) == CLIPFEED_OK && length == 2048);

    clip = clipfeed_item_clipping(item);
    CHECK(clip != NULL);
    CHECK(clipfeed_clipping_quote_count(clip) == 2);
    CHECK(same(clipfeed_clipping_quote_text(clip, 0),
               "Growers picked 40% more apples than last year, helped by a mild spring."));
    CHECK(clipfeed_clipping_quote_label(clip, 0) == NULL);
    CHECK(same(clipfeed_clipping_quote_label(clip, 1), "What's next"));
    CHECK(same(clipfeed_clipping_summary(clip), "A record apple harvest strains storage across the valley."));
    CHECK(clipfeed_clipping_tag_count(clip) == 2 && same(clipfeed_clipping_tag(clip, 1), "farming"));
    CHECK(same(clipfeed_clipping_source(clip), "The Valley Post"));
    CHECK(same(clipfeed_clipping_source_url(clip), "https://reading.example.com/out/orchard"));
    CHECK(clipfeed_clipping_read_time(&minutes, clip) == CLIPFEED_OK && minutes == 2);

    item = clipfeed_feed_item(feed, 1);
    CHECK(clipfeed_item_clipping(item) == NULL);
    CHECK(same(clipfeed_item_summary_type(item), "html"));
    CHECK(clipfeed_item_content(item) == NULL);

    CHECK(clipfeed_feed_to_json(&json, feed, CLIPFEED_JSON_PRETTY) == CLIPFEED_OK);
    CHECK(json && strstr(json, "\"source\": \"The Valley Post\"") != NULL);
    clipfeed_string_free(json);
    clipfeed_feed_free(feed);
}

static void error_paths(void) {
    clipfeed_feed *feed = (clipfeed_feed *)1; /* must be reset to NULL on failure */
    clipfeed_clipping *clipping = NULL;
    char *json = NULL;

    CHECK(clipfeed_feed_parse(NULL, "x", 1, NULL, NULL) == CLIPFEED_EINVAL);
    CHECK(strlen(clipfeed_last_error()) > 0);
    CHECK(clipfeed_feed_parse(&feed, NULL, 5, NULL, NULL) == CLIPFEED_EINVAL && feed == NULL);
    CHECK(clipfeed_feed_parse_file(&feed, "/no/such/dir/feed.xml", NULL) == CLIPFEED_EIO && feed == NULL);
    CHECK(strstr(clipfeed_last_error(), "/no/such/dir/feed.xml") != NULL);
    CHECK(same(clipfeed_strerror(CLIPFEED_EIO), "input/output error"));
    CHECK(clipfeed_strerror(9999) != NULL);
    CHECK(clipfeed_clipping_extract(&clipping, "x", 1, 42, NULL) == CLIPFEED_EINVAL);
    CHECK(clipfeed_feed_to_json(&json, NULL, CLIPFEED_JSON_COMPACT) == CLIPFEED_EINVAL && json == NULL);

    /* A broken document is not an error: it parses, flagged. */
    CHECK(clipfeed_feed_parse(&feed, "<rss><channel><item><title>a < b</title></item>", 47, NULL, NULL) ==
          CLIPFEED_OK);
    CHECK(clipfeed_feed_recovered(feed) == 1 && clipfeed_feed_warning_count(feed) > 0);
    CHECK(clipfeed_feed_warning(feed, 0) != NULL);
    clipfeed_feed_free(feed);

    /* Getters and frees are NULL-safe. */
    CHECK(clipfeed_feed_title(NULL) == NULL && clipfeed_feed_item_count(NULL) == 0);
    CHECK(clipfeed_item_title(NULL) == NULL && clipfeed_clipping_quote_count(NULL) == 0);
    clipfeed_feed_free(NULL);
    clipfeed_clipping_free(NULL);
    clipfeed_parse_options_free(NULL);
    clipfeed_string_free(NULL);
}

static void standalone_clipping(void) {
    const char *text = "\"The river rose two metres overnight.\"\n"
                       "Residents moved cars to higher ground.\n"
                       "#floods #weather\n"
                       "Read at The Example Gazette\n";
    clipfeed_clipping *clip = NULL;
    char *json = NULL;
    CHECK(clipfeed_clipping_extract(&clip, text, strlen(text), CLIPFEED_CONTENT_TEXT, NULL) == CLIPFEED_OK);
    CHECK(clip != NULL);
    CHECK(clipfeed_clipping_quote_count(clip) == 1);
    CHECK(same(clipfeed_clipping_source(clip), "The Example Gazette"));
    CHECK(clipfeed_clipping_to_json(&json, clip, CLIPFEED_JSON_COMPACT) == CLIPFEED_OK && json != NULL);
    clipfeed_string_free(json);
    clipfeed_clipping_free(clip);

    clip = (clipfeed_clipping *)1;
    CHECK(clipfeed_clipping_extract(&clip, "Just a sentence.", 16, CLIPFEED_CONTENT_DETECT, NULL) == CLIPFEED_OK);
    CHECK(clip == NULL);
}

/* A big feed's memory is kept for the next one after it is freed, and
   clipfeed_memory_release gives it back: at least the document's bytes. */
static void memory_released(void) {
    static const char head[] = "<rss version=\"2.0\"><channel><title>Big</title>";
    static const char item[] = "<item><title>An item</title><description>Words words words words words "
                               "words words words words words words words words.</description></item>";
    static const char tail[] = "</channel></rss>";
    const size_t items = 6u * 1024 * 1024 / (sizeof item - 1); /* 6 MiB: past the 4 MiB of a big feed */
    const size_t size = (sizeof head - 1) + items * (sizeof item - 1) + (sizeof tail - 1);
    char *doc = malloc(size);
    char *at = doc;
    size_t i;
    clipfeed_feed *feed = NULL;
    size_t released;

    CHECK(doc != NULL);
    if (!doc) return;
    memcpy(at, head, sizeof head - 1);
    at += sizeof head - 1;
    for (i = 0; i < items; ++i, at += sizeof item - 1) memcpy(at, item, sizeof item - 1);
    memcpy(at, tail, sizeof tail - 1);

    clipfeed_memory_release(); /* start from nothing kept */
    CHECK(clipfeed_feed_parse(&feed, doc, size, NULL, NULL) == CLIPFEED_OK);
    CHECK(clipfeed_feed_item_count(feed) == items);
    clipfeed_feed_free(feed);
    released = clipfeed_memory_release();
    CHECK(released >= size);
    CHECK(clipfeed_memory_release() == 0); /* nothing left to give back */
    free(doc);
}

/* A host may free what it holds at exit, after the library's per-thread
   state is gone: that must still work (the sanitizer builds would see it). */
/* A server standing in for the original feed: its schedule and its own guids. */
static void schedule_and_item_guids(void) {
    static const char ttl_feed[] =
        "<rss version=\"2.0\"><channel><title>T</title><ttl>30</ttl>"
        "<item><guid>urn:x:1</guid><title>a</title></item>"
        "<item><guid>urn:x:1</guid><title>b</title></item>"
        "<item><link>http://example.com/c</link></item></channel></rss>";
    static const char sy_feed[] =
        "<rss version=\"2.0\" xmlns:sy=\"http://purl.org/rss/1.0/modules/syndication/\"><channel>"
        "<sy:updatePeriod>daily</sy:updatePeriod><sy:updateFrequency>4</sy:updateFrequency></channel></rss>";
    static const char plain_feed[] = "<rss version=\"2.0\"><channel><title>P</title></channel></rss>";
    clipfeed_feed *feed = NULL;
    int64_t seconds = 0;
    char *rss = NULL;

    CHECK(clipfeed_feed_parse(&feed, ttl_feed, sizeof ttl_feed - 1, NULL, NULL) == CLIPFEED_OK);
    CHECK(clipfeed_feed_update_interval(&seconds, feed) == CLIPFEED_OK && seconds == 30 * 60);
    CHECK(clipfeed_feed_to_rss(&rss, feed, "http://example.com/feed", CLIPFEED_RSS_ITEM_GUIDS) == CLIPFEED_OK);
    CHECK(rss && strstr(rss, ">urn:x:1</guid>") && strstr(rss, ">urn:x:1#2</guid>") &&
          strstr(rss, ">http://example.com/c</guid>") && !strstr(rss, "http://example.com/feed#"));
    clipfeed_string_free(rss);
    CHECK(clipfeed_feed_to_rss(&rss, feed, "http://example.com/feed", CLIPFEED_RSS_ENRICHED) == CLIPFEED_OK);
    CHECK(rss && strstr(rss, ">http://example.com/feed#urn:x:1</guid>"));
    clipfeed_string_free(rss);
    CHECK(clipfeed_feed_to_rss(&rss, feed, NULL, 64) == CLIPFEED_EINVAL && rss == NULL);
    clipfeed_feed_free(feed);

    CHECK(clipfeed_feed_parse(&feed, sy_feed, sizeof sy_feed - 1, NULL, NULL) == CLIPFEED_OK);
    CHECK(clipfeed_feed_update_interval(&seconds, feed) == CLIPFEED_OK && seconds == 6 * 3600);
    clipfeed_feed_free(feed);
    CHECK(clipfeed_feed_parse(&feed, plain_feed, sizeof plain_feed - 1, NULL, NULL) == CLIPFEED_OK);
    CHECK(clipfeed_feed_update_interval(&seconds, feed) == CLIPFEED_ENOTFOUND);
    CHECK(clipfeed_feed_update_interval(&seconds, NULL) == CLIPFEED_EINVAL);
    clipfeed_feed_free(feed);
}

static clipfeed_feed *kept_until_exit = NULL;
static void free_at_exit(void) { clipfeed_feed_free(kept_until_exit); }

static void freed_at_exit(const char *path) {
    CHECK(clipfeed_feed_parse_file(&kept_until_exit, path, NULL) == CLIPFEED_OK);
    CHECK(clipfeed_feed_item_count(kept_until_exit) > 0);
    CHECK(atexit(free_at_exit) == 0);
}

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: %s FEED_FILE\n", argv[0]);
        return 2;
    }
    read_feed(argv[1]);
    freed_at_exit(argv[1]);
    error_paths();
    standalone_clipping();
    memory_released();
    schedule_and_item_guids();
    if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
    return failures ? 1 : 0;
}

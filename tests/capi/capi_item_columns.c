/* clipfeed_feed_item_columns against the per-field getters: on every feed
 * given, each column holds exactly what the getter beside it in clipfeed.h
 * returns (the same pointer: strings are the feed's own), the start arrays
 * are consistent, a second call gives the same struct, threads asking at once
 * agree, and NULL arguments are CLIPFEED_EINVAL with a message.
 * Usage: capi_item_columns FEED_FILE... (the project's feeds with clippings). */
#include "clipfeed.h"
#include "check.h"

#include <pthread.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>

/* The same value: both NULL, or the same bytes (the columns point at the
 * getters' own strings, so the pointers are equal too). */
static int same_string(const char *column, const char *getter) {
    if (!column || !getter) return column == getter;
    return column == getter && strcmp(column, getter) == 0;
}

/* Two handles with the same clipping (the item's clipping is a copy of its first). */
static int same_clipping(const clipfeed_clipping *a, const clipfeed_clipping *b) {
    size_t i;
    int ma = 0, mb = 0;
    int ra = clipfeed_clipping_read_time(&ma, a), rb = clipfeed_clipping_read_time(&mb, b);
    if (clipfeed_clipping_quote_count(a) != clipfeed_clipping_quote_count(b)) return 0;
    if (clipfeed_clipping_tag_count(a) != clipfeed_clipping_tag_count(b)) return 0;
    for (i = 0; i < clipfeed_clipping_quote_count(a); ++i)
        if (!same_string(clipfeed_clipping_quote_text(a, i), clipfeed_clipping_quote_text(b, i)) ||
            !same_string(clipfeed_clipping_quote_label(a, i), clipfeed_clipping_quote_label(b, i)))
            return 0;
    for (i = 0; i < clipfeed_clipping_tag_count(a); ++i)
        if (!same_string(clipfeed_clipping_tag(a, i), clipfeed_clipping_tag(b, i))) return 0;
    return same_string(clipfeed_clipping_summary(a), clipfeed_clipping_summary(b)) &&
           same_string(clipfeed_clipping_source(a), clipfeed_clipping_source(b)) &&
           same_string(clipfeed_clipping_source_url(a), clipfeed_clipping_source_url(b)) && ra == rb &&
           (ra != CLIPFEED_OK || ma == mb);
}

/* Checks every column of `feed` against the getters; returns how many
 * clippings the feed holds. */
static size_t check_feed(const char *path, const clipfeed_feed *feed) {
    const clipfeed_item_columns *c = NULL;
    const clipfeed_item_columns *again = NULL;
    size_t i, k, q, t, items;
    size_t clipping = 0, quote = 0, tag = 0;

    CHECK(clipfeed_feed_item_columns(&c, feed) == CLIPFEED_OK);
    if (!c) return 0;
    CHECK(c->struct_size == sizeof(clipfeed_item_columns));
    CHECK(c->reserved == 0);
    CHECK(clipfeed_feed_item_columns(&again, feed) == CLIPFEED_OK && again == c); /* built once, kept */

    items = clipfeed_feed_item_count(feed);
    CHECK(c->item_count == items);
    CHECK(c->clipping_starts[0] == 0 && c->clipping_starts[c->item_count] == c->clipping_count);
    CHECK(c->clipping_count == 0 || (c->quote_starts[0] == 0 && c->tag_starts[0] == 0));
    for (i = 0; i < items && i < c->item_count; ++i) {
        const clipfeed_item *item = clipfeed_feed_item(feed, i);
        size_t count = clipfeed_item_clipping_count(item);
        CHECK(same_string(c->titles[i], clipfeed_item_title(item)));
        CHECK(c->clipping_starts[i] == clipping);
        CHECK(c->clipping_starts[i + 1] - c->clipping_starts[i] == count);
        CHECK((count > 0) == (clipfeed_item_clipping(item) != NULL));
        if (count > 0) CHECK(same_clipping(clipfeed_item_clipping(item), clipfeed_item_clipping_at(item, 0)));
        for (k = 0; k < count; ++k, ++clipping) {
            const clipfeed_clipping *clip = clipfeed_item_clipping_at(item, k);
            int minutes = 0;
            int has_minutes = clipfeed_clipping_read_time(&minutes, clip) == CLIPFEED_OK;
            size_t quotes = clipfeed_clipping_quote_count(clip), tags = clipfeed_clipping_tag_count(clip);
            if (clipping >= c->clipping_count) break;
            CHECK(same_string(c->summaries[clipping], clipfeed_clipping_summary(clip)));
            CHECK(same_string(c->sources[clipping], clipfeed_clipping_source(clip)));
            CHECK(same_string(c->source_urls[clipping], clipfeed_clipping_source_url(clip)));
            CHECK(c->read_times[clipping] == (has_minutes ? minutes : -1));
            CHECK(c->quote_starts[clipping] == quote && c->quote_starts[clipping + 1] - quote == quotes);
            CHECK(c->tag_starts[clipping] == tag && c->tag_starts[clipping + 1] - tag == tags);
            for (q = 0; q < quotes && quote < c->quote_count; ++q, ++quote) {
                CHECK(c->quote_texts[quote] != NULL);
                CHECK(same_string(c->quote_texts[quote], clipfeed_clipping_quote_text(clip, q)));
                CHECK(same_string(c->quote_labels[quote], clipfeed_clipping_quote_label(clip, q)));
            }
            for (t = 0; t < tags && tag < c->tag_count; ++t, ++tag) {
                CHECK(c->tags[tag] != NULL);
                CHECK(same_string(c->tags[tag], clipfeed_clipping_tag(clip, t)));
            }
        }
    }
    CHECK(clipping == c->clipping_count);
    CHECK(quote == c->quote_count);
    CHECK(tag == c->tag_count);
    if (failures) fprintf(stderr, "in %s\n", path);
    return c->clipping_count;
}

/* Threads that ask for a fresh feed's columns at once all get the same one. */
struct race {
    const clipfeed_feed *feed;
    const clipfeed_item_columns *got;
    int code;
};

static void *ask(void *arg) {
    struct race *r = (struct race *)arg;
    r->code = clipfeed_feed_item_columns(&r->got, r->feed);
    return NULL;
}

static void check_threads(const char *path) {
    clipfeed_feed *feed = NULL;
    struct race races[4];
    pthread_t threads[4];
    int i;
    CHECK(clipfeed_feed_parse_file(&feed, path, NULL) == CLIPFEED_OK);
    for (i = 0; i < 4; ++i) {
        races[i].feed = feed;
        races[i].got = NULL;
        races[i].code = -1;
        CHECK(pthread_create(&threads[i], NULL, ask, &races[i]) == 0);
    }
    for (i = 0; i < 4; ++i) pthread_join(threads[i], NULL);
    for (i = 0; i < 4; ++i) CHECK(races[i].code == CLIPFEED_OK && races[i].got != NULL && races[i].got == races[0].got);
    clipfeed_feed_free(feed);
}

static void check_null_arguments(const char *path) {
    const clipfeed_item_columns *c = (const clipfeed_item_columns *)&c; /* not NULL: must be reset */
    clipfeed_feed *feed = NULL;
    CHECK(clipfeed_feed_item_columns(&c, NULL) == CLIPFEED_EINVAL);
    CHECK(c == NULL);
    CHECK(strstr(clipfeed_last_error(), "clipfeed_feed_item_columns") != NULL);
    CHECK(strstr(clipfeed_last_error(), "feed is NULL") != NULL);
    CHECK(clipfeed_feed_parse_file(&feed, path, NULL) == CLIPFEED_OK);
    CHECK(clipfeed_feed_item_columns(NULL, feed) == CLIPFEED_EINVAL);
    CHECK(strstr(clipfeed_last_error(), "out is NULL") != NULL);
    clipfeed_feed_free(feed);
}

/* A feed without items: empty columns, consistent starts. */
static void check_empty(void) {
    static const char doc[] = "<rss version=\"2.0\"><channel><title>none</title></channel></rss>";
    clipfeed_feed *feed = NULL;
    const clipfeed_item_columns *c = NULL;
    CHECK(clipfeed_feed_parse(&feed, doc, sizeof doc - 1, NULL, NULL) == CLIPFEED_OK);
    CHECK(clipfeed_feed_item_columns(&c, feed) == CLIPFEED_OK);
    if (c) {
        CHECK(c->item_count == 0 && c->clipping_count == 0 && c->quote_count == 0 && c->tag_count == 0);
        CHECK(c->clipping_starts != NULL && c->clipping_starts[0] == 0);
    }
    clipfeed_feed_free(feed);
}

int main(int argc, char **argv) {
    size_t clippings = 0;
    int i;
    if (argc < 2) {
        fprintf(stderr, "usage: %s FEED_FILE...\n", argv[0]);
        return 2;
    }
    for (i = 1; i < argc; ++i) {
        clipfeed_feed *feed = NULL;
        if (clipfeed_feed_parse_file(&feed, argv[i], NULL) != CLIPFEED_OK) {
            fprintf(stderr, "%s: %s\n", argv[i], clipfeed_last_error());
            return 1;
        }
        clippings += check_feed(argv[i], feed);
        clipfeed_feed_free(feed);
    }
    /* The feeds given must hold clippings, or the test compares nothing. */
    CHECK(clippings > 0);
    check_threads(argv[1]);
    check_null_arguments(argv[1]);
    check_empty();
    if (failures) {
        fprintf(stderr, "%d check(s) failed\n", failures);
        return 1;
    }
    printf("item columns agree with the getters on %d feeds (%zu clippings)\n", argc - 1, clippings);
    return 0;
}

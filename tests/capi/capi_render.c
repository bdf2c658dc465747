/* clipfeed_clipping_to_html() through the public header: for every clipping
 * in the feeds given, the HTML equals what clipfeed_feed_to_rss() (and so
 * `clipfeed filter`) puts at the top of the item's content:encoded, the same
 * clipping extracted on its own renders the same, and the HTML read back is
 * the same clipping. Usage: capi_render FEED_FILE... */
#include "clipfeed.h"
#include "check.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char *joined(const char *a, const char *b, const char *c) {
    size_t n = strlen(a) + strlen(b) + strlen(c) + 1;
    char *s = malloc(n);
    if (s) snprintf(s, n, "%s%s%s", a, b, c);
    return s;
}

static char *json_of(const clipfeed_clipping *clipping) {
    char *json = NULL;
    return clipfeed_clipping_to_json(&json, clipping, CLIPFEED_JSON_COMPACT) == CLIPFEED_OK ? json : NULL;
}

/* The standalone extraction of `text` (the item's own HTML content) renders
 * as the item's clipping does, and its rendering reads back as the same
 * clipping. */
static void check_round_trip(const char *html, const char *link, const char *want_json) {
    clipfeed_clipping *again = NULL;
    char *json;
    CHECK(clipfeed_clipping_extract(&again, html, strlen(html), CLIPFEED_CONTENT_HTML, link) == CLIPFEED_OK);
    CHECK(again != NULL);
    if (!again) return;
    json = json_of(again);
    CHECK(json && want_json && strcmp(json, want_json) == 0);
    if (json && want_json && strcmp(json, want_json) != 0)
        fprintf(stderr, "read back: %s\nwanted:    %s\n", json, want_json);
    clipfeed_string_free(json);
    clipfeed_clipping_free(again);
}

static int check_feed(const char *path) {
    clipfeed_feed *feed = NULL;
    char *rss = NULL;
    size_t i, clippings = 0;

    CHECK(clipfeed_feed_parse_file(&feed, path, NULL) == CLIPFEED_OK);
    if (!feed) return 0;
    CHECK(clipfeed_feed_to_rss(&rss, feed, NULL, CLIPFEED_RSS_ENRICHED) == CLIPFEED_OK);
    for (i = 0; rss && i < clipfeed_feed_item_count(feed); i++) {
        const clipfeed_item *item = clipfeed_feed_item(feed, i);
        const clipfeed_clipping *clipping = clipfeed_item_clipping(item);
        char *html = NULL, *in_rss, *json;
        if (!clipping) continue;
        ++clippings;
        CHECK(clipfeed_clipping_to_html(&html, clipping) == CLIPFEED_OK);
        if (!html) continue;
        CHECK(strncmp(html, "<blockquote>", 12) == 0);
        /* The enriched item's content:encoded is this rendering, a rule, the original. */
        in_rss = joined("<content:encoded><![CDATA[", html, "<hr>\n");
        CHECK(in_rss && strstr(rss, in_rss) != NULL);
        if (in_rss && !strstr(rss, in_rss)) fprintf(stderr, "%s: not in the RSS output:\n%s\n", path, html);
        free(in_rss);
        json = json_of(clipping);
        check_round_trip(html, clipfeed_item_link(item), json);
        clipfeed_string_free(json);
        clipfeed_string_free(html);
    }
    clipfeed_string_free(rss);
    clipfeed_feed_free(feed);
    return (int)clippings;
}

int main(int argc, char **argv) {
    char *html = (char *)"unchanged";
    clipfeed_clipping *clipping = NULL;
    int i, clippings = 0;

    for (i = 1; i < argc; i++) clippings += check_feed(argv[i]);
    CHECK(clippings >= 3);

    /* NULL arguments are errors, never crashes; *out is cleared. */
    CHECK(clipfeed_clipping_to_html(NULL, NULL) == CLIPFEED_EINVAL);
    CHECK(clipfeed_clipping_to_html(&html, NULL) == CLIPFEED_EINVAL && html == NULL);
    CHECK(strstr(clipfeed_last_error(), "clipfeed_clipping_to_html") != NULL);

    /* Values are escaped: markup in a quote stays text. */
    {
        const char *text = "\"Tom & Jerry <b>run</b> the mill.\"\n#mills\n";
        CHECK(clipfeed_clipping_extract(&clipping, text, strlen(text), CLIPFEED_CONTENT_TEXT, NULL) == CLIPFEED_OK);
        CHECK(clipping && clipfeed_clipping_to_html(&html, clipping) == CLIPFEED_OK);
        CHECK(html && strstr(html, "Tom &amp; Jerry &lt;b&gt;run&lt;/b&gt;") != NULL);
        CHECK(html && strstr(html, "<p>#mills</p>") != NULL);
        clipfeed_string_free(html);
        clipfeed_clipping_free(clipping);
    }
    printf("%d clippings rendered, %d failure(s)\n", clippings, failures);
    return failures ? 1 : 0;
}

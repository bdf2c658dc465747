/* The public header must compile as strict C99 (-std=c99 -pedantic -Werror)
 * on its own: no C++ constructs, no extensions. Every declaration is used so
 * a typo in a prototype fails to link. */
#include "clipfeed.h"

#include <stdio.h>

static int count_response(clipfeed_response *response, void *user_data) {
    ++*(int *)user_data;
    clipfeed_response_free(response);
    return 0;
}

/* Declared and called, not run against a server: a fetch of port 1 fails fast. */
static void fetch_api_compiles(void) {
    clipfeed_fetcher *fetcher = NULL;
    clipfeed_response *response = NULL;
    const char *urls[1] = {"http://127.0.0.1:1/"};
    int64_t value = 0;
    size_t size = 0;
    int seen = 0;
    char *json = NULL;
    if (clipfeed_fetcher_new(&fetcher) != CLIPFEED_OK) return;
    clipfeed_fetcher_set_user_agent(fetcher, "c99-test");
    clipfeed_fetcher_set_connect_timeout_ms(fetcher, 1000);
    clipfeed_fetcher_set_timeout_ms(fetcher, 2000);
    clipfeed_fetcher_set_low_speed(fetcher, 10, 5);
    clipfeed_fetcher_set_max_body_bytes(fetcher, 1 << 20);
    clipfeed_fetcher_set_max_redirects(fetcher, 3);
    clipfeed_fetcher_set_proxy(fetcher, "");
    clipfeed_fetcher_set_ca_file(fetcher, NULL);
    clipfeed_fetcher_set_verify_tls(fetcher, 1);
    clipfeed_fetcher_set_max_connections(fetcher, 4);
    clipfeed_fetcher_set_max_host_connections(fetcher, 2);
    clipfeed_fetcher_set_clippings(fetcher, 1);
    clipfeed_fetcher_set_parse_options(fetcher, NULL);
    clipfeed_fetcher_set_block_private_addresses(fetcher, 0);
    (void)clipfeed_fetcher_fetch(&response, fetcher, urls[0], NULL, NULL);
    (void)clipfeed_response_error(response);
    (void)clipfeed_response_error_message(response);
    (void)clipfeed_response_url(response);
    (void)clipfeed_response_final_url(response);
    (void)clipfeed_response_discovered_url(response);
    (void)clipfeed_response_status(response);
    (void)clipfeed_response_not_modified(response);
    (void)clipfeed_response_permanent_redirect(response);
    (void)clipfeed_response_permanent_url(response);
    (void)clipfeed_response_etag(response);
    (void)clipfeed_response_last_modified(response);
    (void)clipfeed_response_content_type(response);
    (void)clipfeed_response_max_age(&value, response);
    (void)clipfeed_response_expires(&value, response);
    (void)clipfeed_response_retry_after(&value, response);
    (void)clipfeed_response_elapsed_ms(response);
    (void)clipfeed_response_body(response, &size);
    (void)clipfeed_response_feed(response);
    if (clipfeed_response_to_json(&json, response, CLIPFEED_JSON_COMPACT) == CLIPFEED_OK) clipfeed_string_free(json);
    clipfeed_response_free(response);
    (void)clipfeed_fetcher_fetch_many(fetcher, urls, NULL, NULL, 1, count_response, &seen);
    clipfeed_fetcher_free(fetcher);
}

static int64_t fixed_clock(void *user_data) { return *(int64_t *)user_data; }
static int take_item(const char *url, const char *key, const clipfeed_feed *feed, const clipfeed_item *item,
                     void *user_data) {
    (void)url, (void)key, (void)feed, (void)item, (void)user_data;
    return 0;
}
static void poll_error(const char *url, const char *key, int code, const char *message, void *user_data) {
    (void)url, (void)key, (void)code, (void)message, (void)user_data;
}
static void moved(const char *old_url, const char *new_url, const char *key, void *user_data) {
    (void)old_url, (void)new_url, (void)key, (void)user_data;
}
static void gone(const char *url, const char *key, void *user_data) { (void)url, (void)key, (void)user_data; }

/* The poller API, against a feed nothing serves (port 1). */
static void poller_api_compiles(void) {
    clipfeed_poller *poller = NULL;
    clipfeed_subscriptions *subs = NULL;
    int64_t now = 1700000000, next = 0;
    char *opml = NULL;
    size_t added = 0;
    if (clipfeed_poller_new(&poller, NULL) != CLIPFEED_OK) return;
    clipfeed_poller_set_default_interval(poller, 3600);
    clipfeed_poller_set_min_interval(poller, 60);
    clipfeed_poller_set_max_backoff(poller, 86400);
    clipfeed_poller_set_retention(poller, 86400);
    clipfeed_poller_set_max_host_connections(poller, 2);
    clipfeed_poller_set_max_connections(poller, 8);
    clipfeed_poller_set_user_agent(poller, "c99-test");
    clipfeed_poller_set_timeout_ms(poller, 2000);
    clipfeed_poller_set_lease(poller, 120);
    /* Neither state can be opened: an error, and nothing written. */
    (void)clipfeed_state_copy("/nonexistent/a.db", "/nonexistent/b.db", NULL, NULL);
    (void)CLIPFEED_EUNAVAILABLE;
    clipfeed_poller_set_parse_options(poller, NULL);
    clipfeed_poller_set_clock(poller, fixed_clock, &now);
    clipfeed_poller_on_new_item(poller, take_item, NULL);
    clipfeed_poller_on_updated_item(poller, take_item, NULL);
    clipfeed_poller_on_error(poller, poll_error, NULL);
    clipfeed_poller_on_moved(poller, moved, NULL);
    clipfeed_poller_on_gone(poller, gone, NULL);
    clipfeed_poller_add_feed(poller, "http://127.0.0.1:1/feed", 0, "key");
    (void)clipfeed_poller_import_opml(poller, "/nonexistent.opml", &added);
    if (clipfeed_poller_export_opml(&opml, poller) == CLIPFEED_OK) clipfeed_string_free(opml);
    (void)clipfeed_poller_run_due(poller, &next);
    if (clipfeed_poller_subscriptions(&subs, poller) == CLIPFEED_OK) {
        (void)clipfeed_subscriptions_count(subs);
        (void)clipfeed_subscriptions_url(subs, 0);
        (void)clipfeed_subscriptions_key(subs, 0);
        (void)clipfeed_subscriptions_title(subs, 0);
        (void)clipfeed_subscriptions_last_error(subs, 0);
        (void)clipfeed_subscriptions_next_poll(subs, 0);
        (void)clipfeed_subscriptions_error_count(subs, 0);
        (void)clipfeed_subscriptions_gone(subs, 0);
        clipfeed_subscriptions_free(subs);
    }
    clipfeed_poller_remove_feed(poller, "http://127.0.0.1:1/feed");
    clipfeed_poller_start(poller);
    clipfeed_poller_stop(poller);
    clipfeed_poller_cancel(poller);
    clipfeed_poller_resume(poller);
    clipfeed_poller_free(poller);
}

/* A clipfeed_write_callback that drops what it gets. */
static int discard_output(const char *data, size_t size, void *user_data) {
    (void)data;
    (void)size;
    (void)user_data;
    return 0;
}

int main(void) {
    clipfeed_feed *feed = NULL;
    clipfeed_parse_options *options = NULL;
    clipfeed_clipping *clipping = NULL;
    const clipfeed_item *item;
    int64_t when = 0;
    int minutes = 0;
    char *json = NULL;

    printf("clipfeed %s (%d.%d.%d)\n", clipfeed_version(), CLIPFEED_VERSION_MAJOR, CLIPFEED_VERSION_MINOR,
           CLIPFEED_VERSION_PATCH);
    if (clipfeed_parse_options_new(&options) != CLIPFEED_OK) return 1;
    clipfeed_parse_options_set_url(options, "https://example.org/feed");
    clipfeed_parse_options_set_content_type(options, "application/rss+xml; charset=utf-8");
    clipfeed_parse_options_set_content_location(options, NULL);
    clipfeed_parse_options_set_content_language(options, "en");
    clipfeed_parse_options_set_clippings(options, 1);
    clipfeed_parse_options_set_sanitize(options, 1);
    clipfeed_parse_options_set_max_document_bytes(options, 1 << 20);
    clipfeed_parse_options_set_max_items(options, 1000);
    clipfeed_parse_options_set_max_depth(options, 64);
    clipfeed_parse_options_set_max_text_bytes(options, 1 << 16);
    clipfeed_parse_options_set_max_attributes(options, 32);
    if (clipfeed_feed_parse_with_options(&feed, "<rss version=\"2.0\"><channel><item/></channel></rss>", 51,
                                         options) != CLIPFEED_OK)
        return 1;
    clipfeed_parse_options_free(options);
    item = clipfeed_feed_item(feed, 0);
    (void)clipfeed_feed_format(feed);
    (void)clipfeed_feed_version(feed);
    (void)clipfeed_feed_encoding(feed);
    (void)clipfeed_feed_title(feed);
    (void)clipfeed_feed_link(feed);
    (void)clipfeed_feed_feed_url(feed);
    (void)clipfeed_feed_description(feed);
    (void)clipfeed_feed_language(feed);
    (void)clipfeed_feed_image(feed);
    (void)clipfeed_feed_rights(feed);
    (void)clipfeed_feed_updated(&when, feed);
    (void)clipfeed_feed_update_interval(&when, feed);
    (void)clipfeed_feed_published(&when, feed);
    (void)clipfeed_feed_author_count(feed);
    (void)clipfeed_person_name(clipfeed_feed_author(feed, 0));
    (void)clipfeed_person_email(clipfeed_feed_author(feed, 0));
    (void)clipfeed_person_uri(clipfeed_feed_author(feed, 0));
    (void)clipfeed_feed_category_count(feed);
    (void)clipfeed_feed_category(feed, 0);
    (void)clipfeed_feed_item_count(feed);
    (void)clipfeed_feed_recovered(feed);
    (void)clipfeed_feed_warning_count(feed);
    (void)clipfeed_feed_warning(feed, 0);
    (void)clipfeed_item_id(item);
    (void)clipfeed_item_title(item);
    (void)clipfeed_item_link(item);
    (void)clipfeed_item_summary(item);
    (void)clipfeed_item_content(item);
    (void)clipfeed_item_rights(item);
    (void)clipfeed_item_summary_type(item);
    (void)clipfeed_item_content_type(item);
    (void)clipfeed_item_published(&when, item);
    (void)clipfeed_item_updated(&when, item);
    (void)clipfeed_item_author_count(item);
    (void)clipfeed_item_author(item, 0);
    (void)clipfeed_item_category_count(item);
    (void)clipfeed_item_category(item, 0);
    (void)clipfeed_item_enclosure_count(item);
    (void)clipfeed_enclosure_url(clipfeed_item_enclosure(item, 0));
    (void)clipfeed_enclosure_type(clipfeed_item_enclosure(item, 0));
    (void)clipfeed_enclosure_length(&when, clipfeed_item_enclosure(item, 0));
    (void)clipfeed_item_clipping(item);
    (void)clipfeed_item_clipping_count(item);
    (void)clipfeed_item_clipping_at(item, 0);
    (void)clipfeed_item_estimated_reading_minutes(item);
    {
        const clipfeed_item_columns *columns = NULL;
        if (clipfeed_feed_item_columns(&columns, feed) == CLIPFEED_OK) {
            if (columns->struct_size < sizeof *columns || columns->clipping_starts[columns->item_count] !=
                                                              columns->clipping_count)
                return 1;
            (void)columns->titles;
            (void)columns->summaries;
            (void)columns->sources;
            (void)columns->source_urls;
            (void)columns->read_times;
            (void)columns->quote_starts;
            (void)columns->tag_starts;
            (void)columns->quote_texts;
            (void)columns->quote_labels;
            (void)columns->tags;
        }
    }
    if (clipfeed_feed_to_json(&json, feed, CLIPFEED_JSON_PRETTY) == CLIPFEED_OK) clipfeed_string_free(json);
    if (clipfeed_feed_to_rss(&json, feed, "http://example.com/feed.xml", CLIPFEED_RSS_ENRICHED) == CLIPFEED_OK)
        clipfeed_string_free(json);
    if (clipfeed_feed_to_rss(&json, feed, NULL, CLIPFEED_RSS_PLAIN | CLIPFEED_RSS_COMPACT) == CLIPFEED_OK)
        clipfeed_string_free(json);
    if (clipfeed_feed_to_rss(&json, feed, NULL, CLIPFEED_RSS_ITEM_GUIDS) == CLIPFEED_OK) clipfeed_string_free(json);
    (void)clipfeed_feed_write_json(feed, CLIPFEED_JSON_COMPACT, discard_output, NULL);
    (void)clipfeed_feed_write_rss(feed, NULL, CLIPFEED_RSS_ENRICHED, discard_output, NULL);
    clipfeed_feed_free(feed);
    (void)clipfeed_feed_parse(&feed, "", 0, NULL, NULL);
    clipfeed_feed_free(feed);
    (void)clipfeed_feed_parse_file(&feed, "/nonexistent", NULL);
    (void)clipfeed_clipping_extract(&clipping, "x", 1, CLIPFEED_CONTENT_DETECT, NULL);
    (void)clipfeed_clipping_quote_count(clipping);
    (void)clipfeed_clipping_quote_text(clipping, 0);
    (void)clipfeed_clipping_quote_label(clipping, 0);
    (void)clipfeed_clipping_summary(clipping);
    (void)clipfeed_clipping_tag_count(clipping);
    (void)clipfeed_clipping_tag(clipping, 0);
    (void)clipfeed_clipping_source(clipping);
    (void)clipfeed_clipping_source_url(clipping);
    (void)clipfeed_clipping_read_time(&minutes, clipping);
    (void)clipfeed_clipping_to_json(&json, clipping, CLIPFEED_JSON_PRETTY);
    if (clipfeed_clipping_to_html(&json, clipping) == CLIPFEED_OK) clipfeed_string_free(json);
    clipfeed_clipping_free(clipping);
    {
        clipfeed_clipping_list *list = NULL;
        if (clipfeed_clip_all(&list, "x", 1, CLIPFEED_CONTENT_DETECT, NULL) == CLIPFEED_OK) {
            (void)clipfeed_clipping_quote_count(clipfeed_clipping_list_at(list, 0));
            if (clipfeed_clipping_list_count(list) > 0) return 1;
            if (clipfeed_clipping_list_to_json(&json, list, CLIPFEED_JSON_COMPACT) == CLIPFEED_OK)
                clipfeed_string_free(json);
        }
        clipfeed_clipping_list_free(list);
        clipfeed_clipping_list_free(NULL);
    }
    fetch_api_compiles();
    poller_api_compiles();
    {
        const clipfeed_plugin_descriptor *d = clipfeed_plugin_entry();
        if (d->abi_version != CLIPFEED_PLUGIN_ABI_VERSION || d->struct_size < sizeof *d) return 1;
    }
    {
        char *item_json = NULL;
        (void)clipfeed_item_to_json(&item_json, NULL, CLIPFEED_JSON_COMPACT);
    }
    (void)clipfeed_strerror(CLIPFEED_ENOMEM);
    (void)clipfeed_last_error();
    return 0;
}

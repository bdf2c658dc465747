/* libcurl, libpq, libxml2 and SQLite are opened on first use, not at start-up: a C
 * host that parses a well-formed feed finds none of them in its address space
 * (/proc/self/maps); recovering a broken feed brings libxml2, fetching from a
 * server on 127.0.0.1 brings libcurl, opening a PostgreSQL state brings libpq,
 * opening a SQLite state brings SQLite, and each then does its work.
 *   clipfeed_capi_lazy_load
 * With --missing (run by tests/capi/test_lazy_load.py with LD_LIBRARY_PATH at
 * a folder of broken libcurl.so.4, libpq.so.5, libxml2.so.2, libsqlite3.so.0): each use that
 * needs one fails with an error naming the library, and nothing crashes. */
#define _POSIX_C_SOURCE 200809L
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "clipfeed.h"
#include "check.h"

/* Whether a mapping of a file whose name starts with `prefix` ("libcurl.so")
 * is in this process. */
static int mapped(const char *prefix) {
    FILE *maps = fopen("/proc/self/maps", "r");
    char line[4096];
    int found = 0;
    if (!maps) {
        perror("/proc/self/maps");
        exit(1);
    }
    while (!found && fgets(line, sizeof line, maps)) {
        const char *slash = strrchr(line, '/');
        if (slash && strncmp(slash + 1, prefix, strlen(prefix)) == 0) found = 1;
    }
    fclose(maps);
    return found;
}

static const char kFeed[] =
    "<?xml version=\"1.0\" encoding=\"utf-8\"?>\n"
    "<rss version=\"2.0\"><channel><title>Lazy</title><link>https://example.org/</link>\n"
    "<item><title>First</title><link>https://example.org/1</link><description>plain text</description></item>\n"
    "<item xml:base=\"https://example.org/news/\"><title>Second</title><link>2</link>"
    "<description>&lt;p&gt;Caf&amp;eacute; &lt;a href=\"3\"&gt;more&lt;/a&gt;&lt;/p&gt;</description></item>\n"
    "</channel></rss>\n";

/* A one-request HTTP server on 127.0.0.1 that answers with kFeed. */
static int listener = -1;
static void *serve_one(void *unused) {
    char request[4096], head[256];
    int client;
    (void)unused;
    client = accept(listener, NULL, NULL);
    if (client < 0) return NULL;
    (void)!read(client, request, sizeof request); /* the whole GET fits */
    snprintf(head, sizeof head,
             "HTTP/1.1 200 OK\r\nContent-Type: application/rss+xml\r\nContent-Length: %zu\r\n"
             "Connection: close\r\n\r\n",
             sizeof kFeed - 1);
    (void)!write(client, head, strlen(head));
    (void)!write(client, kFeed, sizeof kFeed - 1);
    close(client);
    return NULL;
}

static int missing_libraries(void) {
    clipfeed_feed *feed = NULL;
    clipfeed_fetcher *fetcher = NULL;
    clipfeed_poller *poller = NULL;
    static const char broken[] = "<rss version=\"2.0\"><channel><title>Broken</title><item><title>Cut";
    size_t i;
    int found = 0;

    /* A well-formed feed parses as ever. */
    CHECK(clipfeed_feed_parse(&feed, kFeed, sizeof kFeed - 1, NULL, NULL) == CLIPFEED_OK);
    CHECK(feed && clipfeed_feed_item_count(feed) == 2);
    clipfeed_feed_free(feed);
    feed = NULL;

    /* A broken one is not recovered, and a warning says why. */
    CHECK(clipfeed_feed_parse(&feed, broken, sizeof broken - 1, NULL, NULL) == CLIPFEED_OK);
    for (i = 0; feed && i < clipfeed_feed_warning_count(feed); ++i)
        if (strstr(clipfeed_feed_warning(feed, i), "libxml2.so.2 could not be loaded")) found = 1;
    CHECK(found);
    clipfeed_feed_free(feed);

    CHECK(clipfeed_fetcher_new(&fetcher) == CLIPFEED_ERROR);
    CHECK(fetcher == NULL);
    CHECK(strstr(clipfeed_last_error(), "clipfeed_fetcher_new: libcurl.so.4 could not be loaded") != NULL);
    fprintf(stderr, "fetcher: %s\n", clipfeed_last_error());

    CHECK(clipfeed_poller_new(&poller, "postgresql://clipfeed@127.0.0.1:1/clipfeed") == CLIPFEED_ESTATE);
    CHECK(poller == NULL);
    CHECK(strstr(clipfeed_last_error(), "libpq.so.5 could not be loaded") != NULL);
    fprintf(stderr, "poller: %s\n", clipfeed_last_error());

    CHECK(clipfeed_poller_new(&poller, NULL) == CLIPFEED_ESTATE);  /* a SQLite state in memory */
    CHECK(poller == NULL);
    CHECK(strstr(clipfeed_last_error(), "libsqlite3.so.0 could not be loaded") != NULL);
    fprintf(stderr, "SQLite poller: %s\n", clipfeed_last_error());

    if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
    else printf("missing libraries: each use failed with an error naming its library\n");
    return failures ? 1 : 0;
}

int main(int argc, char **argv) {
    clipfeed_feed *feed = NULL;
    if (argc == 2 && strcmp(argv[1], "--missing") == 0) return missing_libraries();
    static const char broken[] = "<rss version=\"2.0\"><channel><title>Broken</title>"
                                 "<item><title>Kept & unescaped</title></item><item><title>Cut";

    /* Loaded by nothing yet: the library's start-up and a parse do not need them. */
    CHECK(!mapped("libcurl.so"));
    CHECK(!mapped("libpq.so"));
    CHECK(!mapped("libxml2.so"));
    CHECK(!mapped("libsqlite3.so"));
    CHECK(clipfeed_feed_parse(&feed, kFeed, sizeof kFeed - 1, NULL, NULL) == CLIPFEED_OK);
    CHECK(feed && clipfeed_feed_item_count(feed) == 2);
    CHECK(feed && !clipfeed_feed_recovered(feed));
    if (feed && clipfeed_feed_item_count(feed) == 2) {
        /* A relative link and HTML entity names need neither libcurl nor libxml2. */
        const clipfeed_item *second = clipfeed_feed_item(feed, 1);
        const char *title = clipfeed_item_title(second), *link = clipfeed_item_link(second);
        const char *summary = clipfeed_item_summary(second);
        CHECK(title && strcmp(title, "Second") == 0);
        CHECK(link && strcmp(link, "https://example.org/news/2") == 0);
        CHECK(summary && strstr(summary, "https://example.org/news/3") != NULL);
    }
    clipfeed_feed_free(feed);
    feed = NULL;
    CHECK(!mapped("libcurl.so"));
    CHECK(!mapped("libpq.so"));
    CHECK(!mapped("libxml2.so"));
    CHECK(!mapped("libsqlite3.so"));

    /* A broken feed goes to libxml2's recovering parser, loaded now. */
    CHECK(clipfeed_feed_parse(&feed, broken, sizeof broken - 1, NULL, NULL) == CLIPFEED_OK);
    CHECK(feed && clipfeed_feed_recovered(feed));
    CHECK(feed && clipfeed_feed_item_count(feed) >= 1);
    if (feed && clipfeed_feed_item_count(feed) >= 1) {
        const char *title = clipfeed_item_title(clipfeed_feed_item(feed, 0));
        CHECK(title && strcmp(title, "Kept & unescaped") == 0);
    }
    clipfeed_feed_free(feed);
    CHECK(mapped("libxml2.so"));
    CHECK(!mapped("libcurl.so"));

    /* A fetch from a server on 127.0.0.1 loads libcurl and gets the feed. */
    {
        struct sockaddr_in address;
        socklen_t length = sizeof address;
        pthread_t server;
        clipfeed_fetcher *fetcher = NULL;
        clipfeed_response *response = NULL;
        char url[64];
        memset(&address, 0, sizeof address);
        address.sin_family = AF_INET;
        address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        listener = socket(AF_INET, SOCK_STREAM, 0);
        if (listener < 0 || bind(listener, (struct sockaddr *)&address, sizeof address) != 0 ||
            listen(listener, 1) != 0 || getsockname(listener, (struct sockaddr *)&address, &length) != 0) {
            perror("loopback server");
            return 1;
        }
        pthread_create(&server, NULL, serve_one, NULL);
        snprintf(url, sizeof url, "http://127.0.0.1:%d/feed.xml", ntohs(address.sin_port));
        CHECK(clipfeed_fetcher_new(&fetcher) == CLIPFEED_OK);
        CHECK(mapped("libcurl.so"));
        CHECK(clipfeed_fetcher_set_proxy(fetcher, "") == CLIPFEED_OK);
        CHECK(clipfeed_fetcher_fetch(&response, fetcher, url, NULL, NULL) == CLIPFEED_OK);
        CHECK(response && clipfeed_response_status(response) == 200);
        if (response && clipfeed_response_feed(response)) {
            CHECK(clipfeed_feed_item_count(clipfeed_response_feed(response)) == 2);
        } else {
            fprintf(stderr, "fetch failed: %s\n", response ? clipfeed_response_error_message(response) : "no response");
            ++failures;
        }
        clipfeed_response_free(response);
        clipfeed_fetcher_free(fetcher);
        pthread_join(server, NULL);
        close(listener);
    }

    /* A PostgreSQL state loads libpq, which then reports the refused connection
     * (nothing listens on port 1) as a server that cannot be reached. */
    CHECK(!mapped("libpq.so"));
    {
        clipfeed_poller *poller = NULL;
        int rc = clipfeed_poller_new(&poller, "postgresql://clipfeed@127.0.0.1:1/clipfeed?connect_timeout=5");
        CHECK(rc == CLIPFEED_EUNAVAILABLE);
        CHECK(strstr(clipfeed_last_error(), "127.0.0.1") != NULL);
        CHECK(poller == NULL);
        clipfeed_poller_free(poller);
        CHECK(mapped("libpq.so"));
    }

    /* A SQLite state (here in memory) loads SQLite. */
    CHECK(!mapped("libsqlite3.so"));
    {
        clipfeed_poller *poller = NULL;
        CHECK(clipfeed_poller_new(&poller, NULL) == CLIPFEED_OK);
        CHECK(poller != NULL);
        CHECK(mapped("libsqlite3.so"));
        clipfeed_poller_free(poller);
    }

    if (failures) fprintf(stderr, "%d check(s) failed\n", failures);
    else printf("lazy loading: parse loaded nothing; recovery, fetch, PostgreSQL and SQLite loaded their libraries\n");
    return failures ? 1 : 0;
}

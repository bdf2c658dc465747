/* A C host of libclipfeed.so.1, for bench_process.py's start-up rows:
 *   bench_host_start FILE     parses FILE (clipfeed_feed_parse_file), reads every
 *                             item's title and clipping, frees it and exits
 *   bench_host_start --exit   exits at once: what loading the library costs */
#include <stdio.h>
#include <string.h>

#include "clipfeed.h"

int main(int argc, char **argv) {
    if (argc != 2) {
        fprintf(stderr, "usage: bench_host_start FILE | --exit\n");
        return 2;
    }
    if (strcmp(argv[1], "--exit") == 0) return clipfeed_version()[0] == '\0';
    clipfeed_feed *feed = NULL;
    int rc = clipfeed_feed_parse_file(&feed, argv[1], NULL);
    if (rc != CLIPFEED_OK) {
        fprintf(stderr, "bench_host_start: %s: %s\n", argv[1], clipfeed_last_error());
        return 1;
    }
    size_t sum = 0, n = clipfeed_feed_item_count(feed);
    for (size_t i = 0; i < n; ++i) {
        const clipfeed_item *item = clipfeed_feed_item(feed, i);
        const char *title = clipfeed_item_title(item);
        sum += title ? strlen(title) : 0;
        sum += clipfeed_item_clipping(item) != NULL;
    }
    printf("%zu %zu\n", n, sum);
    clipfeed_feed_free(feed);
    return 0;
}

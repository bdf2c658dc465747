/* Parses a feed through the installed library and prints its title. */
#include <clipfeed.h>
#include <stdio.h>
#include <string.h>

int main(void) {
    const char *doc = "<rss version=\"2.0\"><channel><title>Installed</title></channel></rss>";
    clipfeed_feed *feed = NULL;
    if (clipfeed_feed_parse(&feed, doc, strlen(doc), NULL, NULL) != CLIPFEED_OK) return 1;
    printf("%s %s\n", clipfeed_version(), clipfeed_feed_title(feed));
    clipfeed_feed_free(feed);
    return 0;
}

/* A small feed-reader host: loads libclipfeed at run time with dlopen,
 * negotiates the plugin ABI, polls one feed through the plugin and prints
 * each item's clipping.
 *
 *   plugin_host LIBRARY FEED_URL [ABI_MIN ABI_MAX]
 *
 * ABI_MIN..ABI_MAX is the range of plugin ABI versions this host accepts
 * (default 1..1); a library outside it is refused with a clear message. */
#include <dlfcn.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clipfeed.h"

/* The last descriptor member this host uses: the library must have it. */
#define NEEDED_DESCRIPTOR_SIZE (offsetof(clipfeed_plugin_descriptor, last_error) + sizeof(void *))

static void host_log(void *host_data, int level, const char *message) {
    static const char *const levels[] = {"error", "warning", "info", "debug"};
    (void)host_data;
    fprintf(stderr, "[clipfeed %s] %s\n", level >= 0 && level <= 3 ? levels[level] : "?", message);
}

static const clipfeed_plugin_descriptor *plugin;

static void print_string_field(const char *json, const char *key) {
    /* A host would use a JSON parser; printing the raw value keeps the example short. */
    char pattern[64];
    const char *at;
    snprintf(pattern, sizeof pattern, "\"%s\":", key);
    at = strstr(json, pattern);
    if (at) printf("  %s %.*s\n", key, (int)strcspn(at + strlen(pattern), ",}"), at + strlen(pattern));
}

static int deliver(void *host_data, const char *feed_url, const char *item_json) {
    const char *clipping = strstr(item_json, "\"clipping\":");
    (void)host_data;
    printf("item from %s\n", feed_url);
    print_string_field(item_json, "title");
    if (clipping && strncmp(clipping + 11, "null", 4) != 0) {
        printf("  clipping %s\n", clipping + 11);
    } else {
        printf("  no clipping\n");
    }
    return 0; /* taken */
}

int main(int argc, char **argv) {
    void *library;
    const clipfeed_plugin_descriptor *(*entry)(void);
    clipfeed_host_api host;
    clipfeed_plugin *instance = NULL;
    const char *urls[1];
    int64_t next_due = 0;
    unsigned long abi_min = 1, abi_max = 1;
    int rc;

    if (argc != 3 && argc != 5) {
        fprintf(stderr, "usage: %s LIBRARY FEED_URL [ABI_MIN ABI_MAX]\n", argv[0]);
        return 2;
    }
    if (argc == 5) {
        abi_min = strtoul(argv[3], NULL, 10);
        abi_max = strtoul(argv[4], NULL, 10);
    }
    library = dlopen(argv[1], RTLD_NOW | RTLD_LOCAL);
    if (!library) {
        fprintf(stderr, "cannot load %s: %s\n", argv[1], dlerror());
        return 1;
    }
    *(void **)(&entry) = dlsym(library, "clipfeed_plugin_entry");
    if (!entry) {
        fprintf(stderr, "%s has no clipfeed_plugin_entry: not a clipfeed plugin\n", argv[1]);
        dlclose(library);
        return 1;
    }
    plugin = entry();
    if (plugin->abi_version < abi_min || plugin->abi_version > abi_max) {
        fprintf(stderr, "%s speaks plugin ABI %u, outside the range this host accepts (%lu to %lu); not loading it\n",
                argv[1], (unsigned)plugin->abi_version, abi_min, abi_max);
        dlclose(library);
        return 3;
    }
    if (plugin->struct_size < NEEDED_DESCRIPTOR_SIZE) {
        fprintf(stderr, "%s has a plugin descriptor of %u bytes; this host needs %u\n", argv[1],
                (unsigned)plugin->struct_size, (unsigned)NEEDED_DESCRIPTOR_SIZE);
        dlclose(library);
        return 3;
    }
    printf("loaded %s %s (plugin ABI %u)\n", plugin->name, plugin->version, (unsigned)plugin->abi_version);

    host.abi_version = CLIPFEED_PLUGIN_ABI_VERSION;
    host.struct_size = sizeof host;
    host.host_data = NULL;
    host.log = host_log;
    if ((rc = plugin->open(&instance, &host)) != CLIPFEED_OK) {
        fprintf(stderr, "the plugin would not open: %s\n", plugin->last_error());
        dlclose(library);
        return 1;
    }
    urls[0] = argv[2];
    rc = plugin->poll(instance, NULL, urls, 1, deliver, &next_due);
    if (rc != CLIPFEED_OK) fprintf(stderr, "polling failed: %s\n", plugin->last_error());
    plugin->close(instance);
    dlclose(library);
    return rc == CLIPFEED_OK ? 0 : 1;
}

// The plugin entry point: a const, versioned descriptor whose functions wrap
// the C API for hosts that dlopen the library.
#include <algorithm>
#include <cstddef>
#include <cstring>
#include <memory>
#include <string>

#include "capi/capi_internal.hpp"

using clipfeed::capi::fail;
using clipfeed::capi::guarded;

struct clipfeed_plugin {
    clipfeed_host_api host{};    // a copy of what the host lent, as far as both know it
    clipfeed_poller* poller = nullptr;
    std::string state_path;
    clipfeed_plugin_deliver deliver = nullptr;

    ~clipfeed_plugin() { clipfeed_poller_free(poller); }

    void log(int level, const std::string& message) const {
        if (host.log) host.log(host.host_data, level, message.c_str());
    }
};

namespace {

int open_plugin(clipfeed_plugin** out, const clipfeed_host_api* host) {
    return guarded("clipfeed plugin open", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed plugin open: out is NULL");
        *out = nullptr;
        if (!host) return fail(CLIPFEED_EINVAL, "clipfeed plugin open: host is NULL");
        if (host->abi_version < 1 || host->struct_size < offsetof(clipfeed_host_api, log) + sizeof host->log)
            return fail(CLIPFEED_EINVAL, "clipfeed plugin open: the host's table (ABI " +
                                             std::to_string(host->abi_version) + ", " +
                                             std::to_string(host->struct_size) + " bytes) is too old or too small");
        auto plugin = std::make_unique<clipfeed_plugin>();
        // Only the members both sides know: a newer host's extra members are ignored.
        std::memcpy(&plugin->host, host, std::min<std::size_t>(host->struct_size, sizeof plugin->host));
        plugin->host.struct_size = sizeof plugin->host;
        plugin->log(CLIPFEED_LOG_DEBUG, std::string("clipfeed ") + clipfeed_version() + " plugin opened");
        *out = plugin.release();
        return CLIPFEED_OK;
    });
}

void close_plugin(clipfeed_plugin* plugin) { delete plugin; }

int enrich_item(clipfeed_plugin* plugin, const char* content, size_t size, int content_kind, const char* item_link,
                char** clipping_json) {
    if (clipping_json) *clipping_json = nullptr;
    if (!plugin || !clipping_json) return fail(CLIPFEED_EINVAL, "clipfeed plugin enrich_item: NULL argument");
    clipfeed_clipping* clipping = nullptr;
    int rc = clipfeed_clipping_extract(&clipping, content, size, content_kind, item_link);
    if (rc != CLIPFEED_OK) return rc;
    if (!clipping) {
        *clipping_json = clipfeed::capi::malloc_copy("null");
        return *clipping_json ? CLIPFEED_OK : fail(CLIPFEED_ENOMEM, "clipfeed plugin enrich_item: out of memory");
    }
    rc = clipfeed_clipping_to_json(clipping_json, clipping, CLIPFEED_JSON_COMPACT);
    clipfeed_clipping_free(clipping);
    return rc;
}

int deliver_to_host(const char* feed_url, const char*, const clipfeed_feed*, const clipfeed_item* item,
                    void* user_data) {
    auto* plugin = static_cast<clipfeed_plugin*>(user_data);
    char* json = nullptr;
    if (clipfeed_item_to_json(&json, item, CLIPFEED_JSON_COMPACT) != CLIPFEED_OK) return 1;
    int rc = plugin->deliver(plugin->host.host_data, feed_url, json);
    clipfeed_string_free(json);
    return rc;
}

void log_poll_error(const char* feed_url, const char*, int, const char* message, void* user_data) {
    static_cast<clipfeed_plugin*>(user_data)->log(
        CLIPFEED_LOG_WARNING, feed_url ? std::string(feed_url) + ": " + message : std::string(message));
}

int poll(clipfeed_plugin* plugin, const char* state_path, const char* const* urls, size_t count,
         clipfeed_plugin_deliver deliver, int64_t* next_due) {
    if (next_due) *next_due = -1;
    if (!plugin || !deliver || (!urls && count > 0))
        return fail(CLIPFEED_EINVAL, "clipfeed plugin poll: plugin, urls or deliver is NULL");
    if (!plugin->poller) {
        int rc = clipfeed_poller_new(&plugin->poller, state_path);
        if (rc != CLIPFEED_OK) return rc;
        clipfeed_poller_on_new_item(plugin->poller, deliver_to_host, plugin);
        clipfeed_poller_on_updated_item(plugin->poller, deliver_to_host, plugin);
        clipfeed_poller_on_error(plugin->poller, log_poll_error, plugin);
    }
    plugin->deliver = deliver;
    for (size_t i = 0; i < count; ++i) {
        if (!urls[i]) return fail(CLIPFEED_EINVAL, "clipfeed plugin poll: urls[" + std::to_string(i) + "] is NULL");
        int rc = clipfeed_poller_add_feed(plugin->poller, urls[i], 0, nullptr);
        if (rc != CLIPFEED_OK) return rc;
    }
    return clipfeed_poller_run_due(plugin->poller, next_due);
}

const clipfeed_plugin_descriptor kDescriptor = {
    CLIPFEED_PLUGIN_ABI_VERSION,
    sizeof(clipfeed_plugin_descriptor),
    "clipfeed",
    nullptr,  // set below: the version string comes from clipfeed_version()
    open_plugin,
    close_plugin,
    enrich_item,
    poll,
    clipfeed_string_free,
    clipfeed_last_error,
};

}  // namespace

extern "C" const clipfeed_plugin_descriptor* clipfeed_plugin_entry(void) {
    static const clipfeed_plugin_descriptor descriptor = [] {
        clipfeed_plugin_descriptor d = kDescriptor;
        d.version = clipfeed_version();
        return d;
    }();
    return &descriptor;
}

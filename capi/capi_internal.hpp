// Shared by the extern "C" files: the exception firewall and error recording.
#pragma once

#include <atomic>
#include <exception>
#include <memory>
#include <new>
#include <string>

#include "clipfeed.h"
#include "feeds/net/fetch.hpp"
#include "feeds/out/json_writer.hpp"
#include "feeds/xml/parse.hpp"

// Parse options: the context of clipfeed_feed_parse, and what the fetcher and
// the poller parse with (clippings, sanitize, limits; the rest each response
// supplies).
struct clipfeed_parse_options {
    std::string url;
    std::string content_type;
    std::string content_location;
    std::string content_language;
    bool from_http = false;
    bool clippings = true;
    bool sanitize = true;
    clipfeed::ParseLimits limits;
};

namespace clipfeed::capi {

struct ItemColumns;  // capi_columns.cpp: clipfeed_item_columns and the arrays it points to
void free_item_columns(ItemColumns* columns);

// A feed's item columns, built on the first clipfeed_feed_item_columns() call
// and freed with the feed. Readers on several threads may build them at once:
// the first to publish wins and the others free theirs.
class LazyItemColumns {
public:
    LazyItemColumns() = default;
    LazyItemColumns(LazyItemColumns&& other) noexcept : columns_(other.columns_.exchange(nullptr)) {}
    LazyItemColumns& operator=(LazyItemColumns&& other) noexcept {
        if (this != &other) free_item_columns(columns_.exchange(other.columns_.exchange(nullptr)));
        return *this;
    }
    ~LazyItemColumns() { free_item_columns(columns_.load(std::memory_order_acquire)); }

    ItemColumns* get() const { return columns_.load(std::memory_order_acquire); }
    // Publishes `built` unless another thread did first; returns the published one.
    ItemColumns* publish(ItemColumns* built) const {
        ItemColumns* expected = nullptr;
        if (columns_.compare_exchange_strong(expected, built, std::memory_order_acq_rel)) return built;
        free_item_columns(built);
        return expected;
    }

private:
    mutable std::atomic<ItemColumns*> columns_{nullptr};
};

}  // namespace clipfeed::capi

// A feed behind the C handle: one the handle owns (clipfeed_feed_parse), or
// one lent for the length of a callback (the poller's), with `owned` empty.
struct clipfeed_feed {
    std::unique_ptr<clipfeed::ParsedFeed> owned;
    const clipfeed::Feed* model = nullptr;
    clipfeed::capi::LazyItemColumns columns;  // clipfeed_feed_item_columns()

    static clipfeed_feed owning(std::unique_ptr<clipfeed::ParsedFeed> parsed) {
        clipfeed_feed f;
        f.model = parsed ? &parsed->feed : nullptr;
        f.owned = std::move(parsed);
        return f;
    }
    static clipfeed_feed borrowing(const clipfeed::Feed* feed) {
        clipfeed_feed f;
        f.model = feed;
        return f;
    }
};

namespace clipfeed::capi {

// Records `message` as this thread's last error and returns `code`.
int fail(int code, std::string message);

// Runs `body` (which returns a CLIPFEED_* code), turning every exception into a
// code: nothing thrown inside the library crosses the C boundary.
template <typename Body>
int guarded(const char* function, Body&& body) noexcept {
    try {
        return body();
    } catch (const std::bad_alloc&) {
        return fail(CLIPFEED_ENOMEM, std::string(function) + ": out of memory");
    } catch (const std::exception& e) {
        return fail(CLIPFEED_ERROR, std::string(function) + ": " + e.what());
    } catch (...) {
        return fail(CLIPFEED_ERROR, std::string(function) + ": unknown internal error");
    }
}

// The JSON style a CLIPFEED_JSON_* flag asks for; false for an unknown flag.
bool json_style_from_flags(int flags, JsonStyle& style);

// Copies what fetched feeds are parsed with from `options` (NULL: the
// defaults) into fetch options.
void apply_parse_options(const clipfeed_parse_options* options, FetchOptions& fetch);

// Copies `s` into a malloc'd NUL-terminated string for the caller
// (freed by clipfeed_string_free), or nullptr when out of memory.
char* malloc_copy(const std::string& s);

}  // namespace clipfeed::capi

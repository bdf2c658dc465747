// The C API for the poller and its subscription snapshots.
#include <atomic>
#include <fstream>
#include <iterator>

#include "capi/capi_internal.hpp"
#include "feeds/xml/opml.hpp"
#include "feeds/poll/pg_connection.hpp"
#include "feeds/poll/poller.hpp"
#include "plugin/enrich/enrich.hpp"

using clipfeed::capi::fail;
using clipfeed::capi::guarded;

struct clipfeed_poller {
    std::unique_ptr<clipfeed::Poller> poller;
    // The C callbacks and their user data; the C++ callbacks call through these.
    clipfeed_item_callback new_item = nullptr;
    void* new_item_data = nullptr;
    clipfeed_item_callback updated_item = nullptr;
    void* updated_item_data = nullptr;
    clipfeed_poll_error_callback error = nullptr;
    void* error_data = nullptr;
    clipfeed_feed_moved_callback moved = nullptr;
    void* moved_data = nullptr;
    clipfeed_feed_gone_callback gone = nullptr;
    void* gone_data = nullptr;
    std::atomic<bool> canceled{false};
};

struct clipfeed_subscriptions {
    std::vector<clipfeed::StoredFeed> feeds;
};

namespace {

const char* c_str_or_null(const std::string& s) { return s.empty() ? nullptr : s.c_str(); }

// Routes the C++ callbacks to whatever C callbacks are set at the time.
clipfeed::PollerCallbacks bridge(clipfeed_poller* p) {
    clipfeed::PollerCallbacks c;
    auto item_bridge = [p](bool update) {
        return [p, update](const clipfeed::PolledFeed& who, const clipfeed::Feed* feed, const clipfeed::Item& item) {
            clipfeed_item_callback callback = update ? p->updated_item : p->new_item;
            void* data = update ? p->updated_item_data : p->new_item_data;
            if (!callback) return true;
            clipfeed_feed lent = clipfeed_feed::borrowing(feed);
            return callback(who.url.c_str(), c_str_or_null(who.key), feed ? &lent : nullptr,
                            reinterpret_cast<const clipfeed_item*>(&item), data) == 0;
        };
    };
    c.new_item = item_bridge(false);
    c.updated_item = item_bridge(true);
    c.feed_error = [p](const clipfeed::PolledFeed& who, clipfeed::FetchError error, const std::string& message) {
        if (p->error)
            p->error(c_str_or_null(who.url), c_str_or_null(who.key), static_cast<int>(error), message.c_str(),
                     p->error_data);
    };
    c.feed_moved = [p](const clipfeed::PolledFeed& old, const std::string& new_url) {
        if (p->moved) p->moved(old.url.c_str(), new_url.c_str(), c_str_or_null(old.key), p->moved_data);
    };
    c.feed_gone = [p](const clipfeed::PolledFeed& who) {
        if (p->gone) p->gone(who.url.c_str(), c_str_or_null(who.key), p->gone_data);
    };
    return c;
}

// Applies a change to the poller's options.
template <typename Change>
int set_option(clipfeed_poller* poller, bool valid, const char* function, Change&& change) {
    return guarded(function, [&] {
        if (!poller) return fail(CLIPFEED_EINVAL, std::string(function) + ": poller is NULL");
        if (!valid) return fail(CLIPFEED_EINVAL, std::string(function) + ": value out of range");
        clipfeed::PollerOptions options = poller->poller->options();
        change(options);
        poller->poller->configure(options);
        return CLIPFEED_OK;
    });
}

const clipfeed::StoredFeed* at(const clipfeed_subscriptions* s, size_t i) {
    return s && i < s->feeds.size() ? &s->feeds[i] : nullptr;
}

}  // namespace

extern "C" {

int clipfeed_poller_new(clipfeed_poller** out, const char* state_path) {
    return guarded("clipfeed_poller_new", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_poller_new: out is NULL");
        *out = nullptr;
        std::string error;
        bool unavailable = false;
        std::unique_ptr<clipfeed::PollState> state =
            clipfeed::PollState::open(state_path ? state_path : "", error, &unavailable);
        if (!state) return fail(unavailable ? CLIPFEED_EUNAVAILABLE : CLIPFEED_ESTATE, error);
        auto p = std::make_unique<clipfeed_poller>();
        clipfeed::PollerOptions options;
        options.fetch.max_host_connections = 2;
        options.fetch.max_connections = 16;
        options.fetch.enrich = clipfeed::clipping_enricher(true);
        p->poller = std::make_unique<clipfeed::Poller>(std::move(state), options, bridge(p.get()));
        *out = p.release();
        return CLIPFEED_OK;
    });
}

void clipfeed_poller_free(clipfeed_poller* poller) { delete poller; }

int clipfeed_poller_set_default_interval(clipfeed_poller* poller, int64_t seconds) {
    return set_option(poller, seconds > 0, "clipfeed_poller_set_default_interval",
                      [&](clipfeed::PollerOptions& o) { o.schedule.default_interval = seconds; });
}

int clipfeed_poller_set_min_interval(clipfeed_poller* poller, int64_t seconds) {
    return set_option(poller, seconds >= 0, "clipfeed_poller_set_min_interval",
                      [&](clipfeed::PollerOptions& o) { o.schedule.min_interval = seconds; });
}

int clipfeed_poller_set_max_backoff(clipfeed_poller* poller, int64_t seconds) {
    return set_option(poller, seconds > 0, "clipfeed_poller_set_max_backoff",
                      [&](clipfeed::PollerOptions& o) { o.schedule.max_backoff = seconds; });
}

int clipfeed_poller_set_retention(clipfeed_poller* poller, int64_t seconds) {
    return set_option(poller, seconds >= 0, "clipfeed_poller_set_retention",
                      [&](clipfeed::PollerOptions& o) { o.retention = seconds; });
}

int clipfeed_poller_set_max_host_connections(clipfeed_poller* poller, int connections) {
    return set_option(poller, connections > 0, "clipfeed_poller_set_max_host_connections",
                      [&](clipfeed::PollerOptions& o) { o.fetch.max_host_connections = connections; });
}

int clipfeed_poller_set_max_connections(clipfeed_poller* poller, int connections) {
    return set_option(poller, connections > 0, "clipfeed_poller_set_max_connections",
                      [&](clipfeed::PollerOptions& o) { o.fetch.max_connections = connections; });
}

int clipfeed_poller_set_user_agent(clipfeed_poller* poller, const char* user_agent) {
    return set_option(poller, user_agent != nullptr, "clipfeed_poller_set_user_agent",
                      [&](clipfeed::PollerOptions& o) { o.fetch.user_agent = user_agent; });
}

int clipfeed_poller_set_timeout_ms(clipfeed_poller* poller, long milliseconds) {
    return set_option(poller, milliseconds > 0, "clipfeed_poller_set_timeout_ms",
                      [&](clipfeed::PollerOptions& o) { o.fetch.total_timeout_ms = milliseconds; });
}

int clipfeed_poller_set_parse_options(clipfeed_poller* poller, const clipfeed_parse_options* options) {
    return set_option(poller, true, "clipfeed_poller_set_parse_options",
                      [&](clipfeed::PollerOptions& o) { clipfeed::capi::apply_parse_options(options, o.fetch); });
}

int clipfeed_poller_set_clock(clipfeed_poller* poller, int64_t (*now)(void* user_data), void* user_data) {
    return guarded("clipfeed_poller_set_clock", [&] {
        if (!poller) return fail(CLIPFEED_EINVAL, "clipfeed_poller_set_clock: poller is NULL");
        if (now) poller->poller->set_clock([now, user_data] { return static_cast<std::int64_t>(now(user_data)); });
        else poller->poller->set_clock({});
        return CLIPFEED_OK;
    });
}

int clipfeed_poller_set_lease(clipfeed_poller* poller, int64_t seconds) {
    return set_option(poller, seconds > 0, "clipfeed_poller_set_lease",
                      [&](clipfeed::PollerOptions& o) { o.lease = seconds; });
}

int clipfeed_state_copy(const char* from, const char* to, size_t* feeds, size_t* items) {
    return guarded("clipfeed_state_copy", [&] {
        if (feeds) *feeds = 0;
        if (items) *items = 0;
        if (!from || !to) return fail(CLIPFEED_EINVAL, "clipfeed_state_copy: from or to is NULL");
        std::string error;
        bool unavailable = false;
        auto source = clipfeed::PollState::open(from, error, &unavailable);
        if (!source) return fail(unavailable ? CLIPFEED_EUNAVAILABLE : CLIPFEED_ESTATE, error);
        auto target = clipfeed::PollState::open(to, error, &unavailable);
        if (!target) return fail(unavailable ? CLIPFEED_EUNAVAILABLE : CLIPFEED_ESTATE, error);
        try {
            const clipfeed::StateDump dump = source->dump();
            target->load(dump);
            if (feeds) *feeds = dump.feeds.size();
            if (items) *items = dump.items.size();
        } catch (const clipfeed::StateUnavailable& e) {
            return fail(CLIPFEED_EUNAVAILABLE, e.what());
        } catch (const std::runtime_error& e) {
            return fail(CLIPFEED_ESTATE, e.what());
        }
        return CLIPFEED_OK;
    });
}

int clipfeed_poller_on_new_item(clipfeed_poller* poller, clipfeed_item_callback callback, void* user_data) {
    if (!poller) return fail(CLIPFEED_EINVAL, "clipfeed_poller_on_new_item: poller is NULL");
    poller->new_item = callback;
    poller->new_item_data = user_data;
    return CLIPFEED_OK;
}

int clipfeed_poller_on_updated_item(clipfeed_poller* poller, clipfeed_item_callback callback, void* user_data) {
    if (!poller) return fail(CLIPFEED_EINVAL, "clipfeed_poller_on_updated_item: poller is NULL");
    poller->updated_item = callback;
    poller->updated_item_data = user_data;
    return CLIPFEED_OK;
}

int clipfeed_poller_on_error(clipfeed_poller* poller, clipfeed_poll_error_callback callback, void* user_data) {
    if (!poller) return fail(CLIPFEED_EINVAL, "clipfeed_poller_on_error: poller is NULL");
    poller->error = callback;
    poller->error_data = user_data;
    return CLIPFEED_OK;
}

int clipfeed_poller_on_moved(clipfeed_poller* poller, clipfeed_feed_moved_callback callback, void* user_data) {
    if (!poller) return fail(CLIPFEED_EINVAL, "clipfeed_poller_on_moved: poller is NULL");
    poller->moved = callback;
    poller->moved_data = user_data;
    return CLIPFEED_OK;
}

int clipfeed_poller_on_gone(clipfeed_poller* poller, clipfeed_feed_gone_callback callback, void* user_data) {
    if (!poller) return fail(CLIPFEED_EINVAL, "clipfeed_poller_on_gone: poller is NULL");
    poller->gone = callback;
    poller->gone_data = user_data;
    return CLIPFEED_OK;
}

int clipfeed_poller_add_feed(clipfeed_poller* poller, const char* url, int64_t interval_seconds, const char* key) {
    return guarded("clipfeed_poller_add_feed", [&] {
        if (!poller || !url) return fail(CLIPFEED_EINVAL, "clipfeed_poller_add_feed: poller or url is NULL");
        if (interval_seconds < 0) return fail(CLIPFEED_EINVAL, "clipfeed_poller_add_feed: negative interval");
        std::optional<std::int64_t> interval;
        if (interval_seconds > 0) interval = interval_seconds;
        poller->poller->add_feed(url, key ? key : "", interval);
        return CLIPFEED_OK;
    });
}

int clipfeed_poller_remove_feed(clipfeed_poller* poller, const char* url) {
    return guarded("clipfeed_poller_remove_feed", [&] {
        if (!poller || !url) return fail(CLIPFEED_EINVAL, "clipfeed_poller_remove_feed: poller or url is NULL");
        if (poller->poller->remove_feed(url)) return CLIPFEED_OK;
        return fail(CLIPFEED_ENOTFOUND, std::string("no subscription to ") + url);
    });
}

int clipfeed_poller_import_opml(clipfeed_poller* poller, const char* path, size_t* added) {
    return guarded("clipfeed_poller_import_opml", [&] {
        if (added) *added = 0;
        if (!poller || !path) return fail(CLIPFEED_EINVAL, "clipfeed_poller_import_opml: poller or path is NULL");
        std::ifstream in(path, std::ios::binary);
        if (!in) return fail(CLIPFEED_EIO, std::string("cannot open '") + path + "'");
        std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        std::vector<clipfeed::OpmlFeed> feeds;
        std::string error;
        if (!clipfeed::read_opml(text, feeds, error)) return fail(CLIPFEED_EINVAL, std::string(path) + ": " + error);
        for (const clipfeed::OpmlFeed& f : feeds) poller->poller->add_feed(f.url, f.title);
        if (added) *added = feeds.size();
        return CLIPFEED_OK;
    });
}

int clipfeed_poller_export_opml(char** out, clipfeed_poller* poller) {
    return guarded("clipfeed_poller_export_opml", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_poller_export_opml: out is NULL");
        *out = nullptr;
        if (!poller) return fail(CLIPFEED_EINVAL, "clipfeed_poller_export_opml: poller is NULL");
        std::vector<clipfeed::OpmlFeed> feeds;
        for (const clipfeed::StoredFeed& f : poller->poller->feeds())
            feeds.push_back({f.url, !f.key.empty() ? f.key : f.title});
        *out = clipfeed::capi::malloc_copy(clipfeed::write_opml(feeds, "clipfeed subscriptions"));
        return *out ? CLIPFEED_OK : fail(CLIPFEED_ENOMEM, "clipfeed_poller_export_opml: out of memory");
    });
}

int clipfeed_poller_run_due(clipfeed_poller* poller, int64_t* next_due) {
    return guarded("clipfeed_poller_run_due", [&] {
        if (next_due) *next_due = -1;
        if (!poller) return fail(CLIPFEED_EINVAL, "clipfeed_poller_run_due: poller is NULL");
        std::optional<std::int64_t> next;
        try {
            next = poller->poller->run_due();
        } catch (const clipfeed::StateUnavailable& e) {
            return fail(CLIPFEED_EUNAVAILABLE, e.what());
        } catch (const std::runtime_error& e) {
            return fail(CLIPFEED_ESTATE, e.what());
        }
        if (next_due && next) *next_due = *next;
        if (poller->canceled) return fail(CLIPFEED_ECANCELED, "clipfeed_poller_run_due: canceled");
        return CLIPFEED_OK;
    });
}

int clipfeed_poller_start(clipfeed_poller* poller) {
    return guarded("clipfeed_poller_start", [&] {
        if (!poller) return fail(CLIPFEED_EINVAL, "clipfeed_poller_start: poller is NULL");
        poller->poller->start();
        return CLIPFEED_OK;
    });
}

int clipfeed_poller_stop(clipfeed_poller* poller) {
    return guarded("clipfeed_poller_stop", [&] {
        if (!poller) return fail(CLIPFEED_EINVAL, "clipfeed_poller_stop: poller is NULL");
        poller->poller->stop();
        return CLIPFEED_OK;
    });
}

int clipfeed_poller_cancel(clipfeed_poller* poller) {
    if (!poller) return fail(CLIPFEED_EINVAL, "clipfeed_poller_cancel: poller is NULL");
    poller->canceled = true;
    poller->poller->cancel();
    return CLIPFEED_OK;
}

int clipfeed_poller_resume(clipfeed_poller* poller) {
    if (!poller) return fail(CLIPFEED_EINVAL, "clipfeed_poller_resume: poller is NULL");
    poller->canceled = false;
    poller->poller->resume();
    return CLIPFEED_OK;
}

int clipfeed_poller_subscriptions(clipfeed_subscriptions** out, clipfeed_poller* poller) {
    return guarded("clipfeed_poller_subscriptions", [&] {
        if (!out) return fail(CLIPFEED_EINVAL, "clipfeed_poller_subscriptions: out is NULL");
        *out = nullptr;
        if (!poller) return fail(CLIPFEED_EINVAL, "clipfeed_poller_subscriptions: poller is NULL");
        auto snapshot = std::make_unique<clipfeed_subscriptions>();
        snapshot->feeds = poller->poller->feeds();
        *out = snapshot.release();
        return CLIPFEED_OK;
    });
}

void clipfeed_subscriptions_free(clipfeed_subscriptions* s) { delete s; }
size_t clipfeed_subscriptions_count(const clipfeed_subscriptions* s) { return s ? s->feeds.size() : 0; }
const char* clipfeed_subscriptions_url(const clipfeed_subscriptions* s, size_t i) {
    return at(s, i) ? at(s, i)->url.c_str() : nullptr;
}
const char* clipfeed_subscriptions_key(const clipfeed_subscriptions* s, size_t i) {
    return at(s, i) ? c_str_or_null(at(s, i)->key) : nullptr;
}
const char* clipfeed_subscriptions_title(const clipfeed_subscriptions* s, size_t i) {
    return at(s, i) ? c_str_or_null(at(s, i)->title) : nullptr;
}
const char* clipfeed_subscriptions_last_error(const clipfeed_subscriptions* s, size_t i) {
    return at(s, i) ? c_str_or_null(at(s, i)->last_error) : nullptr;
}
int64_t clipfeed_subscriptions_next_poll(const clipfeed_subscriptions* s, size_t i) {
    return at(s, i) ? at(s, i)->next_poll : 0;
}
int clipfeed_subscriptions_error_count(const clipfeed_subscriptions* s, size_t i) {
    return at(s, i) ? at(s, i)->error_count : 0;
}
int clipfeed_subscriptions_gone(const clipfeed_subscriptions* s, size_t i) {
    return at(s, i) && at(s, i)->gone ? 1 : 0;
}

}  // extern "C"

#include "feeds/poll/poller.hpp"

#include <algorithm>
#include <chrono>
#include <exception>
#include <random>
#include <string_view>
#include <unordered_map>
#include <unordered_set>

#include "feeds/memory/arena.hpp"
#include "feeds/text/content_hash.hpp"
#include "feeds/out/json_writer.hpp"
#include "feeds/runtime/thread_name.hpp"

namespace clipfeed {

namespace {

std::int64_t system_now() {
    return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch())
        .count();
}

// What identifies an item's content: a change in any of these is an update.
std::string content_hash(const Item& item) {
    ContentHash h;
    auto add = [&](const Text& t) { h.add(t ? *t : std::string_view("\x01" "absent")); };
    add(item.title);
    add(item.link);
    add(item.summary);
    add(item.content);
    add(item.rights);
    h.add(item.published ? std::to_string(*item.published) : "");
    h.add(item.updated ? std::to_string(*item.updated) : "");
    for (const Enclosure& e : item.enclosures) h.add(e.url);
    return h.hex();
}

PollHints hints_from(const StoredFeed& feed, const FetchResult& response, const Feed* document) {
    PollHints h;
    h.interval = feed.interval;
    h.max_age = response.max_age_seconds;
    h.expires = response.expires;
    h.retry_after = response.retry_after_seconds;
    if (document) {
        h.ttl_minutes = document->ttl_minutes;
        h.update_period = document->update_period;
        h.skip_hours = document->skip_hours;
        h.skip_days = document->skip_days;
    }
    return h;
}

}  // namespace

Poller::Poller(std::unique_ptr<PollState> state, PollerOptions options, PollerCallbacks callbacks, Clock clock,
               Random random)
    : state_(std::move(state)),
      options_(std::move(options)),
      callbacks_(std::move(callbacks)),
      clock_(std::move(clock)),
      random_(std::move(random)),
      fetcher_(options_.fetch) {
    if (state_) state_->set_lease_seconds(options_.lease);
    if (!clock_) clock_ = system_now;
    if (!random_) {
        auto engine = std::make_shared<std::mt19937_64>(std::random_device{}());
        random_ = [engine] { return std::uniform_real_distribution<double>(0.0, 1.0)(*engine); };
    }
}

Poller::~Poller() { stop(); }

void Poller::configure(const PollerOptions& options) {
    options_ = options;
    fetcher_.options() = options.fetch;
    std::lock_guard<std::mutex> lock(state_mutex_);
    state_->set_lease_seconds(options.lease);
}

void Poller::set_clock(Clock clock) { clock_ = clock ? std::move(clock) : Clock(system_now); }

void Poller::cancel() {
    stopping_ = true;
    fetcher_.cancel();
    wake_.notify_all();
}

void Poller::resume() {
    stopping_ = false;
    fetcher_.resume();
}

StoredFeed Poller::add_feed(const std::string& url, const std::string& key, std::optional<std::int64_t> interval) {
    StoredFeed feed;
    {
        std::lock_guard<std::mutex> lock(state_mutex_);
        feed = state_->add_feed(url, key, interval, clock_());
    }
    feeds_changed_ = true;
    wake_.notify_all();
    return feed;
}

bool Poller::remove_feed(const std::string& url) {
    std::lock_guard<std::mutex> lock(state_mutex_);
    return state_->remove_feed(url);
}

std::vector<StoredFeed> Poller::feeds() {
    std::lock_guard<std::mutex> lock(state_mutex_);
    return state_->feeds();
}

bool Poller::offer(const PolledFeed& who, bool update, const Feed* feed, const Item& item) {
    const auto& callback = update ? callbacks_.updated_item : callbacks_.new_item;
    if (!callback) return true;  // nobody listening: nothing to retry
    try {
        return callback(who, feed, item);
    } catch (...) {
        return false;  // a throwing callback did not take the item
    }
}

void Poller::deliver_stored(const PolledFeed& who, const PendingItem& pending) {
    Arena arena;
    Item item;
    if (!read_item_json(pending.payload, item, arena)) return;  // cannot happen: we wrote it
    if (!offer(who, pending.update, nullptr, item)) return;
    std::lock_guard<std::mutex> lock(state_mutex_);
    state_->mark_delivered(pending);
}

void Poller::handle_result(const StoredFeed& stored, FetchResult&& result) {
    const std::int64_t now = clock_();
    // The feed's row is copied only where it changes: most results of a
    // cycle are 304s, which need no more than its id and next poll.
    const StoredFeed* feed = &stored;
    StoredFeed moved;

    if (result.permanent_redirect && !result.permanent_url.empty() && result.permanent_url != feed->url) {
        bool kept;
        {
            std::lock_guard<std::mutex> lock(state_mutex_);
            kept = state_->record_moved(feed->id, result.permanent_url);
        }
        if (callbacks_.feed_moved) callbacks_.feed_moved(who(*feed), result.permanent_url);
        if (!kept) return;  // merged into the entry already at the new address
        moved = *feed;
        moved.url = result.permanent_url;
        feed = &moved;
    }

    if (result.error == FetchError::http_status && result.status == 410) {
        {
            std::lock_guard<std::mutex> lock(state_mutex_);
            state_->record_gone(feed->id, result.error_message);
        }
        if (callbacks_.feed_gone) callbacks_.feed_gone(who(*feed));
        return;
    }

    const Feed* document = result.feed ? &result.feed->feed : nullptr;
    const PollHints hints = hints_from(*feed, result, document);
    if (!result.ok()) {
        if (result.error == FetchError::canceled) return;  // stopping: it stays due
        StoredFeed failed = *feed;
        failed.error_count += 1;
        failed.last_error = result.error_message;
        failed.next_poll = next_poll_after_failure(now, failed.error_count, hints, options_.schedule, random_());
        {
            // Saved with the cycle's 304s, a batch at a time: a failure lost
            // in a crash is only a feed polled again sooner.
            std::lock_guard<std::mutex> lock(state_mutex_);
            scheduled_.push_back({failed.id, failed.next_poll, failed.error_count, failed.last_error});
            if (scheduled_.size() >= kScheduledBatch) save_scheduled();
        }
        if (callbacks_.feed_error) callbacks_.feed_error(who(failed), result.error, result.error_message);
        return;
    }

    const std::int64_t next_poll = next_poll_after_success(now, hints, options_.schedule);
    if (result.not_modified || !document) {
        std::lock_guard<std::mutex> lock(state_mutex_);
        scheduled_.push_back({feed->id, next_poll, 0, {}});
        if (scheduled_.size() >= kScheduledBatch) save_scheduled();
        return;
    }

    Fetched fetched;
    StoredFeed& updated = fetched.feed;
    updated = *feed;
    updated.next_poll = next_poll;
    updated.etag = result.etag;
    updated.last_modified = result.last_modified;
    if (document->title) updated.title = std::string(*document->title);
    fetched.now = now;

    std::vector<SeenItem>& seen = fetched.seen;
    std::vector<const Item*>& items = fetched.items;
    std::unordered_set<std::string> keys;
    seen.reserve(document->items.size());
    items.reserve(document->items.size());
    keys.reserve(document->items.size());
    for (const Item& item : document->items) {
        SeenItem s;
        s.content_hash = content_hash(item);
        s.key = item_key(item.id ? std::string(*item.id) : "", item.link ? std::string(*item.link) : "",
                         s.content_hash);
        if (!keys.insert(s.key).second) continue;  // the same item twice: the first counts
        seen.push_back(std::move(s));
        items.push_back(&item);
    }
    // The parsed document lives on the heap: moving its owner keeps `items` valid.
    fetched.result = std::move(result);
    std::size_t batch;
    {
        std::lock_guard<std::mutex> lock(state_mutex_);
        batch = state_->classify_batch();
        if (batch <= 1) state_->classify(updated.id, seen);
    }
    if (batch <= 1) {
        deliver_fetched(fetched);
        return;
    }
    fetched.queued = std::chrono::steady_clock::now();
    to_classify_.push_back(std::move(fetched));
    if (to_classify_.size() >= batch) start_classify();  // answered while the fetch goes on
}

void Poller::classify_and_deliver() {
    start_classify();
    finish_classify();
}

void Poller::start_classify() {
    finish_classify();
    if (to_classify_.empty()) return;
    classifying_.swap(to_classify_);
    std::vector<PollState::FeedItems> feeds;
    feeds.reserve(classifying_.size());
    for (Fetched& f : classifying_) feeds.push_back({f.feed.id, &f.seen});
    classify_sent_ = std::chrono::steady_clock::now();
    try {
        std::lock_guard<std::mutex> lock(state_mutex_);
        state_->classify_start(feeds);
    } catch (...) {
        classifying_.clear();  // not recorded: fetched (and delivered) again next time
        throw;
    }
}

void Poller::finish_classify() {
    if (classifying_.empty()) return;
    std::vector<Fetched> batch;
    batch.swap(classifying_);  // the elements stay put: the store holds pointers to their items
    {
        std::lock_guard<std::mutex> lock(state_mutex_);
        state_->classify_finish();
    }
    for (Fetched& f : batch) deliver_fetched(f);
}

void Poller::deliver_fetched(Fetched& fetched) {
    const Feed* document = &fetched.result.feed->feed;
    std::vector<SeenItem>& seen = fetched.seen;
    const PolledFeed polled = who(fetched.feed);
    bool kept_pending = false;
    // Oldest first: feeds list the newest item first.
    for (std::size_t i = seen.size(); i-- > 0;) {
        SeenItem& s = seen[i];
        if (s.status == SeenItem::Status::unchanged) continue;
        s.delivered = !stopping_ && offer(polled, s.status == SeenItem::Status::changed, document, *fetched.items[i]);
        if (!s.delivered) {
            write_item_json(*fetched.items[i], JsonStyle::compact, s.payload);
            kept_pending = true;
        }
    }
    constexpr std::size_t kFetchedBatch = 32;
    std::lock_guard<std::mutex> lock(state_mutex_);
    fetched_.push_back({std::move(fetched.feed), std::move(seen), fetched.now});
    // A refused item exists only here until it is saved: saved at once, with
    // the batch so far, as before batching. Delivered items wait for the
    // batch: should the process die first, their feed's validators are not
    // saved either, so the next poll fetches and delivers them again.
    if (kept_pending || fetched_.size() >= kFetchedBatch) save_fetched();
}

void Poller::fetch_and_handle(const std::vector<StoredFeed>& due) {
    std::vector<FetchRequest> requests;
    std::unordered_map<std::string_view, const StoredFeed*> by_url;  // views of the URLs in `due`
    requests.reserve(due.size());
    by_url.reserve(due.size());
    for (const StoredFeed& f : due) {
        requests.push_back({f.url, f.etag, f.last_modified});
        by_url.emplace(f.url, &f);
    }
    if (requests.empty() || stopping_) return;
    // An exception must not cross the fetcher's loop (its transfers and
    // parse jobs would be left behind): the fetch stops, then it is thrown.
    std::exception_ptr failure;
    fetcher_.fetch_many(requests, [&](FetchResult&& result) {
        auto it = by_url.find(result.url);
        try {
            if (it != by_url.end()) handle_result(*it->second, std::move(result));
            claim_ahead_when_due();
        } catch (...) {
            failure = std::current_exception();
            return false;
        }
        return !stopping_;
    }, [&]() -> long {
        try {
            return stopping_ ? -1 : classify_when_quiet();
        } catch (...) {
            failure = std::current_exception();
            return -1;
        }
    });
    if (failure) {
        to_classify_.clear();  // not recorded: fetched (and delivered) again next time
        classifying_.clear();
        std::rethrow_exception(failure);
    }
    classify_and_deliver();  // the last few fetched
}

long Poller::classify_when_quiet() {
    // Fetched feeds wait for a full batch only while results keep coming:
    // one that waited kClassifyWait for company is classified (and its items
    // delivered) with those that are there, so a slow feed never holds back
    // the others' items. A question sent to the store is given kAnswerWait to
    // be answered while the fetch goes on.
    constexpr auto kClassifyWait = std::chrono::milliseconds(50);
    constexpr auto kAnswerWait = std::chrono::milliseconds(5);
    using std::chrono::duration_cast;
    using std::chrono::milliseconds;
    const auto now = std::chrono::steady_clock::now();
    long wait = 1000;
    if (!classifying_.empty()) {
        const auto waited = now - classify_sent_;
        if (waited >= kAnswerWait) finish_classify();
        else wait = static_cast<long>(duration_cast<milliseconds>(kAnswerWait - waited).count()) + 1;
    }
    if (!to_classify_.empty()) {
        const auto waited = now - to_classify_.front().queued;
        if (waited >= kClassifyWait) {
            start_classify();
            wait = static_cast<long>(kAnswerWait.count()) + 1;
        } else {
            wait = std::min(wait, static_cast<long>(duration_cast<milliseconds>(kClassifyWait - waited).count()) + 1);
        }
    }
    return wait;
}

void Poller::claim_ahead_when_due() {
    if (!claim_ahead_ || claim_ahead_->sent || ++claim_ahead_->results < claim_ahead_->after) return;
    std::lock_guard<std::mutex> lock(state_mutex_);
    start_claim(claim_ahead_->now, claim_ahead_->size);
    claim_ahead_->sent = true;
}

void Poller::run_alone(std::int64_t now) {
    // Items a callback refused earlier, or that a crash left undelivered.
    std::vector<PendingItem> pending;
    std::unordered_map<std::int64_t, StoredFeed> feeds_by_id;  // the feeds of the pending items
    std::vector<StoredFeed> due;
    {
        std::lock_guard<std::mutex> lock(state_mutex_);
        pending = state_->all_pending();
        // The whole feed list only to name the feeds of pending items; there
        // usually are none.
        if (!pending.empty())
            for (StoredFeed& f : state_->feeds()) feeds_by_id.emplace(f.id, std::move(f));
        due = state_->due_feeds(now);
    }
    for (const PendingItem& p : pending) {
        if (stopping_) break;
        auto it = feeds_by_id.find(p.feed_id);
        if (it != feeds_by_id.end()) deliver_stored(who(it->second), p);
    }
    fetch_and_handle(due);
}

namespace {

// Renews a worker's leases every third of a lease while its batch is
// fetched, so that a slow feed is never taken from a live worker.
class LeaseKeeper {
public:
    LeaseKeeper(PollState& state, std::mutex& state_mutex) : state_(state), state_mutex_(state_mutex) {
        const std::int64_t every = std::max<std::int64_t>(1, state.lease_seconds() / 3);
        thread_ = std::thread([this, every] {
            name_this_thread("clipfeed-lease");
            std::unique_lock<std::mutex> lock(mutex_);
            while (!done_) {
                if (wake_.wait_for(lock, std::chrono::seconds(every), [this] { return done_; })) break;
                lock.unlock();
                try {
                    std::lock_guard<std::mutex> state_lock(state_mutex_);
                    state_.renew_leases();
                } catch (...) {
                    // The server is away: the batch's own saves will say so.
                }
                lock.lock();
            }
        });
    }
    ~LeaseKeeper() {
        {
            std::lock_guard<std::mutex> lock(mutex_);
            done_ = true;
        }
        wake_.notify_all();
        thread_.join();
    }

private:
    PollState& state_;
    std::mutex& state_mutex_;
    std::mutex mutex_;
    std::condition_variable wake_;
    bool done_ = false;
    std::thread thread_;
};

}  // namespace

std::size_t claim_per_host(std::size_t feeds, const FetchOptions& fetch) {
    // feeds * per host / in all, rounded up: a claim of 4 x the connection
    // limit (a cycle's first) takes at most 4 feeds per connection to one host.
    const int total = std::max(1, fetch.max_connections);
    const int host = std::clamp(fetch.max_host_connections, 1, total);
    const auto share = (feeds * static_cast<std::size_t>(host) + static_cast<std::size_t>(total) - 1) /
                       static_cast<std::size_t>(total);
    return std::max<std::size_t>(1, share);
}

void Poller::start_claim(std::int64_t now, std::size_t size) {
    state_->claim_start(now, size, claim_per_host(size, options_.fetch));
}

std::vector<StoredFeed> Poller::claimed_not_handled(std::unordered_set<std::int64_t>& handled) {
    std::vector<StoredFeed> due = state_->claim_finish();
    due.erase(std::remove_if(due.begin(), due.end(), [&](const StoredFeed& f) { return !handled.insert(f.id).second; }),
              due.end());
    return due;
}

std::vector<StoredFeed> Poller::claim_first(std::int64_t now, std::size_t size,
                                            std::unordered_set<std::int64_t>& handled) {
    // A claim locks the hosts it chooses among until it commits, and one
    // running at the same moment skips them: of two workers starting a cycle
    // together, the second found nothing while feeds were due, and sat the
    // cycle out (the first then took every host). So while feeds are due, up
    // to four more tries, after pauses of about 20, 40, 80 and 160 ms
    // (jittered; a cancel ends a pause). Feeds all held by busy workers cost
    // these five claims, no more.
    constexpr int kTries = 5;
    std::vector<StoredFeed> due;
    for (int attempt = 0; attempt < kTries && !stopping_; ++attempt) {
        if (attempt > 0) {
            {
                std::lock_guard<std::mutex> lock(state_mutex_);
                const std::optional<std::int64_t> next = state_->next_due();
                if (!next || *next > now) break;
            }
            const double pause_ms = (10 << attempt) * (0.5 + random_());
            std::unique_lock<std::mutex> lock(wake_mutex_);
            if (wake_.wait_for(lock, std::chrono::duration<double, std::milli>(pause_ms),
                               [this] { return stopping_.load(); }))
                break;
        }
        std::lock_guard<std::mutex> lock(state_mutex_);
        start_claim(now, size);
        due = claimed_not_handled(handled);
        if (!due.empty()) break;
    }
    return due;
}

void Poller::run_shared(std::int64_t now) {
    std::unordered_set<std::int64_t> handled;  // a feed due again at once (interval 0) waits for the next cycle
    const std::size_t floor = static_cast<std::size_t>(std::max(16, options_.fetch.max_connections));
    // A cycle starts with a small claim, so that fetching starts at once, and
    // each next claim is asked for once half of the batch before it is
    // fetched (answered while the other half is): at most twice the last one,
    // and, since a worker then holds up to two, no more than its rate gets
    // through in a quarter of a lease (at most 7.5 s). The feeds (and hosts)
    // due are then spread over the workers rather than held by the first.
    std::size_t size = options_.claim_batch ? options_.claim_batch : 4 * floor;
    try {
        std::vector<StoredFeed> due = claim_first(now, size, handled);
        // Renews this worker's leases while it works, so that a slow feed is never taken from it.
        LeaseKeeper keeper(*state_, state_mutex_);
        while (!due.empty() && !stopping_) {
            std::vector<PendingItem> pending;
            // claim_size_: from the last batch's rate; 0 before the first,
            // when the next claim is no larger than this one.
            const std::size_t next_size =
                options_.claim_batch ? options_.claim_batch
                                     : claim_size_ ? std::min(2 * size, std::max(claim_size_, floor)) : size;
            {
                std::lock_guard<std::mutex> lock(state_mutex_);
                std::vector<std::int64_t> ids;
                for (const StoredFeed& f : due) ids.push_back(f.id);
                // Items owed by these feeds: delivered by whichever worker holds the feed.
                pending = state_->pending_of(ids);
            }
            claim_ahead_ = ClaimAhead{now, next_size, std::max<std::size_t>(1, due.size() / 2)};
            const auto started = std::chrono::steady_clock::now();
            std::unordered_map<std::int64_t, const StoredFeed*> by_id;
            for (const StoredFeed& f : due) by_id.emplace(f.id, &f);
            for (const PendingItem& p : pending) {
                if (stopping_) break;
                auto it = by_id.find(p.feed_id);
                if (it != by_id.end()) deliver_stored(who(*it->second), p);
            }
            fetch_and_handle(due);
            // This worker's rate: the cap of the next claims (and of the next cycle's).
            const double seconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
            const double rate = static_cast<double>(due.size()) / std::max(seconds, 0.001);
            const double horizon =
                std::min(7.5, static_cast<double>(std::max<std::int64_t>(state_->lease_seconds(), 1)) / 4);
            claim_size_ = static_cast<std::size_t>(std::clamp(rate * horizon, static_cast<double>(floor), 5000.0));
            std::lock_guard<std::mutex> lock(state_mutex_);
            if (!claim_ahead_->sent) start_claim(now, next_size);  // fewer results than feeds: stopping
            claim_ahead_.reset();
            due = claimed_not_handled(handled);
            size = next_size;
        }
        std::lock_guard<std::mutex> lock(state_mutex_);
        save_fetched();
        save_scheduled();
        // What is left: feeds whose fetch was canceled, a claim taken while stopping.
        state_->claim_finish();
        state_->release_leases();
    } catch (...) {
        claim_ahead_.reset();
        // The leases left run out on their own if the server is away.
        try {
            std::lock_guard<std::mutex> lock(state_mutex_);
            state_->release_leases();
        } catch (...) {
        }
        throw;
    }
}

std::optional<std::int64_t> Poller::run_due() {
    std::lock_guard<std::mutex> poll_lock(poll_mutex_);
    feeds_changed_ = false;
    const std::int64_t now = clock_();
    if (state_->shared()) run_shared(now);
    else run_alone(now);

    std::lock_guard<std::mutex> lock(state_mutex_);
    save_fetched();
    save_scheduled();
    // Pruning reads every item of every feed, the largest part of a cycle's
    // own work when the feeds are unchanged, and forgetting an item a little
    // later loses nothing: so at most once an hour (or per retention, when
    // that is shorter), and on the first cycle.
    const std::int64_t prune_every = std::min<std::int64_t>(options_.retention, 60 * 60);
    if (!last_prune_ || now < *last_prune_ || now - *last_prune_ >= prune_every) {
        state_->prune(now - options_.retention);
        last_prune_ = now;
    }
    std::optional<std::int64_t> next = state_->next_due();
    // Shared: what is still due is held by other workers (or its host is);
    // look again shortly rather than at once.
    if (state_->shared() && next && *next <= clock_())
        next = clock_() + std::clamp<std::int64_t>(state_->lease_seconds() / 10, 1, 5);
    return next;
}

void Poller::save_scheduled() {
    std::vector<NextPoll> feeds;
    feeds.swap(scheduled_);  // cleared even if saving fails: they are then only polled again
    state_->record_schedules(feeds);
}

void Poller::save_fetched() {
    std::vector<FetchRecord> fetches;
    fetches.swap(fetched_);  // cleared even if saving fails: the feeds are then fetched and delivered again
    state_->record_fetches(fetches);
}

void Poller::start() {
    if (thread_.joinable()) return;
    stopping_ = false;
    fetcher_.resume();
    thread_ = std::thread([this] {
        name_this_thread("clipfeed-poll");
        run_thread();
    });
}

void Poller::stop() {
    if (!thread_.joinable()) return;
    cancel();
    thread_.join();
    resume();
}

void Poller::run_thread() {
    int failures = 0;
    while (!stopping_) {
        std::optional<std::int64_t> next;
        try {
            next = run_due();
            failures = 0;
        } catch (const std::exception& e) {
            // The state store failed (disk full, server away, ...): say so,
            // and try again later, backing off from 1 s to a minute.
            if (callbacks_.feed_error) callbacks_.feed_error(PolledFeed{}, FetchError::network, e.what());
            next = clock_() + std::min<std::int64_t>(60, std::int64_t{1} << std::min(failures, 6));
            ++failures;
        }
        const std::int64_t wait = next ? std::max<std::int64_t>(0, *next - clock_()) : 3600;
        std::unique_lock<std::mutex> lock(wake_mutex_);
        wake_.wait_for(lock, std::chrono::seconds(std::min<std::int64_t>(wait, 3600)),
                       [this] { return stopping_.load() || feeds_changed_.load(); });
    }
}

}  // namespace clipfeed

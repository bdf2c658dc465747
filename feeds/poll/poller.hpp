// Polling feeds: a polite schedule, durable state, and at-least-once delivery
// of new and changed items. Driven either by its own background thread or by
// the host's event loop (run_due, then call again at the time it returns).
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <unordered_set>
#include <vector>

#include "feeds/net/fetch.hpp"
#include "feeds/poll/poll_schedule.hpp"
#include "feeds/poll/poll_state.hpp"

namespace clipfeed {

struct PollerOptions {
    ScheduleSettings schedule;
    FetchOptions fetch;                                // per-host and total limits included
    // Forget delivered items this long gone from their feed (checked at most
    // once an hour, so an item may be kept up to an hour longer).
    std::int64_t retention = 30 * 24 * 60 * 60;
    // A shared state (PostgreSQL, many workers): how long a claimed feed is
    // this worker's (renewed while it is still being worked on), and how many
    // feeds one claim takes (0: sized from the last batch's rate so that a
    // batch ends well within a lease).
    std::int64_t lease = 300;
    std::size_t claim_batch = 0;
};

// How many of a claim's `feeds` may be on one host (a shared state): few
// enough that the claim spans the hosts it takes to keep all of the fetcher's
// connections busy under its per-host limit. A claim of one host's feeds
// alone was fetched `max_host_connections` at a time, its other connections
// idle, however many other hosts had feeds due (one site with hundreds of
// feeds, as a video site's channels, beside many small ones).
std::size_t claim_per_host(std::size_t feeds, const FetchOptions& fetch);

// The feed an event is about.
struct PolledFeed {
    std::string url;
    std::string key;    // the host's own name for the feed
    std::string title;  // as the feed last gave it
};

// What the host hears. Each is called on the thread that runs the poll: the
// poller's own thread after start(), the caller's thread in run_due().
struct PollerCallbacks {
    // A new item / an item whose content changed. `feed` is the parsed feed it
    // came in, or null when the item is redelivered from storage after a
    // failure or restart. Return true when the item is delivered; false keeps
    // it to be delivered again on the next poll.
    std::function<bool(const PolledFeed&, const Feed* feed, const Item& item)> new_item;
    std::function<bool(const PolledFeed&, const Feed* feed, const Item& item)> updated_item;
    // A poll failed (it is retried later, with backoff).
    std::function<void(const PolledFeed&, FetchError error, const std::string& message)> feed_error;
    // The feed moved permanently: the stored URL is now `new_url`.
    std::function<void(const PolledFeed& old_feed, const std::string& new_url)> feed_moved;
    // The feed is gone (HTTP 410): it is no longer polled.
    std::function<void(const PolledFeed&)> feed_gone;
};

class Poller {
public:
    using Clock = std::function<std::int64_t()>;  // Unix time, seconds
    using Random = std::function<double()>;       // uniform in [0, 1), for jitter

    // `clock` and `random` default to the system clock and a seeded generator;
    // tests pass their own to run days of schedule in milliseconds.
    Poller(std::unique_ptr<PollState> state, PollerOptions options, PollerCallbacks callbacks, Clock clock = {},
           Random random = {});
    ~Poller();  // stops the background thread if it runs
    Poller(const Poller&) = delete;
    Poller& operator=(const Poller&) = delete;

    // Settings, callbacks and clock: change them only while no poll runs.
    void configure(const PollerOptions& options);
    const PollerOptions& options() const { return options_; }
    void set_callbacks(PollerCallbacks callbacks) { callbacks_ = std::move(callbacks); }
    void set_clock(Clock clock);  // an empty clock means the system clock

    // From any thread: a running run_due() returns promptly (fetches in flight
    // are abandoned; their feeds stay due) until resume().
    void cancel();
    void resume();

    // Feeds; safe to call from any thread, also while polling runs.
    StoredFeed add_feed(const std::string& url, const std::string& key = {},
                        std::optional<std::int64_t> interval = std::nullopt);
    bool remove_feed(const std::string& url);
    std::vector<StoredFeed> feeds();

    // Polls every feed that is due (and redelivers items still pending), on
    // this thread; returns when the next poll is due (nullopt: no feeds).
    std::optional<std::int64_t> run_due();

    // Polls on a thread of its own until stop(). stop() returns promptly: it
    // cancels fetches in flight (their feeds stay due).
    void start();
    void stop();

private:
    // Hands an item to the host's callback; true when it took it.
    bool offer(const PolledFeed& who, bool update, const Feed* feed, const Item& item);
    // Delivers an item kept from an earlier poll, and records it delivered.
    void deliver_stored(const PolledFeed& who, const PendingItem& pending);
    void handle_result(const StoredFeed& feed, FetchResult&& result);
    // A fetched feed with a body, its items keyed and hashed, waiting to be
    // classified and delivered.
    struct Fetched {
        StoredFeed feed;                  // with its new validators, title and next poll
        FetchResult result;               // owns the parsed document `items` point into
        std::vector<SeenItem> seen;
        std::vector<const Item*> items;   // parallel to `seen`
        std::int64_t now = 0;
        std::chrono::steady_clock::time_point queued;  // when it joined to_classify_
    };
    // Classifies the fetched feeds gathered (one call of the store for all),
    // then delivers their items and queues their records.
    void classify_and_deliver();
    // The two halves: start sends the gathered feeds' question to the store
    // (finishing the batch before it first), finish delivers them once answered.
    void start_classify();
    void finish_classify();
    void deliver_fetched(Fetched& fetched);
    // Called while the fetch waits for the network: classifies the feeds
    // gathered once the first has waited a moment; returns how long the
    // fetch may wait.
    long classify_when_quiet();
    // Fetches `due` and handles each result; a failure of the state store
    // stops the fetch and is thrown once the fetcher has let go.
    void fetch_and_handle(const std::vector<StoredFeed>& due);
    // One cycle over a state this process holds alone (SQLite): every due feed at once.
    void run_alone(std::int64_t now);
    // One cycle over a shared state: claim a batch, work it, release, again
    // until nothing due is left to claim.
    void run_shared(std::int64_t now);
    // The feeds of the claim sent last, less those this cycle handled already
    // (added to `handled`). With the state mutex held.
    std::vector<StoredFeed> claimed_not_handled(std::unordered_set<std::int64_t>& handled);
    // A cycle's first claim; tried again a few times, pausing in between,
    // while it comes back empty and feeds are due (beside another worker's
    // claim it can).
    std::vector<StoredFeed> claim_first(std::int64_t now, std::size_t size, std::unordered_set<std::int64_t>& handled);
    // Asks the shared state for `size` due feeds, at most claim_per_host() of
    // them on one host (state_mutex_ held).
    void start_claim(std::int64_t now, std::size_t size);
    // Saves the schedules of the cycle's 304s and failures so far (state_mutex_ held).
    void save_scheduled();
    // Saves the cycle's fetches with a body so far (state_mutex_ held).
    void save_fetched();
    void run_thread();
    PolledFeed who(const StoredFeed& feed) const { return {feed.url, feed.key, feed.title}; }

    std::unique_ptr<PollState> state_;
    std::mutex state_mutex_;  // the state is one connection (SQLite, libpq): one user at a time
    // Feeds that answered 304 or failed in this cycle (only their schedule
    // and error count change), saved kScheduledBatch at a time: a transaction
    // (or round trip) per feed was most of a cycle over unchanged feeds. Lost
    // in a crash, they are only polled again early.
    static constexpr std::size_t kScheduledBatch = 256;
    std::vector<NextPoll> scheduled_;
    // Fetches with a body in this cycle, their items delivered, saved a few
    // dozen feeds per transaction: a transaction per feed was about half of
    // saving them. Held back only while every item was delivered (see
    // handle_result).
    std::vector<FetchRecord> fetched_;
    // Fetched feeds waiting to be classified, when the store classifies
    // several at once (PollState::classify_batch): with PostgreSQL a round
    // trip per feed, on the fetch loop's thread, was most of a cycle. Only the
    // fetch loop's thread uses it; emptied before the fetch returns.
    std::vector<Fetched> to_classify_;
    std::vector<Fetched> classifying_;  // asked of the store, not yet answered
    std::chrono::steady_clock::time_point classify_sent_;
    // The next claim of a shared state, asked for once `after` of the
    // current batch's results are in (run_shared, fetch loop's thread).
    struct ClaimAhead {
        std::int64_t now = 0;
        std::size_t size = 0;
        std::size_t after = 0;
        std::size_t results = 0;
        bool sent = false;
    };
    std::optional<ClaimAhead> claim_ahead_;
    void claim_ahead_when_due();
    std::size_t claim_size_ = 0;  // what this worker gets through in half a lease (shared state; 0: not known yet)
    std::optional<std::int64_t> last_prune_;  // when forgotten items were last pruned (poll_mutex_)
    PollerOptions options_;
    PollerCallbacks callbacks_;
    Clock clock_;
    Random random_;
    Fetcher fetcher_;
    std::mutex poll_mutex_;  // one poll at a time

    std::thread thread_;
    std::mutex wake_mutex_;
    std::condition_variable wake_;
    std::atomic<bool> stopping_{false};
    std::atomic<bool> feeds_changed_{false};
};

}  // namespace clipfeed

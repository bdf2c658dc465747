// The poller's durable state, as the poller sees it: one narrow interface
// over two stores. SqliteState (sqlite_state.hpp) is one file that one process
// holds, the default; PostgresState (postgres_state.hpp) is a PostgreSQL
// database that many poller processes share, each claiming due feeds under a
// lease. A state is named by its location: a path (or "" for memory) is
// SQLite, a postgresql:// or postgres:// URI (anything libpq's connection
// strings accept) is PostgreSQL.
//
// What a state keeps: the feeds with their validators and schedule, and every
// item's key and content hash, so an item is delivered once and again only
// when its content changes. Items not yet delivered are kept with their JSON
// until their callback succeeds.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace clipfeed {

struct StoredFeed {
    std::int64_t id = 0;
    std::string url;
    std::string key;                        // the host's own name for it
    std::optional<std::int64_t> interval;   // seconds; nullopt: the default
    std::string etag, last_modified;
    std::int64_t next_poll = 0;             // Unix time
    int error_count = 0;                    // failures in a row
    std::string last_error;
    bool gone = false;                      // 410: no longer polled
    std::string title;
};

// An item seen in a feed and not yet delivered.
struct PendingItem {
    std::int64_t feed_id = 0;
    std::string key;
    std::string content_hash;
    bool update = false;       // an item delivered before whose content changed
    std::string payload;       // the item's JSON
};

// An item as the latest fetch of its feed shows it, and what became of it.
struct SeenItem {
    std::string key;
    std::string content_hash;
    enum class Status { unchanged, fresh, changed } status = Status::unchanged;  // set by classify()
    // Set by classify(): whether the store holds a row for the key (false: saving
    // the item adds one, which a store may write more cheaply than an update).
    bool stored = true;
    bool delivered = false;   // set by the poller after the callback
    std::string payload;      // the item's JSON, needed only when not delivered
};

// A poll that changes only a feed's schedule: a 304 (no errors), or a failed
// fetch (its failures in a row and what went wrong). Validators stay as they are.
struct NextPoll {
    std::int64_t feed_id = 0;
    std::int64_t next_poll = 0;
    int error_count = 0;
    std::string last_error;
};

// One fetch with a body, as record_fetches() saves it.
struct FetchRecord {
    StoredFeed feed;              // with its new validators, title and next poll
    std::vector<SeenItem> items;  // classified, and each delivered or not
    std::int64_t now = 0;         // when it was fetched
};

// Everything a state holds, row for row, for copying one store into another
// (clipfeed state migrate): nothing is re-delivered after a copy.
struct StateDump {
    struct Feed {
        StoredFeed feed;
        std::int64_t last_content = 0;  // when its content was last seen (pruning)
    };
    struct Item {
        std::int64_t feed_id = 0;
        std::string key;
        std::string delivered_hash;              // "" when never delivered
        std::optional<std::string> pending_hash;  // set while owed
        std::optional<std::string> payload;       // the owed item's JSON
        std::optional<std::int64_t> pending_order;
        std::int64_t last_seen = 0;
    };
    std::vector<Feed> feeds;
    std::vector<Item> items;
};

class PollState {
public:
    // Opens (creating if needed) the state at `location`: a path, "" or
    // ":memory:" (SQLite in memory), or a postgresql:// / postgres:// URI.
    // A state that is not a clipfeed state, is corrupt, is locked by another
    // process, cannot be reached or was written by a newer version is an error
    // (nullptr and `error` saying which and naming the file, or the server and
    // database; never a password), never a silent reset. `unavailable`, when
    // given, is set when trying again later may succeed (the server is down).
    static std::unique_ptr<PollState> open(const std::string& location, std::string& error,
                                           bool* unavailable = nullptr);
    // True for the locations PostgreSQL keeps.
    static bool is_postgres_location(const std::string& location);

    virtual ~PollState() = default;
    PollState(const PollState&) = delete;
    PollState& operator=(const PollState&) = delete;

    // Feeds. add_feed keeps an existing feed's state and updates its key and
    // interval; it is due at once when new.
    virtual StoredFeed add_feed(const std::string& url, const std::string& key, std::optional<std::int64_t> interval,
                                std::int64_t now) = 0;
    virtual bool remove_feed(const std::string& url) = 0;
    virtual std::vector<StoredFeed> feeds() = 0;
    // Every feed due at `now`, most overdue first, ties in the order added.
    virtual std::vector<StoredFeed> due_feeds(std::int64_t now) = 0;
    virtual std::optional<std::int64_t> next_due() = 0;

    // Many workers on one state. A shared state hands due feeds out with
    // claim_due() only: each claimed feed (and its host, for politeness) is
    // leased to this worker until the lease runs out, renew_leases() is called
    // or its outcome is recorded; release_leases() gives back what is left.
    // A state that only one process can hold (SQLite) is not shared, and
    // these do nothing.
    virtual bool shared() const { return false; }
    virtual void set_lease_seconds(std::int64_t /*seconds*/) {}
    virtual std::int64_t lease_seconds() const { return 0; }
    // At most `limit` due feeds, most overdue first, and at most `per_host` of
    // them on one host, now leased to this worker.
    virtual std::vector<StoredFeed> claim_due(std::int64_t now, std::size_t /*limit*/, std::size_t /*per_host*/) {
        return due_feeds(now);
    }
    // claim_due() in two halves, so that a worker fetches one batch while
    // the server claims the next: start asks, finish takes the answer (other
    // calls may come in between). By default all is done in finish.
    virtual void claim_start(std::int64_t now, std::size_t limit, std::size_t per_host) {
        claim_asked_ = {now, limit, per_host};
    }
    virtual std::vector<StoredFeed> claim_finish() {
        return claim_due(claim_asked_.now, claim_asked_.limit, claim_asked_.per_host);
    }
    virtual void renew_leases() {}
    virtual void release_leases() {}

    // A fetch with a body, in two steps. classify() says which items are new
    // or changed since their last delivery (reading only). After the poller
    // has tried to deliver those, record_fetches() saves one or more fetches
    // in one transaction: for each, the validators and schedule with every
    // item's outcome: delivered, or pending with its JSON to be delivered
    // later. Validators are saved only together with the outcome of the items
    // they vouch for, so a crash before then means the next poll fetches (and
    // delivers) the same items again. A feed removed since its fetch is skipped.
    virtual void classify(std::int64_t feed_id, std::vector<SeenItem>& items) = 0;
    // classify() for several fetched feeds at once, in two halves, so that
    // the poller fetches on while a server answers: start sends the question,
    // finish waits for the answer and sets the items' status (the items stay
    // where they are in between; no other classify in between). A store
    // across a network answers them in one round trip; classify_batch() says
    // how many feeds the poller should gather first (1: each is classified
    // with classify() as soon as it is fetched, as a local store does best).
    struct FeedItems {
        std::int64_t feed_id = 0;
        std::vector<SeenItem>* items = nullptr;
    };
    virtual std::size_t classify_batch() const { return 1; }
    // By default all is done in start, feed by feed.
    virtual void classify_start(const std::vector<FeedItems>& feeds) {
        for (const FeedItems& f : feeds) classify(f.feed_id, *f.items);
    }
    virtual void classify_finish() {}
    virtual void record_fetches(const std::vector<FetchRecord>& fetches) = 0;
    // 304s and failures: only the schedule and the error count change; many
    // feeds in one transaction, each given its own. A feed removed since is skipped.
    virtual void record_schedules(const std::vector<NextPoll>& feeds) = 0;
    // The feed now lives at `new_url`. False when another entry already had
    // that URL: this one is then removed, the other carries on.
    virtual bool record_moved(std::int64_t feed_id, const std::string& new_url) = 0;
    virtual void record_gone(std::int64_t feed_id, const std::string& reason) = 0;

    // Items owed: of some feeds, of every feed.
    virtual std::vector<PendingItem> pending_of(const std::vector<std::int64_t>& feed_ids) = 0;
    virtual std::vector<PendingItem> all_pending() = 0;
    virtual void mark_delivered(const PendingItem& item) = 0;

    // Forgets delivered items that have been missing from their feed's latest
    // content since before `cutoff`.
    virtual int prune(std::int64_t cutoff) = 0;

    // Copying a whole state: dump() reads every row; load() writes them into
    // this state, which must hold no feeds yet, in one transaction.
    virtual StateDump dump() = 0;
    virtual void load(const StateDump& dump) = 0;

    // Where the state is, for messages: the file, or the server and database.
    virtual std::string describe() const = 0;

protected:
    PollState() = default;

private:
    struct ClaimAsked {
        std::int64_t now = 0;
        std::size_t limit = 0;
        std::size_t per_host = 0;
    };
    ClaimAsked claim_asked_;  // the default claim_start()'s question
};

// An item's identity within its feed: its id, else its link, else a hash of
// its content.
std::string item_key(const std::string& id, const std::string& link, const std::string& content_hash);

}  // namespace clipfeed

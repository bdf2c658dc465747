// The poller's durable state in SQLite (WAL): the feeds with their validators
// and schedule, and every item's key and content hash, so an item is
// delivered once and again only when its content changes. Items not yet
// delivered are kept with their JSON until their callback succeeds.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

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
    bool delivered = false;   // set by the poller after the callback
    std::string payload;      // the item's JSON, needed only when not delivered
};

// A feed's next poll, all that a 304 changes.
struct NextPoll {
    std::int64_t feed_id = 0;
    std::int64_t next_poll = 0;
};

// One fetch with a body, as record_fetches() saves it.
struct FetchRecord {
    StoredFeed feed;              // with its new validators, title and next poll
    std::vector<SeenItem> items;  // classified, and each delivered or not
    std::int64_t now = 0;         // when it was fetched
};

class PollState {
public:
    // Opens (creating if needed) the state at `path`; "" or ":memory:" keeps it
    // in memory. A file that is not a clipfeed state, is corrupt, is locked by
    // another process or was written by a newer version is an error (nullptr
    // and `error` saying which and naming the file), never a silent reset.
    static std::unique_ptr<PollState> open(const std::string& path, std::string& error);
    ~PollState();
    PollState(const PollState&) = delete;
    PollState& operator=(const PollState&) = delete;

    // Feeds. add_feed keeps an existing feed's state and updates its key and
    // interval; it is due at once when new.
    StoredFeed add_feed(const std::string& url, const std::string& key, std::optional<std::int64_t> interval,
                        std::int64_t now);
    bool remove_feed(const std::string& url);
    std::vector<StoredFeed> feeds();
    std::vector<StoredFeed> due_feeds(std::int64_t now);
    std::optional<std::int64_t> next_due();

    // A fetch with a body, in two steps. classify() says which items are new
    // or changed since their last delivery (reading only). After the poller
    // has tried to deliver those, record_fetches() saves one or more fetches
    // in one transaction: for each, the validators and schedule with every
    // item's outcome: delivered, or pending with its JSON to be delivered
    // later. Validators are saved only together with the outcome of the items
    // they vouch for, so a crash before then means the next poll fetches (and
    // delivers) the same items again. A feed removed since its fetch is skipped.
    void classify(std::int64_t feed_id, std::vector<SeenItem>& items);
    void record_fetches(const std::vector<FetchRecord>& fetches);
    // 304s: only the schedule changes; many feeds in one transaction.
    void record_not_modified(const std::vector<NextPoll>& feeds);
    void record_failure(const StoredFeed& feed);
    // The feed now lives at `new_url`. False when another entry already had
    // that URL: this one is then removed, the other carries on.
    bool record_moved(std::int64_t feed_id, const std::string& new_url);
    void record_gone(std::int64_t feed_id, const std::string& reason);

    std::vector<PendingItem> pending(std::int64_t feed_id);
    std::vector<PendingItem> all_pending();
    void mark_delivered(const PendingItem& item);

    // Forgets delivered items that have been missing from their feed's latest
    // content since before `cutoff`.
    int prune(std::int64_t cutoff);

private:
    explicit PollState(sqlite3* db) : db_(db) {}
    void exec(const char* sql);
    // Runs `work` in one BEGIN IMMEDIATE ... COMMIT; rolled back if it throws.
    void in_write_transaction(const std::function<void()>& work);
    // One fetch of record_fetches, inside its transaction.
    void save_fetch(const StoredFeed& feed, const std::vector<SeenItem>& items, std::int64_t now);
    // The statement for `sql` (a string literal: its address is the key),
    // prepared on first use and kept: a poll cycle runs the same few
    // statements for every feed, and preparing took as long as running them.
    sqlite3_stmt* prepared(const char* sql);
    sqlite3* db_;
    std::unordered_map<const char*, sqlite3_stmt*> prepared_;
};

// An item's identity within its feed: its id, else its link, else a hash of
// its content.
std::string item_key(const std::string& id, const std::string& link, const std::string& content_hash);

}  // namespace clipfeed

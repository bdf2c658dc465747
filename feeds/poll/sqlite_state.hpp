// The poll state in one SQLite file (WAL) that one process holds: the
// default store. The exclusive lock is taken at open and kept, so a second
// poller on the same file is refused rather than sharing it.
#pragma once

#include <functional>
#include <unordered_map>

#include "feeds/poll/poll_state.hpp"

struct sqlite3;
struct sqlite3_stmt;

namespace clipfeed {

class SqliteState final : public PollState {
public:
    // `path` "" or ":memory:" keeps it in memory. See PollState::open.
    static std::unique_ptr<SqliteState> open(const std::string& path, std::string& error);
    ~SqliteState() override;

    StoredFeed add_feed(const std::string& url, const std::string& key, std::optional<std::int64_t> interval,
                        std::int64_t now) override;
    bool remove_feed(const std::string& url) override;
    std::vector<StoredFeed> feeds() override;
    std::vector<StoredFeed> due_feeds(std::int64_t now) override;
    std::optional<std::int64_t> next_due() override;
    void classify(std::int64_t feed_id, std::vector<SeenItem>& items) override;
    void record_fetches(const std::vector<FetchRecord>& fetches) override;
    void record_schedules(const std::vector<NextPoll>& feeds) override;
    bool record_moved(std::int64_t feed_id, const std::string& new_url) override;
    void record_gone(std::int64_t feed_id, const std::string& reason) override;
    std::vector<PendingItem> pending_of(const std::vector<std::int64_t>& feed_ids) override;
    std::vector<PendingItem> all_pending() override;
    void mark_delivered(const PendingItem& item) override;
    int prune(std::int64_t cutoff) override;
    StateDump dump() override;
    void load(const StateDump& dump) override;
    std::string describe() const override { return "the state file '" + path_ + "'"; }

private:
    SqliteState(sqlite3* db, std::string path) : db_(db), path_(std::move(path)) {}
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
    std::string path_;
    std::unordered_map<const char*, sqlite3_stmt*> prepared_;
};

}  // namespace clipfeed

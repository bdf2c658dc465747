// The poll state in PostgreSQL, shared by any number of poller processes on
// any number of machines. Each worker claims due feeds under a lease (the
// feed's leased_by / lease_until, set with FOR UPDATE SKIP LOCKED, so a busy
// worker never blocks another) and leases their hosts too: a host is polled
// by one worker at a time, so adding workers never hits a site harder than
// one worker would. Lease times are the database server's clock (now()), the
// one clock every worker sees; schedule times (next_poll) are the worker's,
// as with SQLite, so workers' clocks should agree to within the interval
// granularity (NTP). The delivery promise is SQLite's: validators are saved
// only in the transaction that saves their items' outcomes.
#pragma once

#include <exception>
#include <memory>
#include <string>
#include <unordered_set>
#include <utility>
#include <vector>

#include "feeds/poll/pg_connection.hpp"
#include "feeds/poll/poll_state.hpp"

namespace clipfeed {

class PostgresState final : public PollState {
public:
    // Connects to `uri` and creates the schema on first use. See PollState::open.
    static std::unique_ptr<PostgresState> open(const std::string& uri, std::string& error, bool* unavailable);
    // 2: items without a foreign key to feeds; 3: the schedule (next poll,
    // errors, leases) in a table of its own. Older states are upgraded when opened.
    static constexpr int kSchemaVersion = 3;

    StoredFeed add_feed(const std::string& url, const std::string& key, std::optional<std::int64_t> interval,
                        std::int64_t now) override;
    bool remove_feed(const std::string& url) override;
    std::vector<StoredFeed> feeds() override;
    std::vector<StoredFeed> due_feeds(std::int64_t now) override;
    std::optional<std::int64_t> next_due() override;

    bool shared() const override { return true; }
    void set_lease_seconds(std::int64_t seconds) override { lease_seconds_ = seconds; }
    std::int64_t lease_seconds() const override { return lease_seconds_; }
    std::vector<StoredFeed> claim_due(std::int64_t now, std::size_t limit, std::size_t per_host) override;
    void claim_start(std::int64_t now, std::size_t limit, std::size_t per_host) override;
    std::vector<StoredFeed> claim_finish() override;
    void renew_leases() override;
    void release_leases() override;

    void classify(std::int64_t feed_id, std::vector<SeenItem>& items) override;
    std::size_t classify_batch() const override { return 32; }
    void classify_start(const std::vector<FeedItems>& feeds) override;
    void classify_finish() override;
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
    std::string describe() const override { return "the PostgreSQL state (" + db_->where() + ")"; }

    // This worker's name in leased_by: host name, process id and a random part.
    const std::string& worker() const { return worker_; }

private:
    explicit PostgresState(std::unique_ptr<PgConnection> db);
    // Creates the schema, or checks the one there; false with `error` when
    // the database is not a clipfeed state or a newer one.
    bool prepare_schema(std::string& error);
    // Brings a state of an earlier schema version to this one (one worker does it).
    void upgrade_schema();
    std::vector<PendingItem> select_pending(const char* sql, const PgParams& params);

    std::unique_ptr<PgConnection> db_;
    std::string worker_;
    std::int64_t lease_seconds_ = 300;
    std::vector<FeedItems> classifying_;  // between classify_start() and classify_finish()
    PgConnection::Ticket classify_ticket_ = 0;
    PgConnection::Ticket claim_ticket_ = 0;  // between claim_start() and claim_finish()
    std::unordered_set<std::int64_t> owe_nothing_;  // feeds of the last claim that owed no items
    // A failure of work sent without waiting that renew_leases() (on the
    // lease thread) read: thrown by the poll thread's next call.
    std::exception_ptr deferred_failure_;
    void rethrow_deferred() {
        if (deferred_failure_) std::rethrow_exception(std::exchange(deferred_failure_, nullptr));
    }
};

}  // namespace clipfeed

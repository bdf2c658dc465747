// Which store a state location names, and the item key both stores use.
#include "feeds/poll/poll_state.hpp"

#include "feeds/poll/postgres_state.hpp"
#include "feeds/poll/sqlite_state.hpp"

namespace clipfeed {

bool PollState::is_postgres_location(const std::string& location) {
    auto starts = [&](const char* prefix) { return location.rfind(prefix, 0) == 0; };
    return starts("postgresql://") || starts("postgres://");
}

std::unique_ptr<PollState> PollState::open(const std::string& location, std::string& error, bool* unavailable) {
    if (unavailable) *unavailable = false;
    if (is_postgres_location(location)) return PostgresState::open(location, error, unavailable);
    return SqliteState::open(location, error);
}

std::string item_key(const std::string& id, const std::string& link, const std::string& content_hash) {
    if (!id.empty()) return "id:" + id;
    if (!link.empty()) return "link:" + link;
    return "hash:" + content_hash;
}

}  // namespace clipfeed

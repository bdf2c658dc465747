// Date parsing for feeds: RFC 822/1123, RFC 3339 / W3C-DTF (also partial), and
// the broken variants seen in real feeds. Output is always UTC.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace clipfeed {

// Seconds since the Unix epoch (UTC) for a date as feeds write it, or nullopt
// when the text is not a date this parser understands. A date without a zone
// is taken as UTC.
std::optional<std::int64_t> parse_date(std::string_view text);

// "YYYY-MM-DDTHH:MM:SSZ" for a Unix time.
std::string format_rfc3339(std::int64_t seconds);

}  // namespace clipfeed

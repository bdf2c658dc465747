// Fuzz target: the date parser. A date it reads must survive a round trip
// through format_rfc3339.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "feeds/text/dates.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    std::string_view text(reinterpret_cast<const char*>(data), size);
    std::optional<std::int64_t> t = clipfeed::parse_date(text);
    if (t) {
        std::string formatted = clipfeed::format_rfc3339(*t);
        std::optional<std::int64_t> again = clipfeed::parse_date(formatted);
        if (!again || *again != *t) std::abort();  // a date we read must read back the same
    }
    return 0;
}

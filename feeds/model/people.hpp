// People in feeds: RSS writes them as one string ("me@example.com (Me)"),
// Atom as <name>/<email>/<uri> elements.
#pragma once

#include <string>
#include <string_view>

namespace clipfeed {

struct PersonParts {
    std::string_view name;   // empty when none
    std::string_view email;  // empty when none
};

// Splits an RSS-style person string the way feedparser does: the first email
// address found is the email; what is left, without "()", "<>" and outer
// parentheses, is the name. The views point into `text` except the name,
// which may point into `scratch` when characters had to be removed.
PersonParts split_person(std::string_view text, std::string& scratch);

}  // namespace clipfeed

// Placeholder until the HTML rewriter lands: leaves HTML as it is.
#include "feeds/html_rewrite.hpp"

namespace clipfeed {

std::optional<std::string> rewrite_html(std::string_view, const HtmlRewriteOptions&) { return std::nullopt; }

}  // namespace clipfeed

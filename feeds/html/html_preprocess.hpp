// The text rewrites feedparser applies before it tokenizes HTML
// (_BaseHTMLProcessor.feed() and _sanitize_html()).
#pragma once

#include <string>
#include <string_view>

namespace clipfeed::html {

// True for "<!" at `pos` that feedparser escapes: not followed by "DOCTYPE",
// "--" or "[" (case-sensitive).
bool is_escapable_bang(std::string_view text, std::size_t pos);

// Whether feed()'s rewrites would change `html`, and the rewritten text:
//  - escapable "<!" become "&lt;!" while `bang_budget` lasts: feedparser
//    passes re.IGNORECASE where re.sub() expects its count, so each parser
//    escapes only its first two (and "<!doctype" is escaped, "<!DOCTYPE" not);
//  - "<name/>" and "<name  />" become "<name />" for void elements and
//    "<name></name>" for others (anywhere in the text, even in attributes);
//  - "&#39;" and "&#34;" become ' and ".
bool needs_feed_rewrites(std::string_view html, int bang_budget);
std::string apply_feed_rewrites(std::string_view html, int& bang_budget);

// _sanitize_html() escapes every "<![CDATA[" before feed() sees the text.
bool has_cdata_open(std::string_view html);
std::string escape_cdata_opens(std::string_view html);

}  // namespace clipfeed::html

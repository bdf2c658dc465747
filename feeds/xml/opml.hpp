// OPML subscription lists: reading the feeds out of one (as readers export
// them, outlines nested in folders) and writing one.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace clipfeed {

struct OpmlFeed {
    std::string url;    // outline@xmlUrl
    std::string title;  // outline@title, else @text
};

// Every outline with an xmlUrl, at any depth, in document order. False with
// `error` set when the text is not OPML.
bool read_opml(std::string_view text, std::vector<OpmlFeed>& out, std::string& error);

std::string write_opml(const std::vector<OpmlFeed>& feeds, std::string_view title);

}  // namespace clipfeed

// The feeds 'clipfeed serve' serves: read from an OPML file or a newsboat
// urls file, each given a stable, unique name for its path /feeds/<name>.xml.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace serve {

struct ListedFeed {
    std::string name;   // [a-z0-9-]+, unique in the list
    std::string url;    // the upstream http(s) URL
    std::string title;  // from the OPML title/text or newsboat's "~Title" tag; may be empty
};

// Reads `path`: OPML when its first non-blank character is '<', else a
// newsboat urls file (one URL per line, optionally quoted, followed by tags;
// a "~Name" tag names the feed; '#' starts a comment). Lines the server cannot
// serve (exec:, filter:, query: feeds, other schemes) are skipped with a
// warning that names the line. False with `error` set when the file cannot be
// read or lists no feed.
bool read_feed_list(const std::string& path, std::vector<ListedFeed>& out, std::vector<std::string>& warnings,
                    std::string& error);

// "Valley Clippings!" -> "valley-clippings": lowercase ASCII letters and
// digits, other runs of characters become one '-'; at most 64 characters;
// "feed" when nothing is left.
std::string slug(std::string_view text);

// A name for a feed without a title, from its URL: host and path without the
// scheme, "www." and the file extension ("https://www.ex.org/a/feed.xml" ->
// "ex.org/a/feed"), to be slugged.
std::string url_key(std::string_view url);

// Gives every feed its name: the slug of its title, else of its URL's key;
// a name already taken gets "-2", "-3", ... in list order.
void assign_names(std::vector<ListedFeed>& feeds);

}  // namespace serve

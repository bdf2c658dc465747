#include "tools/serve/feed_list.hpp"

#include <memory>
#include <set>

#include "clipfeed.h"
#include "tools/cli_common.hpp"

namespace serve {

namespace {

bool is_http_url(std::string_view url) {
    const std::string low = cli::lower(std::string(url.substr(0, 8)));
    return low.rfind("http://", 0) == 0 || low.rfind("https://", 0) == 0;
}

// OPML through the library's own reader: an in-memory poller that is never
// run imports the outlines, each title becoming the subscription's key.
bool read_opml(const std::string& path, std::vector<ListedFeed>& out, std::vector<std::string>& warnings,
               std::string& error) {
    clipfeed_poller* raw = nullptr;
    if (int rc = clipfeed_poller_new(&raw, nullptr)) {
        error = std::string("cannot read '") + path + "': " + clipfeed_strerror(rc);
        return false;
    }
    std::unique_ptr<clipfeed_poller, cli::PollerDeleter> poller(raw);
    if (clipfeed_poller_import_opml(poller.get(), path.c_str(), nullptr) != CLIPFEED_OK) {
        error = clipfeed_last_error();
        return false;
    }
    clipfeed_subscriptions* subscriptions = nullptr;
    if (clipfeed_poller_subscriptions(&subscriptions, poller.get()) != CLIPFEED_OK) {
        error = std::string("cannot list the feeds of '") + path + "': " + clipfeed_last_error();
        return false;
    }
    for (std::size_t i = 0; i < clipfeed_subscriptions_count(subscriptions); ++i) {
        const char* url = clipfeed_subscriptions_url(subscriptions, i);
        const char* key = clipfeed_subscriptions_key(subscriptions, i);
        if (!url) continue;
        if (!is_http_url(url)) {
            warnings.push_back(path + ": skipping " + url + ": not an http or https URL");
            continue;
        }
        out.push_back({"", url, key ? key : ""});
    }
    clipfeed_subscriptions_free(subscriptions);
    return true;
}

// newsboat's urls file: a line is words separated by blanks, a word possibly
// "quoted" (with \" inside); the first word is the URL, the rest are tags.
std::vector<std::string> words(std::string_view line) {
    std::vector<std::string> out;
    std::size_t i = 0;
    while (i < line.size()) {
        while (i < line.size() && (line[i] == ' ' || line[i] == '\t')) ++i;
        if (i >= line.size() || line[i] == '#') break;
        std::string word;
        if (line[i] == '"') {
            for (++i; i < line.size() && line[i] != '"'; ++i) {
                if (line[i] == '\\' && i + 1 < line.size()) ++i;
                word += line[i];
            }
            ++i;  // the closing quote
        } else {
            while (i < line.size() && line[i] != ' ' && line[i] != '\t') word += line[i++];
        }
        out.push_back(word);
    }
    return out;
}

bool read_urls_file(const std::string& path, const std::string& text, std::vector<ListedFeed>& out,
                    std::vector<std::string>& warnings) {
    std::size_t start = 0;
    for (int number = 1; start < text.size(); ++number) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        const std::vector<std::string> line = words(std::string_view(text).substr(start, end - start));
        start = end + 1;
        if (line.empty()) continue;
        const std::string where = path + ":" + std::to_string(number);
        if (!is_http_url(line[0])) {
            warnings.push_back(where + ": skipping '" + line[0] + "': only http and https feeds can be served");
            continue;
        }
        ListedFeed feed{"", line[0], ""};
        for (std::size_t t = 1; t < line.size(); ++t)
            if (line[t].size() > 1 && line[t][0] == '~') feed.title = line[t].substr(1);
        out.push_back(std::move(feed));
    }
    return true;
}

}  // namespace

bool read_feed_list(const std::string& path, std::vector<ListedFeed>& out, std::vector<std::string>& warnings,
                    std::string& error) {
    std::string text;
    if (!cli::read_input(path, text, error)) return false;
    const std::size_t first = text.find_first_not_of(" \t\r\n\xEF\xBB\xBF");
    const bool opml = first != std::string::npos && text[first] == '<';
    if (!(opml ? read_opml(path, out, warnings, error) : read_urls_file(path, text, out, warnings))) return false;
    std::set<std::string> seen;
    std::vector<ListedFeed> unique;
    for (ListedFeed& feed : out) {
        if (!seen.insert(feed.url).second) {
            warnings.push_back(path + ": " + feed.url + " is listed twice; serving it once");
            continue;
        }
        unique.push_back(std::move(feed));
    }
    out = std::move(unique);
    if (out.empty()) {
        error = "'" + path + "' lists no http or https feed to serve (an OPML file or a newsboat urls file)";
        return false;
    }
    assign_names(out);
    return true;
}

std::string slug(std::string_view text) {
    std::string out;
    bool dash = false;
    for (char c : text) {
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
            if (dash && !out.empty()) out += '-';
            dash = false;
            out += c;
            if (out.size() >= 64) break;
        } else {
            dash = true;
        }
    }
    return out.empty() ? "feed" : out;
}

std::string url_key(std::string_view url) {
    std::size_t scheme = url.find("://");
    std::string_view rest = scheme == std::string_view::npos ? url : url.substr(scheme + 3);
    rest = rest.substr(0, rest.find_first_of("?#"));
    if (rest.rfind("www.", 0) == 0) rest.remove_prefix(4);
    const std::size_t slash = rest.rfind('/');
    const std::size_t dot = rest.rfind('.');
    if (slash != std::string_view::npos && dot != std::string_view::npos && dot > slash) rest = rest.substr(0, dot);
    while (!rest.empty() && rest.back() == '/') rest.remove_suffix(1);
    return std::string(rest);
}

void assign_names(std::vector<ListedFeed>& feeds) {
    std::set<std::string> taken;
    for (ListedFeed& feed : feeds) {
        const std::string base = slug(feed.title.empty() ? url_key(feed.url) : feed.title);
        std::string name = base;
        for (int n = 2; !taken.insert(name).second; ++n) name = base + "-" + std::to_string(n);
        feed.name = name;
    }
}

}  // namespace serve

// The clipfeed command: feeds and clippings as JSON, through the C API.
#include <CLI/CLI.hpp>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include <unistd.h>

#include "clipfeed.h"

namespace {

// Exit codes, also listed in --help and the README.
constexpr int kExitOk = 0;
constexpr int kExitInput = 1;  // an input file could not be read, or the library failed
constexpr int kExitUsage = 2;  // a bad command line

const char* const kExitCodesHelp =
    "Exit status: 0 success (also for malformed feeds: see \"recovered\" and \"warnings\"),\n"
    "1 an input could not be read or processing failed, 2 bad command line.";

struct FeedDeleter {
    void operator()(clipfeed_feed* f) const { clipfeed_feed_free(f); }
};
struct OptionsDeleter {
    void operator()(clipfeed_parse_options* o) const { clipfeed_parse_options_free(o); }
};
struct ClippingDeleter {
    void operator()(clipfeed_clipping* c) const { clipfeed_clipping_free(c); }
};
struct StringDeleter {
    void operator()(char* s) const { clipfeed_string_free(s); }
};

int report(const std::string& what) {
    std::cerr << "clipfeed: " << what << "\n";
    return kExitInput;
}

int report_library_error(const std::string& doing, int code) {
    std::string detail = clipfeed_last_error();
    return report(doing + ": " + clipfeed_strerror(code) + (detail.empty() ? "" : " (" + detail + ")"));
}

// Reads a whole file, or standard input for "-". Returns false with `error` set.
bool read_input(const std::string& path, std::string& out, std::string& error) {
    if (path == "-") {
        out.assign(std::istreambuf_iterator<char>(std::cin), std::istreambuf_iterator<char>());
        if (std::cin.bad()) {
            error = "cannot read standard input: " + std::string(std::strerror(errno));
            return false;
        }
        return true;
    }
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        error = "cannot open '" + path + "': " + std::strerror(errno);
        return false;
    }
    out.assign(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
    if (in.bad()) {
        error = "cannot read '" + path + "': " + std::strerror(errno);
        return false;
    }
    return true;
}

std::string trim(const std::string& s) {
    const char* ws = " \t\r\n";
    std::size_t b = s.find_first_not_of(ws);
    if (b == std::string::npos) return "";
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::string lower(std::string s) {
    for (char& c : s)
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    return s;
}

// Applies a file of "Name: value" response headers to the parse options.
bool apply_headers_file(const std::string& path, clipfeed_parse_options* options, std::string& error) {
    std::string text;
    if (!read_input(path, text, error)) return false;
    std::size_t start = 0;
    int line_number = 0;
    while (start < text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        std::string line = trim(text.substr(start, end - start));
        start = end + 1;
        ++line_number;
        if (line.empty()) continue;
        std::size_t colon = line.find(':');
        if (colon == std::string::npos || colon == 0) {
            error = "'" + path + "' line " + std::to_string(line_number) + ": expected 'Name: value', got '" +
                    line + "'";
            return false;
        }
        std::string name = lower(trim(line.substr(0, colon)));
        std::string value = trim(line.substr(colon + 1));
        if (name == "content-type")
            clipfeed_parse_options_set_content_type(options, value.c_str());
        else if (name == "content-location")
            clipfeed_parse_options_set_content_location(options, value.c_str());
        else if (name == "content-language")
            clipfeed_parse_options_set_content_language(options, value.c_str());
    }
    return true;
}

bool write_stdout(const char* text) {
    return std::fputs(text, stdout) >= 0 && std::fflush(stdout) == 0;
}

struct ParseArgs {
    std::string file;
    std::string url;
    std::string headers;
    bool json = true;
};

int run_parse(const ParseArgs& args) {
    std::string bytes, error;
    if (!read_input(args.file, bytes, error)) return report(error);

    clipfeed_parse_options* raw_options = nullptr;
    if (int rc = clipfeed_parse_options_new(&raw_options)) return report_library_error("parse options", rc);
    std::unique_ptr<clipfeed_parse_options, OptionsDeleter> options(raw_options);
    if (!args.url.empty()) clipfeed_parse_options_set_url(options.get(), args.url.c_str());
    if (!args.headers.empty()) {
        // A headers file means "this came over HTTP", even with no Content-Type in it.
        clipfeed_parse_options_set_content_type(options.get(), "");
        if (!apply_headers_file(args.headers, options.get(), error)) return report(error);
    }

    clipfeed_feed* raw_feed = nullptr;
    if (int rc = clipfeed_feed_parse_with_options(&raw_feed, bytes.data(), bytes.size(), options.get()))
        return report_library_error("parsing '" + args.file + "'", rc);
    std::unique_ptr<clipfeed_feed, FeedDeleter> feed(raw_feed);

    char* raw_json = nullptr;
    if (int rc = clipfeed_feed_to_json(&raw_json, feed.get(), CLIPFEED_JSON_PRETTY))
        return report_library_error("writing JSON for '" + args.file + "'", rc);
    std::unique_ptr<char, StringDeleter> json(raw_json);
    if (!write_stdout(json.get())) return report("cannot write to standard output");
    return kExitOk;
}

struct ClipArgs {
    std::string file;
    std::string url;
    bool html = false;
    bool text = false;
};

int run_clip(const ClipArgs& args) {
    std::string bytes, error;
    if (!read_input(args.file, bytes, error)) return report(error);
    int kind = args.html ? CLIPFEED_CONTENT_HTML : args.text ? CLIPFEED_CONTENT_TEXT : CLIPFEED_CONTENT_DETECT;

    clipfeed_clipping* raw_clipping = nullptr;
    if (int rc = clipfeed_clipping_extract(&raw_clipping, bytes.data(), bytes.size(), kind,
                                           args.url.empty() ? nullptr : args.url.c_str()))
        return report_library_error("extracting a clipping from '" + args.file + "'", rc);
    std::unique_ptr<clipfeed_clipping, ClippingDeleter> clipping(raw_clipping);
    if (!clipping) return write_stdout("null\n") ? kExitOk : report("cannot write to standard output");

    char* raw_json = nullptr;
    if (int rc = clipfeed_clipping_to_json(&raw_json, clipping.get(), CLIPFEED_JSON_PRETTY))
        return report_library_error("writing JSON for '" + args.file + "'", rc);
    std::unique_ptr<char, StringDeleter> json(raw_json);
    if (!write_stdout(json.get())) return report("cannot write to standard output");
    return kExitOk;
}

struct FetchArgs {
    std::vector<std::string> urls;
    std::string etag;
    std::string last_modified;
    std::string user_agent;
    std::string ca_file;
    double timeout_seconds = 0;
    bool insecure = false;
    bool json = true;
};

struct FetcherDeleter {
    void operator()(clipfeed_fetcher* f) const { clipfeed_fetcher_free(f); }
};
struct ResponseDeleter {
    void operator()(clipfeed_response* r) const { clipfeed_response_free(r); }
};

// State shared with the fetch_many callback.
struct FetchProgress {
    std::size_t total = 0;
    std::size_t done = 0;
    std::size_t failed = 0;
    bool show = false;  // stderr is a terminal
    bool write_failed = false;
};

int print_response(clipfeed_response* response, void* user_data) {
    std::unique_ptr<clipfeed_response, ResponseDeleter> owned(response);
    auto* progress = static_cast<FetchProgress*>(user_data);
    ++progress->done;
    if (clipfeed_response_error(response) != CLIPFEED_OK) ++progress->failed;
    char* raw_json = nullptr;
    if (clipfeed_response_to_json(&raw_json, response, CLIPFEED_JSON_COMPACT) == CLIPFEED_OK) {
        std::unique_ptr<char, StringDeleter> json(raw_json);
        if (std::fputs(json.get(), stdout) < 0 || std::fputc('\n', stdout) < 0 || std::fflush(stdout) != 0) {
            progress->write_failed = true;
            return 1;  // nobody is reading any more: stop
        }
    }
    if (progress->show) {
        std::fprintf(stderr, "\rfetched %zu/%zu (%zu failed)", progress->done, progress->total, progress->failed);
        if (progress->done == progress->total) std::fputc('\n', stderr);
    }
    return 0;
}

int run_fetch(const FetchArgs& args) {
    clipfeed_fetcher* raw_fetcher = nullptr;
    if (int rc = clipfeed_fetcher_new(&raw_fetcher)) return report_library_error("creating the fetcher", rc);
    std::unique_ptr<clipfeed_fetcher, FetcherDeleter> fetcher(raw_fetcher);
    if (!args.user_agent.empty()) clipfeed_fetcher_set_user_agent(fetcher.get(), args.user_agent.c_str());
    if (!args.ca_file.empty()) clipfeed_fetcher_set_ca_file(fetcher.get(), args.ca_file.c_str());
    if (args.insecure) clipfeed_fetcher_set_verify_tls(fetcher.get(), 0);
    if (args.timeout_seconds > 0)
        clipfeed_fetcher_set_timeout_ms(fetcher.get(), static_cast<long>(args.timeout_seconds * 1000));

    if (args.urls.size() == 1) {
        clipfeed_response* raw_response = nullptr;
        int rc = clipfeed_fetcher_fetch(&raw_response, fetcher.get(), args.urls[0].c_str(),
                                        args.etag.empty() ? nullptr : args.etag.c_str(),
                                        args.last_modified.empty() ? nullptr : args.last_modified.c_str());
        if (!raw_response) return report_library_error("fetching " + args.urls[0], rc);
        std::unique_ptr<clipfeed_response, ResponseDeleter> response(raw_response);
        char* raw_json = nullptr;
        if (int jrc = clipfeed_response_to_json(&raw_json, response.get(), CLIPFEED_JSON_PRETTY))
            return report_library_error("writing JSON for " + args.urls[0], jrc);
        std::unique_ptr<char, StringDeleter> json(raw_json);
        if (!write_stdout(json.get())) return report("cannot write to standard output");
        if (rc != CLIPFEED_OK) return report(clipfeed_response_error_message(response.get()));
        return kExitOk;
    }

    std::vector<const char*> urls, etags, last_modifieds;
    for (const std::string& url : args.urls) {
        urls.push_back(url.c_str());
        etags.push_back(args.etag.empty() ? nullptr : args.etag.c_str());
        last_modifieds.push_back(args.last_modified.empty() ? nullptr : args.last_modified.c_str());
    }
    FetchProgress progress;
    progress.total = urls.size();
    progress.show = isatty(STDERR_FILENO) != 0;
    int rc = clipfeed_fetcher_fetch_many(fetcher.get(), urls.data(), etags.data(), last_modifieds.data(), urls.size(),
                                         print_response, &progress);
    if (progress.write_failed) return report("cannot write to standard output");
    if (rc != CLIPFEED_OK) return report_library_error("fetching", rc);
    if (progress.failed) return report(std::to_string(progress.failed) + " of " + std::to_string(progress.total) +
                                       " fetches failed (see \"error\" in their lines)");
    return kExitOk;
}

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"clipfeed: parse RSS, Atom and JSON feeds and find the clippings in their items"};
    app.footer(kExitCodesHelp);
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("clipfeed ") + clipfeed_version());

    ParseArgs parse_args;
    CLI::App* parse = app.add_subcommand("parse", "Parse a feed and print it as JSON (spec/feed-json.md)");
    parse->add_flag("--json", parse_args.json, "Print JSON (the default and only output)");
    parse->add_option("--url", parse_args.url, "The document's URL: the base for relative links");
    parse->add_option("--headers", parse_args.headers,
                      "A file of 'Name: value' HTTP response headers (Content-Type, Content-Location, "
                      "Content-Language) as a fetch would give them");
    parse->add_option("file", parse_args.file, "The feed file, or - for standard input")->required();
    parse->footer(kExitCodesHelp);

    ClipArgs clip_args;
    CLI::App* clip = app.add_subcommand("clip", "Extract the clipping from a text or HTML file; prints it or null");
    auto* html_flag = clip->add_flag("--html", clip_args.html, "Read the input as HTML");
    clip->add_flag("--text", clip_args.text, "Read the input as plain text")->excludes(html_flag);
    clip->add_option("--url", clip_args.url, "The page's URL: makes the read-at link absolute");
    clip->add_option("file", clip_args.file, "The input file, or - for standard input")->required();
    clip->footer(kExitCodesHelp);

    FetchArgs fetch_args;
    CLI::App* fetch = app.add_subcommand(
        "fetch", "Fetch feeds over HTTP and print each as JSON with a \"fetch\" object; several URLs give one "
                 "JSON object per line as each completes");
    fetch->add_flag("--json", fetch_args.json, "Print JSON (the default and only output)");
    fetch->add_option("--etag", fetch_args.etag, "Send If-None-Match with this ETag (a 304 means not modified)");
    fetch->add_option("--last-modified", fetch_args.last_modified,
                      "Send If-Modified-Since with this HTTP date (a 304 means not modified)");
    fetch->add_option("--user-agent", fetch_args.user_agent, "The User-Agent to send");
    fetch->add_option("--timeout", fetch_args.timeout_seconds, "Give up on a fetch after this many seconds");
    fetch->add_option("--ca-file", fetch_args.ca_file, "Trust the CA certificates in this PEM file");
    fetch->add_flag("--insecure", fetch_args.insecure, "Do not verify TLS certificates");
    fetch->add_option("url", fetch_args.urls, "http or https URLs")->required();
    fetch->footer(std::string(kExitCodesHelp) + " A failed fetch gives 1.");

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? kExitOk : kExitUsage;
    }

    if (parse->parsed()) return run_parse(parse_args);
    if (clip->parsed()) return run_clip(clip_args);
    if (fetch->parsed()) return run_fetch(fetch_args);
    return kExitUsage;
}

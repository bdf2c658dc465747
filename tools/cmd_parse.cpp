// clipfeed parse and clipfeed clip.
#include <unistd.h>

#include "tools/cli_common.hpp"
#include "tools/commands.hpp"

namespace cli {

namespace {

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

}  // namespace

int run_parse(const ParseArgs& args) {
    std::string error;
    clipfeed_parse_options* raw_options = nullptr;
    if (int rc = clipfeed_parse_options_new(&raw_options)) return report_library_error("parse options", rc);
    std::unique_ptr<clipfeed_parse_options, OptionsDeleter> options(raw_options);
    if (!args.url.empty()) clipfeed_parse_options_set_url(options.get(), args.url.c_str());
    if (args.raw_html) clipfeed_parse_options_set_sanitize(options.get(), 0);
    if (!args.headers.empty()) {
        // A headers file means "this came over HTTP", even with no Content-Type in it.
        clipfeed_parse_options_set_content_type(options.get(), "");
        if (!apply_headers_file(args.headers, options.get(), error)) return report(error);
    }

    clipfeed_feed* raw_feed = nullptr;
    if (int rc = parse_feed_input(args.file, options.get(), &raw_feed))
        return report_library_error("parsing " + input_name(args.file), rc);
    std::unique_ptr<clipfeed_feed, FeedDeleter> feed(raw_feed);

    // Streamed to standard output as it is written: never whole in memory.
    FdOutput out(STDOUT_FILENO);
    const int flags = args.compact ? CLIPFEED_JSON_COMPACT : CLIPFEED_JSON_PRETTY;
    const int rc = clipfeed_feed_write_json(feed.get(), flags, FdOutput::callback, &out);
    if (rc != CLIPFEED_OK || !out.flush()) {
        if (out.errno_value()) return report(out.failure());
        return report_library_error("writing JSON for " + input_name(args.file), rc);
    }
    if (args.compact && !out.write("\n", 1)) return report(out.failure());
    return out.flush() ? kExitOk : report(out.failure());
}

struct ClippingListDeleter {
    void operator()(clipfeed_clipping_list* list) const { clipfeed_clipping_list_free(list); }
};

// clip --all: every clipping of the file as a JSON array.
int run_clip_all(const ClipArgs& args, const std::string& bytes, int kind) {
    clipfeed_clipping_list* raw_list = nullptr;
    if (int rc = clipfeed_clip_all(&raw_list, bytes.data(), bytes.size(), kind,
                                   args.url.empty() ? nullptr : args.url.c_str()))
        return report_library_error("extracting the clippings from '" + args.file + "'", rc);
    std::unique_ptr<clipfeed_clipping_list, ClippingListDeleter> list(raw_list);
    char* raw_json = nullptr;
    if (int rc = clipfeed_clipping_list_to_json(&raw_json, list.get(), CLIPFEED_JSON_PRETTY))
        return report_library_error("writing JSON for '" + args.file + "'", rc);
    std::unique_ptr<char, StringDeleter> json(raw_json);
    if (!write_stdout(json.get())) return report("cannot write to standard output");
    return kExitOk;
}

int run_clip(const ClipArgs& args) {
    std::string bytes, error;
    if (!read_input(args.file, bytes, error)) return report(error);
    int kind = args.html ? CLIPFEED_CONTENT_HTML : args.text ? CLIPFEED_CONTENT_TEXT : CLIPFEED_CONTENT_DETECT;
    if (args.all) return run_clip_all(args, bytes, kind);

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

CLI::App* add_parse_command(CLI::App& app, ParseArgs& args) {
    CLI::App* parse = app.add_subcommand("parse", "Parse a feed and print it as JSON (spec/feed-json.md)");
    parse->add_flag("--json", args.json, "Print JSON (the default and only output)");
    parse->add_flag("--compact", args.compact, "JSON on one line, without spaces (default: indented)");
    parse->add_option("--url", args.url, "The document's URL: the base for relative links");
    parse->add_option("--headers", args.headers,
                      "A file of 'Name: value' HTTP response headers (Content-Type, Content-Location, "
                      "Content-Language) as a fetch would give them");
    parse->add_flag("--raw-html", args.raw_html,
                    "Keep the feed's HTML as written: no sanitizing (links are still made absolute)");
    parse->add_option("file", args.file, "The feed file, or - for standard input")->required();
    parse->footer(kExitCodesHelp);
    return parse;
}

CLI::App* add_clip_command(CLI::App& app, ClipArgs& args) {
    CLI::App* clip =
        app.add_subcommand("clip", "Extract the clipping from a text, Markdown or HTML file; prints it or null");
    auto* html_flag = clip->add_flag("--html", args.html, "Read the input as HTML");
    clip->add_flag("--text", args.text, "Read the input as plain text")->excludes(html_flag);
    clip->add_option("--url", args.url, "The page's URL: makes the read-at link absolute");
    clip->add_flag("--all", args.all, "Print every clipping of the file, in order, as a JSON array ([] when none)");
    clip->add_option("file", args.file, "The input file, or - for standard input")->required();
    clip->footer(kExitCodesHelp);
    return clip;
}

}  // namespace cli

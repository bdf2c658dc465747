// clipfeed fetch: one URL as the feed JSON with a "fetch" object, several as
// one JSON object per line as each completes.
#include <unistd.h>

#include <cstdio>

#include "tools/cli_common.hpp"
#include "tools/commands.hpp"

namespace cli {

namespace {

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

}  // namespace

int run_fetch(const FetchArgs& args) {
    clipfeed_fetcher* raw_fetcher = nullptr;
    if (int rc = clipfeed_fetcher_new(&raw_fetcher)) return report_library_error("creating the fetcher", rc);
    std::unique_ptr<clipfeed_fetcher, FetcherDeleter> fetcher(raw_fetcher);
    if (!args.user_agent.empty()) clipfeed_fetcher_set_user_agent(fetcher.get(), args.user_agent.c_str());
    if (!args.ca_file.empty()) clipfeed_fetcher_set_ca_file(fetcher.get(), args.ca_file.c_str());
    if (args.insecure) clipfeed_fetcher_set_verify_tls(fetcher.get(), 0);
    if (args.raw_html) {
        clipfeed_parse_options* raw_options = nullptr;
        if (int rc = clipfeed_parse_options_new(&raw_options)) return report_library_error("parse options", rc);
        std::unique_ptr<clipfeed_parse_options, OptionsDeleter> options(raw_options);
        clipfeed_parse_options_set_sanitize(options.get(), 0);
        clipfeed_fetcher_set_parse_options(fetcher.get(), options.get());
    }
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
        const int flags = args.compact ? CLIPFEED_JSON_COMPACT : CLIPFEED_JSON_PRETTY;
        if (int jrc = clipfeed_response_to_json(&raw_json, response.get(), flags))
            return report_library_error("writing JSON for " + args.urls[0], jrc);
        std::unique_ptr<char, StringDeleter> json(raw_json);
        if (!write_stdout(json.get()) || (args.compact && !write_stdout("\n")))
            return report("cannot write to standard output");
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


CLI::App* add_fetch_command(CLI::App& app, FetchArgs& args) {
    CLI::App* fetch = app.add_subcommand(
        "fetch", "Fetch feeds over HTTP and print each as JSON with a \"fetch\" object; several URLs give one "
                 "JSON object per line as each completes");
    fetch->add_flag("--json", args.json, "Print JSON (the default and only output)");
    fetch->add_flag("--compact", args.compact,
                    "One URL's JSON on one line (default: indented; several URLs always give one line each)");
    fetch->add_option("--etag", args.etag, "Send If-None-Match with this ETag (a 304 means not modified)");
    fetch->add_option("--last-modified", args.last_modified,
                      "Send If-Modified-Since with this HTTP date (a 304 means not modified)");
    fetch->add_option("--user-agent", args.user_agent, "The User-Agent to send");
    fetch->add_option("--timeout", args.timeout_seconds, "Give up on a fetch after this many seconds");
    fetch->add_option("--ca-file", args.ca_file, "Trust the CA certificates in this PEM file");
    fetch->add_flag("--insecure", args.insecure, "Do not verify TLS certificates");
    fetch->add_flag("--raw-html", args.raw_html,
                    "Keep the feeds' HTML as written: no sanitizing (links are still made absolute)");
    fetch->add_option("url", args.urls, "http or https URLs")->required();
    fetch->footer(kExitCodesHelp);
    return fetch;
}

}  // namespace cli

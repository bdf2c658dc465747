// The clipfeed command's subcommands: each adds itself to the command line
// and runs from the arguments it parsed.
#pragma once

#include <CLI/CLI.hpp>

#include <string>
#include <vector>

namespace cli {

struct ParseArgs {
    std::string file;
    std::string url;
    std::string headers;
    bool raw_html = false;
    bool json = true;
    bool compact = false;
};
CLI::App* add_parse_command(CLI::App& app, ParseArgs& args);
int run_parse(const ParseArgs& args);

struct ClipArgs {
    std::string file;
    std::string url;
    bool html = false;
    bool text = false;
    bool all = false;  // every clipping, as a JSON array
};
CLI::App* add_clip_command(CLI::App& app, ClipArgs& args);
int run_clip(const ClipArgs& args);

struct FetchArgs {
    std::vector<std::string> urls;
    std::string etag;
    std::string last_modified;
    std::string user_agent;
    std::string ca_file;
    double timeout_seconds = 0;
    bool insecure = false;
    bool raw_html = false;
    bool json = true;
    bool compact = false;
};
CLI::App* add_fetch_command(CLI::App& app, FetchArgs& args);
int run_fetch(const FetchArgs& args);

struct WatchArgs {
    std::string state;
    double interval_minutes = 0;
    long lease_seconds = 0;  // 0: the library's default
    std::string exec;
    bool once = false;
    std::string opml;
    std::string urls_file;
    std::vector<std::string> urls;
};
CLI::App* add_watch_command(CLI::App& app, WatchArgs& args);
int run_watch(const WatchArgs& args);

struct OpmlExportArgs {
    std::string state;
};
CLI::App* add_opml_command(CLI::App& app, OpmlExportArgs& args);
int run_opml_export(const OpmlExportArgs& args);

// clipfeed state migrate FROM TO: copies a poll state (SQLite <-> PostgreSQL).
struct StateMigrateArgs {
    std::string from;
    std::string to;
};
CLI::App* add_state_command(CLI::App& app, StateMigrateArgs& args);
int run_state_migrate(const StateMigrateArgs& args);

struct ExecArgs {
    std::string state;
    std::string user_agent;
    double timeout_seconds = 0;
    std::string url;
};
CLI::App* add_exec_command(CLI::App& app, ExecArgs& args);
int run_exec(const ExecArgs& args);

struct FilterArgs {
    std::string url;
};
CLI::App* add_filter_command(CLI::App& app, FilterArgs& args);
int run_filter(const FilterArgs& args);

}  // namespace cli

// clipfeed serve: its command line and its run (tools/serve/README.md).
#pragma once

#include <CLI/CLI.hpp>

#include <string>

namespace cli {

struct ServeArgs {
    std::string listen = "127.0.0.1:8088";
    std::string feeds;
    std::string state;  // --state: an SQLite file keeping the cache across restarts; empty: memory only
    bool watch = false;
    bool allow_any_url = false;
    std::string token;
    std::string basic_auth;
    std::string public_url;
    double interval_minutes = 15;
    double timeout_seconds = 30;
    std::string user_agent;
    int threads = 0;
    int max_connections = 256;
    int client_timeout_seconds = 15;
    bool quiet = false;
};
CLI::App* add_serve_command(CLI::App& app, ServeArgs& args);
int run_serve(const ServeArgs& args);

}  // namespace cli

// The clipfeed command: feeds, clippings, fetching and polling as JSON, through
// the C API like any other client of the library.
#include <CLI/CLI.hpp>

#include "tools/cli_common.hpp"
#include "tools/commands.hpp"
#include "tools/serve/cmd_serve.hpp"

int main(int argc, char** argv) {
    CLI::App app{"clipfeed: parse, fetch and poll RSS, Atom and JSON feeds, and find the clippings in their items"};
    app.footer(cli::kExitCodesHelp);
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("clipfeed ") + clipfeed_version());

    cli::ParseArgs parse_args;
    cli::ClipArgs clip_args;
    cli::FetchArgs fetch_args;
    cli::WatchArgs watch_args;
    cli::OpmlExportArgs opml_args;
    cli::StateMigrateArgs state_args;
    cli::ExecArgs exec_args;
    cli::FilterArgs filter_args;
    cli::ServeArgs serve_args;
    CLI::App* parse = cli::add_parse_command(app, parse_args);
    CLI::App* clip = cli::add_clip_command(app, clip_args);
    CLI::App* fetch = cli::add_fetch_command(app, fetch_args);
    CLI::App* watch = cli::add_watch_command(app, watch_args);
    CLI::App* opml = cli::add_opml_command(app, opml_args);
    CLI::App* state = cli::add_state_command(app, state_args);
    CLI::App* exec = cli::add_exec_command(app, exec_args);
    CLI::App* filter = cli::add_filter_command(app, filter_args);
    CLI::App* serve = cli::add_serve_command(app, serve_args);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? cli::kExitOk : cli::kExitUsage;
    }

    if (parse->parsed()) return cli::run_parse(parse_args);
    if (clip->parsed()) return cli::run_clip(clip_args);
    if (fetch->parsed()) return cli::run_fetch(fetch_args);
    if (watch->parsed()) return cli::run_watch(watch_args);
    if (opml->parsed()) return cli::run_opml_export(opml_args);
    if (state->parsed()) return cli::run_state_migrate(state_args);
    if (exec->parsed()) return cli::run_exec(exec_args);
    if (filter->parsed()) return cli::run_filter(filter_args);
    if (serve->parsed()) return cli::run_serve(serve_args);
    return cli::kExitUsage;
}

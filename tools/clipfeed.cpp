// The clipfeed command: feeds, clippings, fetching and polling as JSON, through
// the C API like any other client of the library.
#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstring>
#include <iterator>

#include "tools/cli_common.hpp"
#include "tools/commands.hpp"
#include "tools/serve/cmd_serve.hpp"

namespace {

// What each subcommand reads its options into.
struct Arguments {
    cli::ParseArgs parse;
    cli::ClipArgs clip;
    cli::FetchArgs fetch;
    cli::WatchArgs watch;
    cli::OpmlExportArgs opml;
    cli::StateMigrateArgs state;
    cli::ExecArgs exec;
    cli::FilterArgs filter;
    cli::ServeArgs serve;
};

struct Subcommand {
    const char* name;
    void (*add)(CLI::App&, Arguments&);  // declares it to CLI11
    int (*run)(const Arguments&);
};

// A subcommand whose options go to `field` of Arguments, declared by `add`
// and run by `run` (each a captureless lambda, so a plain function pointer).
template <typename Args, Args Arguments::*field, CLI::App* (*add)(CLI::App&, Args&), int (*run)(const Args&)>
constexpr Subcommand subcommand(const char* name) {
    return {name, [](CLI::App& app, Arguments& a) { add(app, a.*field); },
            [](const Arguments& a) { return run(a.*field); }};
}

constexpr Subcommand kSubcommands[] = {
    subcommand<cli::ParseArgs, &Arguments::parse, cli::add_parse_command, cli::run_parse>("parse"),
    subcommand<cli::ClipArgs, &Arguments::clip, cli::add_clip_command, cli::run_clip>("clip"),
    subcommand<cli::FetchArgs, &Arguments::fetch, cli::add_fetch_command, cli::run_fetch>("fetch"),
    subcommand<cli::WatchArgs, &Arguments::watch, cli::add_watch_command, cli::run_watch>("watch"),
    subcommand<cli::OpmlExportArgs, &Arguments::opml, cli::add_opml_command, cli::run_opml_export>("opml"),
    subcommand<cli::StateMigrateArgs, &Arguments::state, cli::add_state_command, cli::run_state_migrate>("state"),
    subcommand<cli::ExecArgs, &Arguments::exec, cli::add_exec_command, cli::run_exec>("exec"),
    subcommand<cli::FilterArgs, &Arguments::filter, cli::add_filter_command, cli::run_filter>("filter"),
    subcommand<cli::ServeArgs, &Arguments::serve, cli::add_serve_command, cli::run_serve>("serve"),
};

}  // namespace

int main(int argc, char** argv) {
    CLI::App app{"clipfeed: parse, fetch and poll RSS, Atom and JSON feeds, and find the clippings in their items"};
    app.footer(cli::kExitCodesHelp);
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("clipfeed ") + clipfeed_version());

    // Only the subcommand named first on the command line is declared to
    // CLI11, or every one when the first word names none (--help, --version,
    // a mistyped name: CLI11 then lists them all). Declaring all nine with
    // their options took a fifth of the command's own start-up, on every run
    // of `clipfeed parse` or `filter` that a reader hook makes.
    Arguments arguments;
    const Subcommand* named = std::find_if(std::begin(kSubcommands), std::end(kSubcommands), [&](const Subcommand& s) {
        return argc > 1 && std::strcmp(argv[1], s.name) == 0;
    });
    const bool none_named = named == std::end(kSubcommands);
    for (const Subcommand& s : kSubcommands)
        if (none_named || &s == named) s.add(app, arguments);

    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        int rc = app.exit(e);
        return rc == 0 ? cli::kExitOk : cli::kExitUsage;
    }
    // A parse that succeeds has run one subcommand (require_subcommand), and
    // only the one named first can be it: with none named, CLI11 has refused.
    return none_named ? cli::kExitUsage : named->run(arguments);
}

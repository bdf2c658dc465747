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

constexpr Subcommand kSubcommands[] = {
    {"parse", [](CLI::App& app, Arguments& a) { cli::add_parse_command(app, a.parse); },
     [](const Arguments& a) { return cli::run_parse(a.parse); }},
    {"clip", [](CLI::App& app, Arguments& a) { cli::add_clip_command(app, a.clip); },
     [](const Arguments& a) { return cli::run_clip(a.clip); }},
    {"fetch", [](CLI::App& app, Arguments& a) { cli::add_fetch_command(app, a.fetch); },
     [](const Arguments& a) { return cli::run_fetch(a.fetch); }},
    {"watch", [](CLI::App& app, Arguments& a) { cli::add_watch_command(app, a.watch); },
     [](const Arguments& a) { return cli::run_watch(a.watch); }},
    {"opml", [](CLI::App& app, Arguments& a) { cli::add_opml_command(app, a.opml); },
     [](const Arguments& a) { return cli::run_opml_export(a.opml); }},
    {"state", [](CLI::App& app, Arguments& a) { cli::add_state_command(app, a.state); },
     [](const Arguments& a) { return cli::run_state_migrate(a.state); }},
    {"exec", [](CLI::App& app, Arguments& a) { cli::add_exec_command(app, a.exec); },
     [](const Arguments& a) { return cli::run_exec(a.exec); }},
    {"filter", [](CLI::App& app, Arguments& a) { cli::add_filter_command(app, a.filter); },
     [](const Arguments& a) { return cli::run_filter(a.filter); }},
    {"serve", [](CLI::App& app, Arguments& a) { cli::add_serve_command(app, a.serve); },
     [](const Arguments& a) { return cli::run_serve(a.serve); }},
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

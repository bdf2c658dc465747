// Running a user's --exec command with /bin/sh, one item on its stdin.
#pragma once

#include <string>

namespace cli {

// Runs `command` with `sh -c`, `input` on its stdin and CLIPFEED_EVENT and
// CLIPFEED_FEED_URL added to the environment; true when it exits 0. Safe to
// call from any thread of a multi-threaded process.
bool run_shell_command(const std::string& command, const std::string& input, const char* event,
                       const char* feed_url);

}  // namespace cli

// Running a user's --exec command with /bin/sh, one item on its stdin.
#pragma once

#include <string>

namespace cli {

// Notes the file descriptors this process was started with (beyond stdin,
// stdout and stderr): the only ones a command gets besides those three. Call
// it before anything else opens files or sockets.
void remember_inherited_descriptors();

// Runs `command` with `sh -c`, `input` on its stdin and CLIPFEED_EVENT and
// CLIPFEED_FEED_URL added to the environment. Returns "" when it exits 0,
// else what happened ("exited with status 3", "was killed by signal 9",
// "could not be started: ..."). Safe to call from any thread of a
// multi-threaded process.
std::string run_shell_command(const std::string& command, const std::string& input, const char* event,
                              const char* feed_url);

}  // namespace cli

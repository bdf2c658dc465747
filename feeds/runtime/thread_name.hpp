// Names for the threads the library starts, so that a host looking at its
// process (top -H, gdb, /proc/PID/task/*/comm, perf) sees whose they are:
// "clipfeed-parse" for the fetcher's parse workers, "clipfeed-poll" for the
// poller's own thread.
#pragma once

namespace clipfeed {

// Names the calling thread. Linux keeps at most 15 bytes of a name; longer
// ones are cut there. Where naming fails, the thread keeps its old name.
void name_this_thread(const char* name);

}  // namespace clipfeed

// libpq, opened on first use (libpq_shim.cpp defines the PQ* functions the
// PostgreSQL poll state calls, each forwarding to libpq.so.5): libclipfeed.so.1
// does not link libpq, so a host that never polls into PostgreSQL never loads it.
#pragma once

#include <string>

namespace clipfeed {

// Loads libpq once. True when it is there; else false with `error` naming the
// library and why ("libpq.so.5 could not be loaded (needed for ...): ...").
bool load_libpq(std::string& error) noexcept;

}  // namespace clipfeed

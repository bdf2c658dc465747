// The C libraries clipfeed opens on first use rather than links (see
// lazy_library.hpp): each require_* loads its library once (and runs its global
// initialization: curl_global_init, xmlInitParser), or throws
// LibraryUnavailable naming the library and what needed it. The entry points
// that need one call it first, so a missing library is a clear error there;
// the shims (curl_shim.cpp, libxml2_shim.cpp, sqlite_shim.cpp) then forward
// every call.
#pragma once

#include <string>

struct sqlite3;

namespace clipfeed {

void require_curl();     // libcurl.so.4: fetching
void require_libxml2();  // libxml2.so.2: recovering broken XML, autodiscovery

// Non-throwing form: true when loaded; else false with `error` set.
bool load_libxml2(std::string& error) noexcept;

// Opens the SQLite file at `path` (created when missing) for reading and
// writing, with `extra_flags` (SQLITE_OPEN_FULLMUTEX, ...), loading
// libsqlite3.so.0 first: how the poll state and the command's caches open
// theirs. nullptr with `error` ("cannot open the state file 'PATH': ...",
// SQLite's reason or why the library could not be loaded) when it cannot.
sqlite3* open_sqlite_file(const std::string& path, int extra_flags, std::string& error);

}  // namespace clipfeed

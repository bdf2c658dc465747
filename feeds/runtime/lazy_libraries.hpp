// The C libraries clipfeed opens on first use rather than links (see
// lazy_library.hpp): each require_* loads its library once (and runs its global
// initialization: curl_global_init, xmlInitParser), or throws
// LibraryUnavailable naming the library and what needed it. The entry points
// that need one call it first, so a missing library is a clear error there;
// the shims (curl_shim.cpp, libxml2_shim.cpp, sqlite_shim.cpp) then forward
// every call.
#pragma once

#include <string>

namespace clipfeed {

void require_curl();     // libcurl.so.4: fetching
void require_libxml2();  // libxml2.so.2: recovering broken XML, autodiscovery

// Non-throwing forms: true when loaded; else false with `error` set.
bool load_libxml2(std::string& error) noexcept;
bool load_sqlite(std::string& error) noexcept;  // libsqlite3.so.0: the poll state, the command's caches

}  // namespace clipfeed

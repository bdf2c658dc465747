// A shared library opened on first use: the C libraries that only some of
// clipfeed's work needs (libcurl to fetch, libpq for the PostgreSQL poll state,
// libxml2 to recover broken documents, libmicrohttpd to serve) are not linked
// (no DT_NEEDED), so a host that only parses does not pay for loading and
// relocating them (and the ICU, GnuTLS, Kerberos ... they pull in) at start-up.
//
// Each such library has a shim file next to the code that calls it
// (feeds/runtime/curl_shim.cpp, ...): it defines the library's functions under
// their real names, each forwarding to the pointer this loader found, so the
// call sites stay as they were. Why by hand: GNU ld has no lazy DT_NEEDED
// (Solaris' -z lazyload has no GNU equivalent), and the generators of such
// stubs (Implib.so) are not in Debian. See feeds/runtime/README.md.
#pragma once

#include <cstddef>
#include <mutex>
#include <stdexcept>
#include <string>

namespace clipfeed {

// Thrown when a lazily loaded library (or one of its symbols) is not there.
// Its message names the library, what needed it, and dlerror()'s reason.
class LibraryUnavailable : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

class LazyLibrary {
public:
    // `soname`: what dlopen is given ("libcurl.so.4"). `purpose`: what clipfeed
    // needs it for, for the error message ("fetching feeds"). `names`/`slots`:
    // the `count` symbols resolved at load, every one of them, so a missing
    // symbol is an error at the first use rather than deep inside a call.
    // `after_load`: the library's own global initialization (curl_global_init),
    // run once right after the symbols are resolved; it may throw
    // LibraryUnavailable. Every argument must outlive the object.
    LazyLibrary(const char* soname, const char* purpose, const char* const* names, void** slots, std::size_t count,
                void (*after_load)() = nullptr) noexcept;
    LazyLibrary(const LazyLibrary&) = delete;
    LazyLibrary& operator=(const LazyLibrary&) = delete;

    // Loads the library once (thread-safe; later calls cost one atomic load).
    // True when it and every symbol are there; false, with error() set, when not.
    // The handle is never closed: the library stays for the process's lifetime.
    bool try_load() noexcept;

    // try_load(), with error() copied to `error` when it fails.
    bool try_load(std::string& error) noexcept;

    // try_load(), throwing LibraryUnavailable with error() when it fails.
    void require();

    // Why loading failed ("libcurl.so.4 could not be loaded (needed for
    // fetching feeds): libcurl.so.4: cannot open shared object file ..."), or
    // empty. Stable once try_load() returned.
    const std::string& error() const noexcept { return error_; }

    // The address of symbol number `index` (in `names`): require() first.
    void* slot(std::size_t index) const noexcept { return slots_[index]; }

private:
    void load() noexcept;

    const char* soname_;
    const char* purpose_;
    const char* const* names_;
    void** slots_;
    std::size_t count_;
    void (*after_load_)();
    std::once_flag once_;
    bool ok_ = false;
    std::string error_;
};

// Whether a library with this SONAME is mapped in the process now (looked up
// with RTLD_NOLOAD, so it never loads it): for tests and diagnostics.
bool library_is_loaded(const char* soname) noexcept;

}  // namespace clipfeed

// Helpers for a shim file (feeds/runtime/curl_shim.cpp and its siblings): the
// table of a lazily loaded library's symbols, written once as an X-macro list.
//
//   #define MYLIB_SYMBOLS(X) X(mylib_open) X(mylib_close)
//   CLIPFEED_LAZY_TABLE(MYLIB_SYMBOLS)          // enum class Symbol, names, slots
//   LazyLibrary& mylib() { static LazyLibrary l("libmy.so.1", "...", CLIPFEED_LAZY_ARGS); return l; }
//   extern "C" int (mylib_open)(const char* p) { return CLIPFEED_LAZY_CALL(mylib(), mylib_open)(p); }
//
// CLIPFEED_LAZY_CALL loads the library on first use (throwing
// LibraryUnavailable when it cannot) and gives the function pointer typed as
// the header declares it (decltype), so a shim cannot pass the wrong types.
#pragma once

#include <cstddef>

#include "feeds/runtime/lazy_library.hpp"

#define CLIPFEED_LAZY_ENUM_ENTRY(name) name,
#define CLIPFEED_LAZY_NAME_ENTRY(name) #name,

#define CLIPFEED_LAZY_TABLE(LIST)                                                            \
    enum class Symbol : std::size_t { LIST(CLIPFEED_LAZY_ENUM_ENTRY) count };                \
    const char* const symbol_names[] = {LIST(CLIPFEED_LAZY_NAME_ENTRY)};                     \
    void* symbol_slots[static_cast<std::size_t>(Symbol::count)] = {};

#define CLIPFEED_LAZY_ARGS symbol_names, symbol_slots, static_cast<std::size_t>(Symbol::count)

namespace clipfeed {
// The loaded address of `symbol` in `library`, as a T (a function pointer type).
template <typename T, typename E>
T lazy_symbol(LazyLibrary& library, E symbol) {
    library.require();
    return reinterpret_cast<T>(library.slot(static_cast<std::size_t>(symbol)));
}
}  // namespace clipfeed

#define CLIPFEED_LAZY_CALL(library, name) ::clipfeed::lazy_symbol<decltype(&::name)>(library, Symbol::name)

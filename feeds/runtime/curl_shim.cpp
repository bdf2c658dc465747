// The libcurl functions clipfeed calls (feeds/net fetches), defined here under their own names and
// forwarding to libcurl.so.4, which is opened on the first fetch rather than
// linked: linking it made every host of libclipfeed.so.1 load libcurl and its
// 20-odd dependencies (GnuTLS, nghttp2, Kerberos, LDAP ...) at start-up, about
// 4 ms, even to parse a string. Why by hand: feeds/runtime/lazy_library.hpp.
//
// These definitions are hidden (-fvisibility=hidden, and the version script
// exports only clipfeed_*): they serve the library's own call sites only.
// A function clipfeed starts to call must be added to CURL_SYMBOLS and given a
// forwarding definition below (see DEVELOPERS.md, "Lazily loaded libraries").
#include "feeds/runtime/lazy_libraries.hpp"

#include <curl/curl.h>

#include <cstdarg>
#include <string>

#include "feeds/runtime/lazy_shim.hpp"

namespace {

#define CURL_SYMBOLS(X)                                                                                         \
    X(curl_global_init) X(curl_easy_init) X(curl_easy_cleanup) X(curl_easy_reset) X(curl_easy_setopt)          \
    X(curl_easy_getinfo) X(curl_easy_header) X(curl_easy_strerror) X(curl_multi_init)              \
    X(curl_multi_cleanup) X(curl_multi_add_handle) X(curl_multi_remove_handle) X(curl_multi_setopt)             \
    X(curl_multi_perform) X(curl_multi_poll) X(curl_multi_wakeup) X(curl_multi_info_read) X(curl_share_init)    \
    X(curl_share_cleanup) X(curl_share_setopt) X(curl_slist_append) X(curl_slist_free_all)

CLIPFEED_LAZY_TABLE(CURL_SYMBOLS)

void global_init() {
    // Once per process, right after loading, under the loader's call_once:
    // curl_global_init is not thread-safe in libcurl 7.88.
    const auto init = reinterpret_cast<decltype(&::curl_global_init)>(
        symbol_slots[static_cast<std::size_t>(Symbol::curl_global_init)]);
    const CURLcode code = init(CURL_GLOBAL_DEFAULT);
    if (code != CURLE_OK)
        throw clipfeed::LibraryUnavailable("curl_global_init failed with code " + std::to_string(code));
}

clipfeed::LazyLibrary& curl_library() {
    static clipfeed::LazyLibrary library("libcurl.so.4", "fetching feeds", CLIPFEED_LAZY_ARGS, global_init);
    return library;
}

}  // namespace

#define CURL_FN(name) CLIPFEED_LAZY_CALL(curl_library(), name)

namespace clipfeed {
void require_curl() { curl_library().require(); }
}  // namespace clipfeed

// The names are in parentheses: curl.h defines curl_easy_setopt & co. as
// function-like macros too (to insist on three arguments).
extern "C" {

CURL*(curl_easy_init)(void) { return CURL_FN(curl_easy_init)(); }
void(curl_easy_cleanup)(CURL* curl) { CURL_FN(curl_easy_cleanup)(curl); }
void(curl_easy_reset)(CURL* curl) { CURL_FN(curl_easy_reset)(curl); }
CURLHcode(curl_easy_header)(CURL* easy, const char* name, size_t index, unsigned int origin, int request,
                            struct curl_header** hout) {
    return CURL_FN(curl_easy_header)(easy, name, index, origin, request, hout);
}
const char*(curl_easy_strerror)(CURLcode code) { return CURL_FN(curl_easy_strerror)(code); }
CURLM*(curl_multi_init)(void) { return CURL_FN(curl_multi_init)(); }
CURLMcode(curl_multi_cleanup)(CURLM* multi) { return CURL_FN(curl_multi_cleanup)(multi); }
CURLMcode(curl_multi_add_handle)(CURLM* multi, CURL* easy) { return CURL_FN(curl_multi_add_handle)(multi, easy); }
CURLMcode(curl_multi_remove_handle)(CURLM* multi, CURL* easy) {
    return CURL_FN(curl_multi_remove_handle)(multi, easy);
}
CURLMcode(curl_multi_perform)(CURLM* multi, int* running) { return CURL_FN(curl_multi_perform)(multi, running); }
CURLMcode(curl_multi_poll)(CURLM* multi, struct curl_waitfd extra_fds[], unsigned int extra_nfds, int timeout_ms,
                           int* ret) {
    return CURL_FN(curl_multi_poll)(multi, extra_fds, extra_nfds, timeout_ms, ret);
}
CURLMcode(curl_multi_wakeup)(CURLM* multi) { return CURL_FN(curl_multi_wakeup)(multi); }
CURLMsg*(curl_multi_info_read)(CURLM* multi, int* msgs_in_queue) {
    return CURL_FN(curl_multi_info_read)(multi, msgs_in_queue);
}
CURLSH*(curl_share_init)(void) { return CURL_FN(curl_share_init)(); }
CURLSHcode(curl_share_cleanup)(CURLSH* share) { return CURL_FN(curl_share_cleanup)(share); }
struct curl_slist*(curl_slist_append)(struct curl_slist* list, const char* data) {
    return CURL_FN(curl_slist_append)(list, data);
}
void(curl_slist_free_all)(struct curl_slist* list) { CURL_FN(curl_slist_free_all)(list); }

// The variadic ones. C cannot pass a va_list's "rest" on to another variadic
// function, so each shim reads the one argument and passes it on as the type
// libcurl itself reads it with (va_arg in lib/setopt.c, multi.c, share.c,
// getinfo.c). Which type that is, curl.h encodes in the option's number:
//   options below 10000 (CURLOPTTYPE_LONG, _VALUES)          a long
//   10000 (CURLOPTTYPE_OBJECTPOINT, _STRINGPOINT, _SLISTPOINT, _CBPOINT)  a data pointer
//   20000 (CURLOPTTYPE_FUNCTIONPOINT)                          a function pointer
//   30000 (CURLOPTTYPE_OFF_T)                                  a curl_off_t
//   40000 (CURLOPTTYPE_BLOB)                                   a struct curl_blob *
// The caller must pass exactly that type (curl's documented contract: a long
// 0L, not an int 0), so reading it with va_arg as the same type and passing it
// as the one variadic argument of the real function hands libcurl the very
// value and type it would have read from our caller: well-defined C. Function
// pointers are read as one generic function pointer type and libcurl reads
// them as its callback's type: converting between function pointer types and
// back is defined (C11 6.3.2.3p8), and both are passed the same way.
using AnyFunction = void (*)(void);

}  // extern "C"

namespace {

// Reads the one argument after `option` as the type its CURLOPTTYPE_* range
// gives and passes it on to `real`.
template <typename Real, typename Handle, typename Option>
auto forward_by_option_type(Real real, Handle handle, Option option, va_list& args) {
    if (option < CURLOPTTYPE_OBJECTPOINT) return real(handle, option, va_arg(args, long));
    if (option < CURLOPTTYPE_FUNCTIONPOINT) return real(handle, option, va_arg(args, void*));
    if (option < CURLOPTTYPE_OFF_T) return real(handle, option, va_arg(args, AnyFunction));
    if (option < CURLOPTTYPE_BLOB) return real(handle, option, va_arg(args, curl_off_t));
    return real(handle, option, va_arg(args, void*));
}

}  // namespace

extern "C" {

CURLcode(curl_easy_setopt)(CURL* curl, CURLoption option, ...) {
    va_list args;
    va_start(args, option);
    const CURLcode code = forward_by_option_type(CURL_FN(curl_easy_setopt), curl, option, args);
    va_end(args);
    return code;
}

// CURLMOPT_* use the same CURLOPTTYPE_* ranges (multi.h's CURLOPT macro).
CURLMcode(curl_multi_setopt)(CURLM* multi, CURLMoption option, ...) {
    va_list args;
    va_start(args, option);
    const CURLMcode code = forward_by_option_type(CURL_FN(curl_multi_setopt), multi, option, args);
    va_end(args);
    return code;
}

// CURLSHOPT_* are plain numbers: SHARE and UNSHARE take a curl_lock_data (an
// enum, passed as int: share.c reads va_arg(param, int)), LOCKFUNC and
// UNLOCKFUNC a function, USERDATA a pointer.
CURLSHcode(curl_share_setopt)(CURLSH* share, CURLSHoption option, ...) {
    const auto real = CURL_FN(curl_share_setopt);
    va_list args;
    va_start(args, option);
    CURLSHcode code;
    switch (option) {
        case CURLSHOPT_SHARE:
        case CURLSHOPT_UNSHARE: code = real(share, option, va_arg(args, int)); break;
        case CURLSHOPT_LOCKFUNC:
        case CURLSHOPT_UNLOCKFUNC: code = real(share, option, va_arg(args, AnyFunction)); break;
        default: code = real(share, option, va_arg(args, void*)); break;
    }
    va_end(args);
    return code;
}

// Every CURLINFO_* (STRING, LONG, DOUBLE, SLIST, PTR, SOCKET, OFF_T) takes a
// pointer to where the answer goes (a double * for the DOUBLE ones too), which
// getinfo.c reads as a pointer of that type: passed on as a void *, a data
// pointer converted and back.
CURLcode(curl_easy_getinfo)(CURL* curl, CURLINFO info, ...) {
    const auto real = CURL_FN(curl_easy_getinfo);
    va_list args;
    va_start(args, info);
    void* out = va_arg(args, void*);
    va_end(args);
    return real(curl, info, out);
}

}  // extern "C"

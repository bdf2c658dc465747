#include "feeds/runtime/library_init.hpp"

#include <curl/curl.h>
#include <libxml/parser.h>

#include <mutex>
#include <new>

namespace clipfeed {

void init_libxml2_once() {
    static std::once_flag once;
    std::call_once(once, [] { xmlInitParser(); });
}

void init_curl_once() {
    static std::once_flag once;
    // curl_global_init is not thread-safe in this libcurl (7.88): call_once makes it so.
    std::call_once(once, [] {
        if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) throw std::bad_alloc();
    });
}

}  // namespace clipfeed

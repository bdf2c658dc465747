// libmicrohttpd, opened when `clipfeed serve` starts its server
// (microhttpd_shim.cpp defines the MHD_* functions http_server.cpp calls, each
// forwarding to libmicrohttpd.so.12): the command does not link it, so
// `clipfeed parse`, `filter` and the rest never load it (nor GnuTLS).
#pragma once

#include <string>

namespace serve {

// Loads libmicrohttpd once. True when it is there; else false with `error`
// naming the library and why.
bool load_microhttpd(std::string& error) noexcept;

}  // namespace serve

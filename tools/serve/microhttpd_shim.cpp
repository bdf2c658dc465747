// The libmicrohttpd functions http_server.cpp calls, defined here under their
// own names and forwarding to libmicrohttpd.so.12, which HttpServer::start
// opens: linking it loaded libmicrohttpd and GnuTLS (about 1.5 ms) at the
// start of every `clipfeed` command, though only `serve` serves. Why by hand,
// and the loader: feeds/runtime/lazy_library.hpp.
#include "tools/serve/microhttpd_shim.hpp"

#include <microhttpd.h>

#include <cstdarg>

#include "feeds/runtime/lazy_shim.hpp"

namespace {

#define MICROHTTPD_SYMBOLS(X)                                                                                  \
    X(MHD_start_daemon_va) X(MHD_stop_daemon) X(MHD_get_connection_info) X(MHD_get_connection_values)          \
    X(MHD_suspend_connection) X(MHD_resume_connection) X(MHD_queue_response) X(MHD_create_response_from_buffer) \
    X(MHD_create_response_from_buffer_with_free_callback_cls) X(MHD_add_response_header) X(MHD_destroy_response)

CLIPFEED_LAZY_TABLE(MICROHTTPD_SYMBOLS)

clipfeed::LazyLibrary& microhttpd() {
    static clipfeed::LazyLibrary library("libmicrohttpd.so.12", "clipfeed serve", CLIPFEED_LAZY_ARGS);
    return library;
}

#define MHD_FN(name) CLIPFEED_LAZY_CALL(microhttpd(), name)

}  // namespace

namespace serve {
bool load_microhttpd(std::string& error) noexcept { return microhttpd().try_load(error); }
}  // namespace serve

extern "C" {

// MHD_start_daemon is variadic (pairs of MHD_OPTION_* and their values, up to
// MHD_OPTION_END); libmicrohttpd itself implements it by passing its va_list to
// MHD_start_daemon_va, and so does this shim: the options are read by the
// library exactly as they would have been, whatever their types.
struct MHD_Daemon* MHD_start_daemon(unsigned int flags, uint16_t port, MHD_AcceptPolicyCallback apc, void* apc_cls,
                                    MHD_AccessHandlerCallback dh, void* dh_cls, ...) {
    const auto start = MHD_FN(MHD_start_daemon_va);
    va_list options;
    va_start(options, dh_cls);
    struct MHD_Daemon* daemon = start(flags, port, apc, apc_cls, dh, dh_cls, options);
    va_end(options);
    return daemon;
}
void MHD_stop_daemon(struct MHD_Daemon* daemon) { MHD_FN(MHD_stop_daemon)(daemon); }

// Variadic in its declaration, but libmicrohttpd 0.9.x reads no further
// argument for any MHD_CONNECTION_INFO_* type (the "..." is reserved): the
// shim passes none, which is what the callers pass.
const union MHD_ConnectionInfo* MHD_get_connection_info(struct MHD_Connection* connection,
                                                        enum MHD_ConnectionInfoType info_type, ...) {
    return MHD_FN(MHD_get_connection_info)(connection, info_type);
}
int MHD_get_connection_values(struct MHD_Connection* connection, enum MHD_ValueKind kind,
                              MHD_KeyValueIterator iterator, void* iterator_cls) {
    return MHD_FN(MHD_get_connection_values)(connection, kind, iterator, iterator_cls);
}
void MHD_suspend_connection(struct MHD_Connection* connection) { MHD_FN(MHD_suspend_connection)(connection); }
void MHD_resume_connection(struct MHD_Connection* connection) { MHD_FN(MHD_resume_connection)(connection); }
enum MHD_Result MHD_queue_response(struct MHD_Connection* connection, unsigned int status_code,
                                   struct MHD_Response* response) {
    return MHD_FN(MHD_queue_response)(connection, status_code, response);
}
struct MHD_Response* MHD_create_response_from_buffer(size_t size, void* buffer, enum MHD_ResponseMemoryMode mode) {
    return MHD_FN(MHD_create_response_from_buffer)(size, buffer, mode);
}
struct MHD_Response* MHD_create_response_from_buffer_with_free_callback_cls(size_t size, void* buffer,
                                                                            MHD_ContentReaderFreeCallback crfc,
                                                                            void* crfc_cls) {
    return MHD_FN(MHD_create_response_from_buffer_with_free_callback_cls)(size, buffer, crfc, crfc_cls);
}
enum MHD_Result MHD_add_response_header(struct MHD_Response* response, const char* header, const char* content) {
    return MHD_FN(MHD_add_response_header)(response, header, content);
}
void MHD_destroy_response(struct MHD_Response* response) { MHD_FN(MHD_destroy_response)(response); }

}  // extern "C"

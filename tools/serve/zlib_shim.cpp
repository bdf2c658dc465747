// The zlib functions rendering.cpp calls (gzip_compress), defined here under
// their own names and forwarding to libz.so.1, which serve opens on its first
// compression: linking it cost every `clipfeed` command about 0.1 ms at
// start-up, though only `serve` compresses. Why by hand, and the loader:
// feeds/runtime/lazy_library.hpp. deflateInit2 is a macro of zlib.h that calls
// deflateInit2_ with the header's version and stream size, so the shim
// forwards deflateInit2_.
#include "tools/serve/zlib_shim.hpp"

#include <zlib.h>

#include "feeds/runtime/lazy_shim.hpp"

namespace {

#define ZLIB_SYMBOLS(X) X(deflateInit2_) X(deflateBound) X(deflate) X(deflateEnd)

CLIPFEED_LAZY_TABLE(ZLIB_SYMBOLS)

clipfeed::LazyLibrary& zlib() {
    static clipfeed::LazyLibrary library("libz.so.1", "compressing served feeds", CLIPFEED_LAZY_ARGS);
    return library;
}

#define ZLIB_FN(name) CLIPFEED_LAZY_CALL(zlib(), name)

}  // namespace

namespace serve {
bool load_zlib(std::string& error) noexcept { return zlib().try_load(error); }
}  // namespace serve

extern "C" {

int deflateInit2_(z_streamp stream, int level, int method, int window_bits, int memory_level, int strategy,
                  const char* version, int stream_size) {
    return ZLIB_FN(deflateInit2_)(stream, level, method, window_bits, memory_level, strategy, version, stream_size);
}
uLong deflateBound(z_streamp stream, uLong source_length) { return ZLIB_FN(deflateBound)(stream, source_length); }
int deflate(z_streamp stream, int flush) { return ZLIB_FN(deflate)(stream, flush); }
int deflateEnd(z_streamp stream) { return ZLIB_FN(deflateEnd)(stream); }

}  // extern "C"

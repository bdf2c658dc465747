#include "feeds/runtime/lazy_library.hpp"

#include <dlfcn.h>

namespace clipfeed {

LazyLibrary::LazyLibrary(const char* soname, const char* purpose, const char* const* names, void** slots,
                         std::size_t count, void (*after_load)()) noexcept
    : soname_(soname), purpose_(purpose), names_(names), slots_(slots), count_(count), after_load_(after_load) {}

bool LazyLibrary::try_load() noexcept {
    std::call_once(once_, [this] { load(); });
    return ok_;
}

bool LazyLibrary::try_load(std::string& error) noexcept {
    if (try_load()) return true;
    try {
        error = error_;
    } catch (...) {  // no memory for the message: the caller still learns it failed
    }
    return false;
}

void LazyLibrary::require() {
    if (!try_load()) throw LibraryUnavailable(error_);
}

void LazyLibrary::load() noexcept {
    try {
        const std::string needed_for = std::string(" (needed for ") + purpose_ + ")";
        // RTLD_NOW: every symbol the library needs is bound here, so a broken
        // installation fails now, not in the middle of a transfer. RTLD_LOCAL:
        // its symbols do not join the global scope (our shims hold the names).
        void* handle = dlopen(soname_, RTLD_NOW | RTLD_LOCAL);
        if (!handle) {
            const char* why = dlerror();
            error_ = std::string(soname_) + " could not be loaded" + needed_for + ": " + (why ? why : "unknown reason");
            return;
        }
        for (std::size_t i = 0; i < count_; ++i) {
            dlerror();
            void* address = dlsym(handle, names_[i]);
            const char* why = dlerror();
            if (why || !address) {
                error_ = std::string(soname_) + " has no symbol " + names_[i] + needed_for + ": " +
                         (why ? why : "it is NULL");
                return;  // the handle stays open: harmless, and closing could unload what others use
            }
            slots_[i] = address;
        }
        if (after_load_) after_load_();
        ok_ = true;
    } catch (const std::exception& e) {
        try {
            error_ = std::string(soname_) + " could not be initialized (needed for " + purpose_ + "): " + e.what();
        } catch (...) {
        }
    } catch (...) {
    }
    if (!ok_ && error_.empty()) error_ = "a library could not be loaded (out of memory)";
}

bool library_is_loaded(const char* soname) noexcept {
    void* handle = dlopen(soname, RTLD_NOW | RTLD_NOLOAD);
    if (!handle) return false;
    dlclose(handle);  // drops only the reference RTLD_NOLOAD just took
    return true;
}

}  // namespace clipfeed

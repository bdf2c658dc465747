#include "support/allocation_counter.hpp"

#include <cstdlib>
#include <new>

#if defined(__SANITIZE_ADDRESS__) || defined(__SANITIZE_THREAD__)
#define CLIPFEED_COUNT_ALLOCATIONS 0
#else
#define CLIPFEED_COUNT_ALLOCATIONS 1
#endif

namespace {
thread_local int active_counters = 0;
thread_local long allocations = 0;
}  // namespace

#if CLIPFEED_COUNT_ALLOCATIONS
namespace {
void* counted_malloc(std::size_t size) noexcept {
    if (active_counters > 0) ++allocations;
    return std::malloc(size == 0 ? 1 : size);
}
}  // namespace

void* operator new(std::size_t size) {
    if (void* p = counted_malloc(size)) return p;
    throw std::bad_alloc();
}
void* operator new[](std::size_t size) {
    if (void* p = counted_malloc(size)) return p;
    throw std::bad_alloc();
}
void* operator new(std::size_t size, const std::nothrow_t&) noexcept { return counted_malloc(size); }
void* operator new[](std::size_t size, const std::nothrow_t&) noexcept { return counted_malloc(size); }
void operator delete(void* p) noexcept { std::free(p); }
void operator delete[](void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }
void operator delete[](void* p, std::size_t) noexcept { std::free(p); }
void operator delete(void* p, const std::nothrow_t&) noexcept { std::free(p); }
void operator delete[](void* p, const std::nothrow_t&) noexcept { std::free(p); }
#endif

namespace clipfeed::testing {

AllocationCounter::AllocationCounter() : start_(allocations) { ++active_counters; }
AllocationCounter::~AllocationCounter() { --active_counters; }
long AllocationCounter::count() const { return allocations - start_; }
bool AllocationCounter::available() { return CLIPFEED_COUNT_ALLOCATIONS != 0; }

}  // namespace clipfeed::testing

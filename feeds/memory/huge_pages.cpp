// Why given-back mappings are kept: fresh anonymous memory is zero-filled by
// the kernel on first touch. A parse of a 113 MB feed maps about 230 MiB
// (document and strings), and zeroing it was about a tenth of the parse's
// time; repeated parses of big feeds (a poll cycle over several, a benchmark)
// paid it every time. On hosts with free page reporting (virtual machines that
// hand free memory back to their host), unmapped memory also costs a host
// fault when touched again, which made the same parse take 180 to 380 ms.
// A kept mapping is reused as it is: no fault, no zeroing.
//
// What it costs a feed reader: after a big feed, up to kMaxRetainedHugePages
// stay mapped. Their pages are marked MADV_FREE, so the kernel reclaims them
// without swapping whenever it is short of memory (until then they count in
// the process's RSS), and they are unmapped kRetainHugePagesFor after they
// were given back, at the library's next allocation or release of memory.
// This is the policy of jemalloc's decay of unused pages, on a smaller scale.
#include "feeds/memory/huge_pages.hpp"

#include <sys/mman.h>

#include <atomic>
#include <mutex>

namespace clipfeed {

namespace {

using Clock = std::chrono::steady_clock;

struct KeptMapping {
    char* start;
    std::size_t length;
    Clock::time_point given_back;
};

constexpr std::size_t kMaxKeptMappings = kMaxRetainedHugePages / kHugePageSize;

// Constant-initialized and trivially destructible (like the arena's block
// pool), so that it still works while the process ends or the library is
// unloaded: a feed freed by a static destructor after the closer below has run
// unmaps its memory instead of keeping it. Mappings are kept oldest first.
struct HugePagePool {
    std::mutex mutex;
    KeptMapping kept[kMaxKeptMappings];
    std::size_t count;
    std::atomic<std::size_t> bytes;  // written under the mutex, read without it
    bool closed;
};
HugePagePool pool;

// Takes the kept mapping at `index` out of the pool (with the mutex held),
// keeping the order of the others.
KeptMapping take_kept(std::size_t index) {
    const KeptMapping taken = pool.kept[index];
    for (std::size_t i = index + 1; i < pool.count; ++i) pool.kept[i - 1] = pool.kept[i];
    --pool.count;
    pool.bytes.store(pool.bytes.load(std::memory_order_relaxed) - taken.length, std::memory_order_relaxed);
    return taken;
}

// Mappings taken out of the pool to be unmapped once its mutex is released:
// unmapping a big one takes a while, and another thread may be waiting to map.
class Unmaps {
public:
    void add(const KeptMapping& m) { pending_[count_++] = m; }
    // Returns the bytes unmapped.
    std::size_t run() {
        std::size_t unmapped = 0;
        for (std::size_t i = 0; i < count_; ++i) {
            munmap(pending_[i].start, pending_[i].length);
            unmapped += pending_[i].length;
        }
        count_ = 0;
        return unmapped;
    }

private:
    KeptMapping pending_[kMaxKeptMappings];  // a call never takes out more than the pool holds
    std::size_t count_ = 0;
};

// With the mutex held.
void take_given_back_before(Clock::time_point cutoff, Unmaps& unmaps) {
    while (pool.count > 0 && pool.kept[0].given_back < cutoff) unmaps.add(take_kept(0));
}

struct HugePagePoolCloser {
    ~HugePagePoolCloser() {
        std::lock_guard<std::mutex> lock(pool.mutex);
        while (pool.count > 0) {
            const KeptMapping m = take_kept(0);
            munmap(m.start, m.length);
        }
        pool.closed = true;
    }
};
HugePagePoolCloser pool_closer;

char* map_fresh(std::size_t length) {
    void* p = mmap(nullptr, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (p == MAP_FAILED) return nullptr;
    madvise(p, length, MADV_HUGEPAGE);
    return static_cast<char*>(p);
}

}  // namespace

char* map_huge_pages(std::size_t& length) {
    length = (length + kHugePageSize - 1) / kHugePageSize * kHugePageSize;
    Unmaps unmaps;
    char* reused = nullptr;
    {
        const Clock::time_point now = Clock::now();
        std::lock_guard<std::mutex> lock(pool.mutex);
        take_given_back_before(now - kRetainHugePagesFor, unmaps);
        // The smallest kept mapping that is long enough.
        std::size_t best = pool.count;
        for (std::size_t i = 0; i < pool.count; ++i) {
            const std::size_t kept_length = pool.kept[i].length;
            if (kept_length >= length && (best == pool.count || kept_length < pool.kept[best].length)) best = i;
        }
        if (best < pool.count) {
            const KeptMapping taken = take_kept(best);
            length = taken.length;
            reused = taken.start;
        }
    }
    unmaps.run();
    return reused ? reused : map_fresh(length);
}

void unmap_huge_pages(char* mapping, std::size_t length) {
    if (!mapping) return;
    // Lazily free: where the kernel has no MADV_FREE (before Linux 4.5), the
    // mapping is not worth keeping.
    const bool keep = length <= kMaxRetainedHugePages && madvise(mapping, length, MADV_FREE) == 0;
    Unmaps unmaps;
    bool kept = false;
    if (keep) {
        const Clock::time_point now = Clock::now();
        std::lock_guard<std::mutex> lock(pool.mutex);
        take_given_back_before(now - kRetainHugePagesFor, unmaps);
        if (!pool.closed) {
            while (pool.count > 0 && (pool.count == kMaxKeptMappings ||
                                      pool.bytes.load(std::memory_order_relaxed) + length > kMaxRetainedHugePages))
                unmaps.add(take_kept(0));
            pool.kept[pool.count++] = KeptMapping{mapping, length, now};
            pool.bytes.store(pool.bytes.load(std::memory_order_relaxed) + length, std::memory_order_relaxed);
            kept = true;
        }
    }
    unmaps.run();
    if (!kept) munmap(mapping, length);
}

std::size_t release_huge_pages_given_back_before(Clock::time_point cutoff) {
    Unmaps unmaps;
    {
        std::lock_guard<std::mutex> lock(pool.mutex);
        take_given_back_before(cutoff, unmaps);
    }
    return unmaps.run();
}

std::size_t release_kept_huge_pages() { return release_huge_pages_given_back_before(Clock::time_point::max()); }

void release_idle_huge_pages() {
    if (pool.bytes.load(std::memory_order_relaxed) == 0) return;
    release_huge_pages_given_back_before(Clock::now() - kRetainHugePagesFor);
}

std::size_t retained_huge_page_bytes() { return pool.bytes.load(std::memory_order_relaxed); }

}  // namespace clipfeed

// Counting heap allocations in tests, to hold hot paths to "no allocation".
// The test binary's operator new is replaced once (allocation_counter.cpp);
// sanitizer builds keep their own, and counting is then unavailable.
#pragma once

namespace clipfeed::testing {

// Counts the allocations this thread makes while the counter is alive.
class AllocationCounter {
public:
    AllocationCounter();
    ~AllocationCounter();
    AllocationCounter(const AllocationCounter&) = delete;
    AllocationCounter& operator=(const AllocationCounter&) = delete;

    long count() const;

    // False in sanitizer builds: tests skip their allocation checks.
    static bool available();

private:
    long start_;
};

}  // namespace clipfeed::testing

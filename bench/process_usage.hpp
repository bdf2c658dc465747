// What this process has used so far (getrusage), for the benchmarks' CPU
// time, page fault and peak memory figures.
#pragma once

#include <sys/resource.h>

namespace clipfeed::bench {

struct ProcessUsage {
    double user_seconds = 0;
    double kernel_seconds = 0;
    long minor_page_faults = 0;
    long peak_rss_kib = 0;

    double cpu_seconds() const { return user_seconds + kernel_seconds; }
};

inline ProcessUsage process_usage() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return {seconds(usage.ru_utime), seconds(usage.ru_stime), usage.ru_minflt, usage.ru_maxrss};
}

}  // namespace clipfeed::bench

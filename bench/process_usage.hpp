// What this process has used so far (getrusage), for the benchmarks' CPU
// time, page fault and peak memory figures; and what the whole machine has.
#pragma once

#include <sys/resource.h>
#include <unistd.h>

#include <cstdio>

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

// The whole machine's CPU time so far, from the first line of /proc/stat (in
// seconds, summed over its cores): every process's, this one's, the servers'
// and any other tenant's. `steal` is time the hypervisor gave a virtual CPU
// that wanted to run to someone else. Zeros when /proc/stat cannot be read.
struct MachineUsage {
    double busy_seconds = 0;
    double steal_seconds = 0;
};

inline MachineUsage machine_usage() {
    MachineUsage out;
    std::FILE* stat = std::fopen("/proc/stat", "r");
    if (!stat) return out;
    unsigned long long user = 0, nice = 0, system = 0, idle = 0, iowait = 0, irq = 0, softirq = 0, steal = 0;
    const int read = std::fscanf(stat, "cpu %llu %llu %llu %llu %llu %llu %llu %llu", &user, &nice, &system, &idle,
                                 &iowait, &irq, &softirq, &steal);
    std::fclose(stat);
    if (read != 8) return out;
    const double tick = static_cast<double>(::sysconf(_SC_CLK_TCK));
    out.busy_seconds = static_cast<double>(user + nice + system + irq + softirq) / tick;
    out.steal_seconds = static_cast<double>(steal) / tick;
    return out;
}

}  // namespace clipfeed::bench

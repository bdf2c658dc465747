// A fixed set of worker threads running jobs in order of arrival: the fetcher
// parses bodies on them while its own thread keeps the transfers moving.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

namespace clipfeed {

class WorkQueue {
public:
    // `threads` workers (at least one), each named `thread_name` (thread_name.hpp).
    WorkQueue(unsigned threads, const char* thread_name);
    // Finishes the jobs already queued, then joins the workers.
    ~WorkQueue();
    WorkQueue(const WorkQueue&) = delete;
    WorkQueue& operator=(const WorkQueue&) = delete;

    // Runs `job` on a worker. Jobs must not throw (they catch what they raise).
    void post(std::function<void()> job);

    unsigned size() const { return static_cast<unsigned>(workers_.size()); }

private:
    void run();

    std::mutex mutex_;
    std::condition_variable ready_;
    std::deque<std::function<void()>> jobs_;
    bool stopping_ = false;
    std::vector<std::thread> workers_;
};

}  // namespace clipfeed

#include "feeds/runtime/thread_name.hpp"

#include <pthread.h>

#include <cstring>

namespace clipfeed {

void name_this_thread(const char* name) {
    char cut[16];  // the kernel's limit (TASK_COMM_LEN), its NUL included
    std::strncpy(cut, name, sizeof cut - 1);
    cut[sizeof cut - 1] = '\0';
    pthread_setname_np(pthread_self(), cut);
}

}  // namespace clipfeed

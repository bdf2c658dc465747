// posix_spawn, not fork + exec: watch runs poll threads that allocate, and
// after fork a child of a multi-threaded process may call only
// async-signal-safe functions until exec. Setting the environment in the child
// (setenv allocates) could block forever on an allocator lock another thread
// held at the fork; posix_spawn takes the environment built here instead, and
// it does not copy the parent's page tables (much cheaper for a big process).
#include "tools/shell_command.hpp"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <vector>

#include "tools/cli_common.hpp"

extern char** environ;

namespace cli {

namespace {

// The descriptors above stderr that the process was started with, sorted.
std::vector<int> inherited_descriptors;

// This process's open descriptors above stderr, from /proc (none without it).
std::vector<int> open_descriptors() {
    std::vector<int> found;
    DIR* dir = ::opendir("/proc/self/fd");
    if (!dir) return found;
    const int own = ::dirfd(dir);
    while (const dirent* entry = ::readdir(dir)) {
        char* end = nullptr;
        const long fd = std::strtol(entry->d_name, &end, 10);
        const bool number = end != entry->d_name && *end == '\0';
        if (number && fd > STDERR_FILENO && fd != own) found.push_back(static_cast<int>(fd));
    }
    ::closedir(dir);
    std::sort(found.begin(), found.end());
    return found;
}

// The parent's environment without `name`, then name=value.
void set_variable(std::vector<std::string>& environment, const char* name, const char* value) {
    const std::size_t name_length = std::strlen(name);
    for (auto it = environment.begin(); it != environment.end(); ++it) {
        if (it->size() > name_length && it->compare(0, name_length, name) == 0 && (*it)[name_length] == '=') {
            environment.erase(it);
            break;
        }
    }
    environment.push_back(std::string(name) + "=" + value);
}

// Owns the spawn attributes and file actions, destroyed on every path.
struct SpawnSetup {
    posix_spawn_file_actions_t actions;
    posix_spawnattr_t attributes;
    SpawnSetup() {
        posix_spawn_file_actions_init(&actions);
        posix_spawnattr_init(&attributes);
    }
    ~SpawnSetup() {
        posix_spawn_file_actions_destroy(&actions);
        posix_spawnattr_destroy(&attributes);
    }
    SpawnSetup(const SpawnSetup&) = delete;
    SpawnSetup& operator=(const SpawnSetup&) = delete;
};

}  // namespace

void remember_inherited_descriptors() { inherited_descriptors = open_descriptors(); }

std::string run_shell_command(const std::string& command, const std::string& input, const char* event,
                              const char* feed_url) {
    std::vector<std::string> environment;
    for (char** variable = environ; *variable; ++variable) environment.emplace_back(*variable);
    set_variable(environment, "CLIPFEED_EVENT", event);
    set_variable(environment, "CLIPFEED_FEED_URL", feed_url);
    std::vector<char*> envp;
    for (std::string& variable : environment) envp.push_back(variable.data());
    envp.push_back(nullptr);

    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) return std::string("could not be started: ") + std::strerror(errno);
    SpawnSetup setup;
    // dup2 clears close-on-exec on the copy: stdin survives the exec, the
    // pipe's own two ends do not. (Should the read end be fd 0 already, as
    // when watch runs without stdin, glibc clears the flag on fd 0 itself,
    // as POSIX asks of a dup2 onto the same descriptor.)
    posix_spawn_file_actions_adddup2(&setup.actions, pipe_fds[0], STDIN_FILENO);
    // Nothing of watch's own: libcurl's sockets (its connections, and the
    // socket pair that wakes its loop) are not close-on-exec, and a command
    // that left a process behind would hold them open. What watch was started
    // with is passed on (`--exec 'cat >&3' 3>>log` keeps working).
    for (int fd : open_descriptors())
        if (fd != pipe_fds[0] && fd != pipe_fds[1] &&
            !std::binary_search(inherited_descriptors.begin(), inherited_descriptors.end(), fd))
            posix_spawn_file_actions_addclose(&setup.actions, fd);
    // The child gets signals as usual: watch blocks SIGINT/SIGTERM for its
    // signal thread and ignores SIGPIPE, neither of which a command expects.
    sigset_t none;
    sigemptyset(&none);
    sigset_t defaults;
    sigemptyset(&defaults);
    sigaddset(&defaults, SIGPIPE);
    posix_spawnattr_setsigmask(&setup.attributes, &none);
    posix_spawnattr_setsigdefault(&setup.attributes, &defaults);
    posix_spawnattr_setflags(&setup.attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);

    char shell[] = "sh";
    char dash_c[] = "-c";
    std::string command_copy = command;
    char* argv[] = {shell, dash_c, command_copy.data(), nullptr};
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, "/bin/sh", &setup.actions, &setup.attributes, argv, envp.data());
    ::close(pipe_fds[0]);
    if (spawned != 0) {
        ::close(pipe_fds[1]);
        return std::string("could not be started: ") + std::strerror(spawned);
    }
    // A failed write is a command that stopped reading: its exit status decides.
    write_all(pipe_fds[1], input.data(), input.size());
    ::close(pipe_fds[1]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (WIFEXITED(status))
        return WEXITSTATUS(status) == 0 ? std::string() : "exited with status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return "was killed by signal " + std::to_string(WTERMSIG(status));
    return "ended with wait status " + std::to_string(status);
}

}  // namespace cli

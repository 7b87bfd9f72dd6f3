// speedlab_spawn: runs one harness process and reports *its* resource usage.
//
//   speedlab_spawn USAGE_FILE COMMAND [ARGS...]
//
// The runner starts every harness through this small program. A process's
// peak memory (ru_maxrss) also counts the memory of the process it was forked
// from, up to its exec: started straight from the runner, a 7 MiB C++ harness
// reported the runner's 40-400 MiB. Forked from this program (about 1 MiB),
// the harness's peak is its own. After the harness exits this program writes
// "MAXRSS_KIB USER_S SYS_S" (the harness's wait4 rusage) to USAGE_FILE and
// exits the way the harness did: the same status, or the same signal.
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s USAGE_FILE COMMAND [ARGS...]\n", argv[0]);
    return 2;
  }
  const pid_t child = ::fork();
  if (child < 0) {
    std::fprintf(stderr, "speedlab_spawn: cannot fork: %s\n", std::strerror(errno));
    return 127;
  }
  if (child == 0) {
    ::execvp(argv[2], argv + 2);
    std::fprintf(stderr, "cannot start %s: %s\n", argv[2], std::strerror(errno));
    ::_exit(127);
  }
  // The runner ends a harness by killing the whole process group, this program included; a signal
  // meant for the harness alone (a terminal's Ctrl-C goes to the group too) needs no forwarding.
  int status = 0;
  struct rusage usage {};
  while (::wait4(child, &status, 0, &usage) < 0) {
    if (errno != EINTR) {
      std::fprintf(stderr, "speedlab_spawn: wait4: %s\n", std::strerror(errno));
      return 127;
    }
  }
  if (std::FILE* out = std::fopen(argv[1], "w")) {
    std::fprintf(out, "%ld %.6f %.6f\n", usage.ru_maxrss,
                 static_cast<double>(usage.ru_utime.tv_sec) + static_cast<double>(usage.ru_utime.tv_usec) * 1e-6,
                 static_cast<double>(usage.ru_stime.tv_sec) + static_cast<double>(usage.ru_stime.tv_usec) * 1e-6);
    std::fclose(out);
  }
  if (WIFSIGNALED(status)) {
    const int signal_number = WTERMSIG(status);
    std::signal(signal_number, SIG_DFL);
    struct rlimit no_core {0, 0};
    ::setrlimit(RLIMIT_CORE, &no_core);  // the harness already dumped (or not) its core
    ::kill(::getpid(), signal_number);
    return 128 + signal_number;  // a signal that does not end a process
  }
  return WEXITSTATUS(status);
}

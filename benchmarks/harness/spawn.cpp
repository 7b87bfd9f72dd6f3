// speedlab_spawn: runs one harness process, times it, and reports *its* resource usage.
//
//   speedlab_spawn USAGE_FILE COMMAND [ARGS...]
//
// The runner starts every harness through this small program, for three reasons.
// - Peak memory: a process's ru_maxrss also counts the memory of the process it was forked from, up to its
//   exec; started straight from the runner, a 7 MiB C++ harness reported the runner's 40-400 MiB. Forked
//   from this program (about 1 MiB), the harness's peak is its own (and that of its children).
// - Wall time: the cold time is CLOCK_MONOTONIC from just before fork to the moment wait4 returns the
//   harness, measured here, next to the process, not by a runner that may notice the exit late.
// - Clean endings: the harness runs in its own process group. SIGTERM, SIGINT or SIGHUP to this program
//   (the runner's timeout or interruption) kills that group; after the harness exits the group is killed
//   too, so nothing a harness leaves behind outlives its cell. On Linux this program is also a child
//   subreaper (a stray that leaves the group still ends up here and is killed) and it dies with the runner
//   (PR_SET_PDEATHSIG), taking the harness with it, even when the runner was SIGKILLed.
//
// - Peak memory of all the processes together: ru_maxrss is the largest *single* process's peak, so a harness
//   whose work runs in worker processes (a Dask LocalCluster, python.processes) reads as one worker. While
//   the harness runs, a second thread samples the summed resident memory of every process below this one
//   (the tree, from /proc/PID/task/TID/children and /proc/PID/statm) every kSampleMs; the main thread
//   keeps blocking in wait4, so the exit is seen, and timed, exactly as without it.
//
// In every ending this program reaps the harness and everything it started, then writes one line of JSON
// to USAGE_FILE:
//   {"wall_s": ..., "max_rss_kib": ..., "max_rss_all_kib": ..., "user_s": ..., "sys_s": ...,
//    "stopped_by": SIGNAL_OR_0}
// (usage of the harness and all its descendants: RUSAGE_CHILDREN; max_rss_all_kib is the largest sampled
// sum, at least max_rss_kib) and exits the way the harness did: the same status, or the same signal. If the
// runner is gone, the file is removed instead of written.
//
// Environment: SPEEDLAB_SPAWN_PARENT=PID (set by the runner, removed before the harness starts) is the
// runner's pid; if the parent is already some other process once the parent-death signal is armed, the
// runner died first and nothing is started.
#include <dirent.h>
#include <sys/resource.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cerrno>
#include <chrono>
#include <condition_variable>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>
#include <system_error>
#include <thread>

#ifdef __linux__
#include <sys/prctl.h>
#endif

namespace {

volatile sig_atomic_t g_harness = 0;      // the harness's pid, which is also its process group
volatile sig_atomic_t g_stopped_by = 0;   // the signal that asked for a stop, 0 if none
volatile sig_atomic_t g_parent_died = 0;  // the parent-death signal arrived: nobody will read the usage file

// The parent-death signal is one the runner never sends, so its arrival alone says the runner is gone.
// getppid() cannot say so in time: a SIGKILLed runner with several threads (NumPy's BLAS pool) exits thread
// by thread, the signal fires when the thread that forked us exits, and until the last one has, getppid()
// still returns the runner's pid.
constexpr int kParentDeathSignal = SIGUSR2;
const int kStopSignals[] = {SIGTERM, SIGINT, SIGHUP, kParentDeathSignal};

extern "C" void on_stop(int signal_number) {
  if (signal_number == kParentDeathSignal) g_parent_died = 1;
  if (g_stopped_by == 0) g_stopped_by = signal_number;
  const pid_t harness = g_harness;
  if (harness > 0) ::kill(-harness, SIGKILL);  // async-signal-safe; the wait4 below then returns
}

double seconds_between(const timespec& start, const timespec& end) {
  return static_cast<double>(end.tv_sec - start.tv_sec) + static_cast<double>(end.tv_nsec - start.tv_nsec) * 1e-9;
}

double seconds_of(const timeval& value) {
  return static_cast<double>(value.tv_sec) + static_cast<double>(value.tv_usec) * 1e-6;
}

// Kills every child of this process still alive (strays that left the harness's group and were reparented
// here, this program being a subreaper). Returns false when the kernel cannot list them.
bool kill_listed_children() {
#ifdef __linux__
  char path[64];
  std::snprintf(path, sizeof path, "/proc/self/task/%d/children", static_cast<int>(::getpid()));
  std::FILE* list = std::fopen(path, "r");
  if (list == nullptr) return false;
  int pid = 0;
  while (std::fscanf(list, "%d", &pid) == 1) {
    ::kill(-pid, SIGKILL);  // its group, if it leads one
    ::kill(pid, SIGKILL);
  }
  std::fclose(list);
  return true;
#else
  return false;
#endif
}

// Reaps every remaining descendant: the harness's group is killed first, then any stray that reached us.
void reap_everything(pid_t harness) {
  ::kill(-harness, SIGKILL);
  const timespec pause{0, 1'000'000};                 // 1 ms: cleanup after the timed part, never inside it
  for (int attempt = 0; attempt < 5000; ++attempt) {  // at most ~5 s for a stray stuck in the kernel
    const bool listed = kill_listed_children();
    const pid_t reaped = ::waitpid(-1, nullptr, WNOHANG);
    if (reaped < 0 && errno == ECHILD) return;  // nothing left
    if (reaped > 0 || (reaped < 0 && errno == EINTR)) continue;
    if (!listed) return;  // cannot see the strays: do not wait for ones that may never end
    ::nanosleep(&pause, nullptr);
  }
}

// --- the summed resident memory of the process tree, sampled while the harness runs

constexpr int kSampleMs = 50;  // a worker's peak lasting a tenth of a second is seen; ~1% of a core at most
constexpr int kMaxDepth = 64;  // a deeper tree is a fork bomb, not a harness

// Resident KiB of one process (statm: O(1) counters, no page-table walk); 0 once it is gone. Pages shared by
// several processes (their libraries, a file they both map) count in each: the sum is an upper bound.
long long resident_kib(long pid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/%ld/statm", pid);
  std::FILE* statm = std::fopen(path, "r");
  if (statm == nullptr) return 0;
  long long size = 0, resident = 0;
  const bool read = std::fscanf(statm, "%lld %lld", &size, &resident) == 2;
  std::fclose(statm);
  return read ? resident * (::sysconf(_SC_PAGESIZE) / 1024) : 0;
}

// Resident KiB of every descendant of `pid` (not `pid` itself): the children of each of its threads, and theirs.
long long descendants_kib(long pid, int depth) {
  if (depth > kMaxDepth) return 0;
  char path[96];
  std::snprintf(path, sizeof path, "/proc/%ld/task", pid);
  DIR* tasks = ::opendir(path);
  if (tasks == nullptr) return 0;
  long long total = 0;
  while (const dirent* task = ::readdir(tasks)) {
    if (task->d_name[0] == '.') continue;
    std::snprintf(path, sizeof path, "/proc/%ld/task/%.20s/children", pid, task->d_name);
    std::FILE* list = std::fopen(path, "r");
    if (list == nullptr) continue;
    long child = 0;
    while (std::fscanf(list, "%ld", &child) == 1) total += resident_kib(child) + descendants_kib(child, depth + 1);
    std::fclose(list);
  }
  ::closedir(tasks);
  return total;
}

// Samples descendants_kib(this process) until stopped; peak() is the largest sum seen. The thread is started
// with the stop signals blocked, so they keep reaching the main thread's wait4.
class TreeSampler {
 public:
  void start() {
#ifdef __linux__
    try {
      thread_ = std::thread([this] { run(); });
    } catch (const std::system_error&) {  // no thread: no sum, the single-process peak remains
    }
#endif
  }
  void stop() {
    {
      std::lock_guard<std::mutex> lock(mutex_);
      stopping_ = true;
    }
    wake_.notify_one();
    if (thread_.joinable()) thread_.join();
  }
  long long peak() const {
    return peak_.load();
  }

 private:
  void run() {
    const long self = static_cast<long>(::getpid());
    std::unique_lock<std::mutex> lock(mutex_);
    while (!stopping_) {
      lock.unlock();
      const long long sum = descendants_kib(self, 0);
      if (sum > peak_.load()) peak_.store(sum);
      lock.lock();
      wake_.wait_for(lock, std::chrono::milliseconds(kSampleMs), [this] { return stopping_; });
    }
  }

  std::thread thread_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;
  std::atomic<long long> peak_{0};
};

void set_stop_handlers(void (*handler)(int)) {
  struct sigaction action {};
  action.sa_handler = handler;
  sigemptyset(&action.sa_mask);
  action.sa_flags = 0;  // no SA_RESTART: wait4 returns EINTR and the loop looks again
  for (const int signal_number : kStopSignals) ::sigaction(signal_number, &action, nullptr);
}

// The parent-death signal fires when the runner exits, however it exits; it is armed before the pid check so
// that a runner dying in between is still seen. Returns false when the runner is already gone.
bool arm_parent_death_signal(pid_t expected_parent, int signal_number) {
#ifdef __linux__
  if (::prctl(PR_SET_PDEATHSIG, signal_number) != 0) return true;  // best effort
#else
  (void)signal_number;
#endif
  return ::getppid() == expected_parent;
}

[[noreturn]] void exec_harness(char** argv, pid_t launcher) {
  ::setpgid(0, 0);  // its own group: the runner's stop, and the clean-up, reach everything it starts
  set_stop_handlers(SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);                     // the harness starts with no signal blocked
  if (!arm_parent_death_signal(launcher, SIGKILL)) ::_exit(127);  // this program died before the exec
  ::execvp(argv[0], argv);
  std::fprintf(stderr, "cannot start %s: %s\n", argv[0], std::strerror(errno));
  ::_exit(127);
}

void write_usage(const char* path, double wall_s, int stopped_by, long long sampled_kib) {
  struct rusage usage {};
  ::getrusage(RUSAGE_CHILDREN, &usage);  // the harness and every descendant reaped: all of them are now
  long max_rss_kib = usage.ru_maxrss;
#ifdef __APPLE__
  max_rss_kib /= 1024;  // macOS reports bytes
#endif
  const long long all_kib = sampled_kib > max_rss_kib ? sampled_kib : max_rss_kib;  // a sample may miss a peak
  std::FILE* out = std::fopen(path, "w");
  if (out == nullptr) return;
  std::fprintf(out,
               "{\"wall_s\": %.9f, \"max_rss_kib\": %ld, \"max_rss_all_kib\": %lld, \"user_s\": %.6f, "
               "\"sys_s\": %.6f, \"stopped_by\": %d}\n",
               wall_s, max_rss_kib, all_kib, seconds_of(usage.ru_utime), seconds_of(usage.ru_stime), stopped_by);
  std::fclose(out);
}

[[noreturn]] void exit_like(int status) {
  if (WIFSIGNALED(status)) {
    const int signal_number = WTERMSIG(status);
    std::signal(signal_number, SIG_DFL);
    struct rlimit no_core {
      0, 0
    };
    ::setrlimit(RLIMIT_CORE, &no_core);  // the harness already dumped (or not) its core
    sigset_t only;
    sigemptyset(&only);
    sigaddset(&only, signal_number);
    ::sigprocmask(SIG_UNBLOCK, &only, nullptr);
    ::kill(::getpid(), signal_number);
    std::_Exit(128 + signal_number);  // a signal that does not end a process
  }
  std::_Exit(WEXITSTATUS(status));
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s USAGE_FILE COMMAND [ARGS...]\n", argv[0]);
    return 2;
  }
  const char* usage_path = argv[1];
  pid_t parent = ::getppid();
  if (const char* given = std::getenv("SPEEDLAB_SPAWN_PARENT")) {
    parent = static_cast<pid_t>(std::strtol(given, nullptr, 10));
    ::unsetenv("SPEEDLAB_SPAWN_PARENT");
  }

  // Stop signals wait until the harness's pid is known, so the handler always has a group to kill.
  sigset_t stops, previous;
  sigemptyset(&stops);
  for (const int signal_number : kStopSignals) sigaddset(&stops, signal_number);
  ::sigprocmask(SIG_BLOCK, &stops, &previous);
  set_stop_handlers(on_stop);
#ifdef __linux__
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
#endif
  if (!arm_parent_death_signal(parent, kParentDeathSignal)) {
    ::unlink(usage_path);
    return 125;  // the runner is gone: start nothing
  }

  const pid_t launcher = ::getpid();
  timespec start{}, end{};
  ::clock_gettime(CLOCK_MONOTONIC, &start);
  const pid_t harness = ::fork();
  if (harness < 0) {
    std::fprintf(stderr, "speedlab_spawn: cannot fork: %s\n", std::strerror(errno));
    return 127;
  }
  if (harness == 0) exec_harness(argv + 2, launcher);
  ::setpgid(harness, harness);  // also here, so the group exists before any stop signal is handled
  g_harness = harness;
  TreeSampler sampler;
  sampler.start();  // stop signals are still blocked here: the sampler thread keeps them blocked
  ::sigprocmask(SIG_SETMASK, &previous, nullptr);
  ::sigprocmask(SIG_UNBLOCK, &stops, nullptr);

  int status = 0;
  while (::wait4(harness, &status, 0, nullptr) < 0) {
    if (errno != EINTR) {
      std::fprintf(stderr, "speedlab_spawn: wait4: %s\n", std::strerror(errno));
      return 127;
    }
  }
  ::clock_gettime(CLOCK_MONOTONIC, &end);

  ::sigprocmask(SIG_BLOCK, &stops, nullptr);  // from here on a stop changes nothing: the harness is done
  sampler.stop();                             // before the reap kills the strays, whose memory the last sample counted
  reap_everything(harness);
  if (!g_parent_died && ::getppid() == parent) {
    write_usage(usage_path, seconds_between(start, end), g_stopped_by, sampler.peak());
  } else {
    ::unlink(usage_path);  // the runner died: nobody will read (or remove) the file
  }
  exit_like(status);
}

// The second thread of parallel.h: one kept for each thread that runs regions of two parts,
// started at its first such region and ended (joined) when that thread ends.
#include "steady/parallel.h"

#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <new>
#include <system_error>
#include <thread>

#if defined(__linux__)
#include <sched.h>
#include <unistd.h>
#endif

namespace corridor::steady_internal {
namespace {

// A waiting thread checks for a while before it sleeps: a region's parts are tens of
// microseconds to milliseconds apart, and waking a sleeping thread costs about as much
// (OpenMP's runtime, which ran these regions before, spins for some milliseconds too).
constexpr auto kSpin = std::chrono::microseconds(2000);

inline void Relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#endif
}

// Waits until `a` holds `want` or more; `a` only counts up (by one at a time, and the
// waiter may miss values: it never waits for one that has passed).
void AwaitValue(const std::atomic<std::uint32_t>& a, std::uint32_t want) {
  auto reached = [want](std::uint32_t v) { return static_cast<std::int32_t>(v - want) >= 0; };
  std::uint32_t v = a.load(std::memory_order_acquire);
  if (reached(v)) return;
  const auto until = std::chrono::steady_clock::now() + kSpin;
  for (int i = 1;; ++i) {
    Relax();
    v = a.load(std::memory_order_acquire);
    if (reached(v)) return;
    if (i % 256 == 0) {
      if (std::chrono::steady_clock::now() > until) break;
      std::this_thread::yield();  // a busy machine: let its other work have the processor
    }
  }
  while (!reached(v)) {
    a.wait(v, std::memory_order_acquire);
    v = a.load(std::memory_order_acquire);
  }
}

// Whether this process may run on two processors or more (its affinity, where the system
// says it).
bool TwoProcessors() {
#if defined(__linux__)
  cpu_set_t set;
  if (sched_getaffinity(0, sizeof(set), &set) == 0) return CPU_COUNT(&set) >= 2;
#endif
  return std::thread::hardware_concurrency() >= 2;
}

class Second {
 public:
  // Started, or null where the thread cannot be (the error is not the caller's: its parts
  // then run in turn).
  static std::unique_ptr<Second> Make() {
    std::unique_ptr<Second> s(new (std::nothrow) Second);
    if (!s) return nullptr;
    try {
      s->thread_ = std::thread([p = s.get()] { p->Loop(); });
    } catch (...) {  // std::system_error (no thread), std::bad_alloc
      return nullptr;
    }
    return s;
  }
  ~Second() {
    if (!thread_.joinable()) return;
    stop_.store(true, std::memory_order_relaxed);
    posted_.store(++count_, std::memory_order_release);
    posted_.notify_one();
    thread_.join();
  }
  void Start(void (*call)(void*), void* context) {
    call_ = call;
    context_ = context;
    posted_.store(++count_, std::memory_order_release);
    posted_.notify_one();
  }
  // Whoever claims call number count_ first runs it (claimed_ from count_ - 1 to count_):
  // the second thread never reads call_ of a call the calling thread took back.
  bool Finish() {
    std::uint32_t open = count_ - 1;
    if (claimed_.compare_exchange_strong(open, count_, std::memory_order_acq_rel)) return false;
    AwaitValue(done_, count_);
    return true;
  }

 private:
  Second() = default;
  void Loop() {
    ThisLane() = Lane::kSecond;
    for (std::uint32_t seen = 1;; ++seen) {
      AwaitValue(posted_, seen);
      if (stop_.load(std::memory_order_relaxed)) return;
      std::uint32_t open = seen - 1;
      if (!claimed_.compare_exchange_strong(open, seen, std::memory_order_acq_rel))
        continue;  // taken back (a later call may be posted already: the next turn sees it)
      call_(context_);
      done_.store(seen, std::memory_order_release);
      done_.notify_one();
    }
  }

  std::thread thread_;
  std::uint32_t count_ = 0;  // calls posted (the calling thread's alone)
  void (*call_)(void*) = nullptr;
  void* context_ = nullptr;
  std::atomic<bool> stop_{false};
  alignas(64) std::atomic<std::uint32_t> posted_{0};   // written by the calling thread
  alignas(64) std::atomic<std::uint32_t> claimed_{0};  // the last call claimed, by either
  alignas(64) std::atomic<std::uint32_t> done_{0};     // written by the second thread
};

// The calling thread's second thread, with the process it was started in: a child of
// fork() has the object but not the thread, and starts its own (the parent's is left to
// the parent, never joined or freed here).
struct Kept {
  std::unique_ptr<Second> second;
  long process = 0;
  ~Kept() {
#if defined(__linux__)
    if (second && process != static_cast<long>(getpid())) (void)second.release();
#endif
  }
};

long ThisProcess() {
#if defined(__linux__)
  return static_cast<long>(getpid());
#else
  return 0;
#endif
}

thread_local Kept t_kept;

}  // namespace

Lane& ThisLane() {
  thread_local Lane lane = Lane::kNone;
  return lane;
}

bool StartSecond(void (*call)(void*), void* context) {
  Kept& k = t_kept;
  const long process = ThisProcess();
  if (k.second && k.process != process) (void)k.second.release();
  if (!k.second) {
    if (!TwoProcessors()) return false;
    k.second = Second::Make();
    if (!k.second) return false;
    k.process = process;
  }
  k.second->Start(call, context);
  return true;
}

bool FinishSecond() { return t_kept.second->Finish(); }

}  // namespace corridor::steady_internal

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
#include <pthread.h>
#include <sched.h>
#include <signal.h>
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

// Waits until done(a's value) holds. The value changes only to values that hold it or
// that the waiter may pass over (it sleeps on the value it last saw: std::atomic::wait).
template <class Done>
void AwaitValue(const std::atomic<std::uint32_t>& a, Done done) {
  std::uint32_t v = a.load(std::memory_order_acquire);
  if (done(v)) return;
  const auto until = std::chrono::steady_clock::now() + kSpin;
  for (int i = 1;; ++i) {
    Relax();
    v = a.load(std::memory_order_acquire);
    if (done(v)) return;
    if (i % 256 == 0) {
      if (std::chrono::steady_clock::now() > until) break;
      std::this_thread::yield();  // a busy machine: let its other work have the processor
    }
  }
  while (!done(v)) {
    a.wait(v, std::memory_order_acquire);
    v = a.load(std::memory_order_acquire);
  }
}

// A store the other thread may sleep on, and its wake-up. (The fence: libstdc++'s
// notify_one skips the wake where its count of waiters reads 0, a load that the memory
// model may order before the store; the spin makes that all but unreachable, the fence
// closes it.)
void Publish(std::atomic<std::uint32_t>& a, std::uint32_t v) {
  a.store(v, std::memory_order_release);
  std::atomic_thread_fence(std::memory_order_seq_cst);
  a.notify_one();
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
#if defined(__linux__)
    // The library's thread takes no signal of the program's (it inherited the caller's
    // mask): a handler the program installed runs on the program's threads.
    sigset_t all, old;
    sigfillset(&all);
    const bool masked = pthread_sigmask(SIG_SETMASK, &all, &old) == 0;
#endif
    try {
      s->thread_ = std::thread([p = s.get()] { p->Loop(); });
    } catch (...) {  // std::system_error (no thread), std::bad_alloc
      s.reset();
    }
#if defined(__linux__)
    if (masked) pthread_sigmask(SIG_SETMASK, &old, nullptr);
#endif
    return s;
  }
  ~Second() {
    if (!thread_.joinable()) return;
    stop_.store(true, std::memory_order_relaxed);
    Publish(posted_, ++count_);
    thread_.join();
  }
  void Start(void (*call)(void*), void* context) {
    call_ = call;
    context_ = context;
    Publish(posted_, ++count_);
  }
  // Whoever claims call number count_ first runs it (claimed_ from count_ - 1 to count_):
  // the second thread never reads call_ of a call the calling thread took back.
  bool TakeBack() {
    std::uint32_t open = count_ - 1;
    return claimed_.compare_exchange_strong(open, count_, std::memory_order_acq_rel);
  }
  bool Finish() {
    if (TakeBack()) return false;
    // (done_ holds only the numbers of calls the second thread ran, and none past count_:
    // waited for by equality, which no count of calls taken back can wrap.)
    const std::uint32_t want = count_;
    AwaitValue(done_, [want](std::uint32_t v) { return v == want; });
    return true;
  }

 private:
  Second() = default;
  void Loop() {
    ThisLane() = Lane::kSecond;
    // Each turn claims the call posted last: every earlier one has ended (the calling
    // thread posts the next only after Finish or a take-back of the last).
    for (std::uint32_t last = 0;;) {
      AwaitValue(posted_, [last](std::uint32_t v) { return v != last; });
      const std::uint32_t seen = posted_.load(std::memory_order_acquire);
      last = seen;
      if (stop_.load(std::memory_order_relaxed)) return;
      std::uint32_t open = seen - 1;
      if (!claimed_.compare_exchange_strong(open, seen, std::memory_order_acq_rel))
        continue;  // taken back
      call_(context_);
      Publish(done_, seen);
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
  bool none = false;  // no second thread to be had in `process` (one processor, no thread)
  ~Kept();
};

// Set once this thread's Kept is destroyed (trivially destructible, so it outlives it): a
// region run after that (a destructor of a later thread_local, or at the main thread's
// exit from a static's destructor or an atexit handler: glibc destroys the main thread's
// thread_locals first) ran on the freed object and hung. Such regions run in turn.
thread_local bool t_kept_gone = false;

Kept::~Kept() {
#if defined(__linux__)
  if (second && process != static_cast<long>(getpid())) (void)second.release();
#endif
  second.reset();
  t_kept_gone = true;
}

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

PartOne*& CurrentPartOne() {
  thread_local PartOne* part = nullptr;
  return part;
}

bool StartSecond(void (*call)(void*), void* context) {
  if (t_kept_gone) return false;
  Kept& k = t_kept;
  const long process = ThisProcess();
  if (k.process != process) {  // (a child of fork(): none of the parent's verdicts hold)
    if (k.second) (void)k.second.release();
    k.none = false;
  }
  if (!k.second) {
    // Once found, no second thread is sought again in this process (each region asked
    // the affinity, or tried to start a thread, anew).
    if (k.none) return false;
    k.process = process;
    if (TwoProcessors()) k.second = Second::Make();
    if (!k.second) {
      k.none = true;
      return false;
    }
  }
  k.second->Start(call, context);
  return true;
}

bool FinishSecond() { return t_kept.second->Finish(); }

bool TakeBackSecond() { return t_kept.second->TakeBack(); }

void RunPartOneIfNotBegun() {
  PartOne* one = CurrentPartOne();
  if (one == nullptr || one->ran_here || ThisLane() != Lane::kFirst || !TakeBackSecond())
    return;
  one->ran_here = true;
  ThisLane() = Lane::kInTurn;
  one->call(one->context);
  ThisLane() = Lane::kFirst;
}

}  // namespace corridor::steady_internal

// Two-way parallelism for the passes over large systems (the 200 x 200 lattice's 80 000
// pipes, its Cholesky factor's lanes): a second thread kept for each thread that asks for
// one, else one part after the other. Callers split their work into two fixed parts that
// write disjoint data, so that the answers do not depend on whether two threads ran.
//
// The second thread is the library's own (parallel.cpp), not OpenMP's: libgomp ends the
// process when it cannot start its thread, and the library never ends the process. Where
// a thread cannot be started (no memory for its stack, a limit on threads), both parts run
// on the calling thread, with the same answers.
#pragma once

#include <cstddef>
#include <exception>

namespace corridor::steady_internal {

// Where the calling thread stands: outside any region of two parts, running part 0 of one
// beside its second thread, running part 1 as another thread's second thread, or running
// both parts one after the other.
enum class Lane : unsigned char { kNone, kFirst, kSecond, kInTurn };
Lane& ThisLane();

// Hands call(context) to the calling thread's second thread and returns true, or returns
// false where there is none to be had (a machine or an affinity of one processor, or a
// thread that could not be started: then nothing runs). After true, FinishSecond() must
// follow before the next StartSecond() of this thread.
bool StartSecond(void (*call)(void*), void* context);
// Takes the call back where the second thread has not begun it (it was not given a
// processor in time: a busy machine) and returns false, the caller to run it; else waits
// until it has returned and returns true.
bool FinishSecond();
// Claims the call posted last for the calling thread, as FinishSecond does, without
// waiting: true where the second thread had not begun it (the caller then runs it).
bool TakeBackSecond();

// Part 1 of the region whose part 0 this thread runs beside its second thread.
struct PartOne {
  void (*call)(void*) = nullptr;
  void* context = nullptr;
  bool ran_here = false;  // taken back and run by part 0 (RunPartOneIfNotBegun)
};
PartOne*& CurrentPartOne();

// For part 0 of a region, before it waits for progress of part 1 (a flag that part 1
// sets): runs part 1 here and now where the second thread has not begun it, so that the
// wait cannot outlast a second thread that is given no processor. Nothing where the parts
// run in turn (part 1 ran first: RunTwo's `first`) or part 1 has begun.
void RunPartOneIfNotBegun();

// Runs f(0) and f(1): on two threads where `parallel` holds, the process may use two
// processors and a second thread is there (or can be started), else one after the other on
// this thread, part `first` first (a part that waits for the other's progress must come
// second). A call from inside a part runs its two parts in turn, on the part's thread.
// Where the second thread has not begun part 1 when part 0 ends, this thread runs it (on a
// machine whose processors are busy with other work, waiting for it cost more than the
// part: GasLib-4197's solve took 9 ms against 2.8 ms on one thread beside a compiler).
// Part 0 runs on the calling thread, whose allocations come from glibc's main arena (a
// worker's arena gave the 200 x 200 lattice's setup 8 000 more page faults a solve). An
// exception from either part is caught on its thread and rethrown here, part 0's first,
// after both have ended.
template <class F>
void RunTwo(bool parallel, const F& f, int first = 0) {
  std::exception_ptr error[2];
  auto run = [&](int h) {
    try {
      f(h);
    } catch (...) {
      error[h] = std::current_exception();
    }
  };
  Lane& lane = ThisLane();
  auto second = [](void* r) { (*static_cast<decltype(run)*>(r))(1); };
  if (parallel && lane == Lane::kNone && StartSecond(second, &run)) {
    PartOne one{second, &run};
    CurrentPartOne() = &one;
    lane = Lane::kFirst;
    run(0);
    lane = Lane::kInTurn;
    CurrentPartOne() = nullptr;
    if (!one.ran_here && !FinishSecond()) run(1);  // taken back: part 1 after part 0, here
    lane = Lane::kNone;
  } else {
    const Lane outer = lane;
    lane = Lane::kInTurn;
    run(first);
    run(1 - first);
    lane = outer;
  }
  for (const std::exception_ptr& e : error)
    if (e) std::rethrow_exception(e);
}

// Whether the caller runs on RunTwo's second thread (false where both parts run on one):
// for work worth doing only on the thread that does a later part too.
inline bool OnSecondThread() { return ThisLane() == Lane::kSecond; }

// RunTwo over the two halves of [0, n): f(h, begin, end) for h = 0, 1.
template <class F>
void RunHalves(bool parallel, std::size_t n, const F& f) {
  RunTwo(parallel, [&](int h) { f(h, h == 0 ? 0 : n / 2, h == 0 ? n / 2 : n); });
}

}  // namespace corridor::steady_internal

// The library's boundary: no exception leaves a public entry point (include/corridor/status.h:
// the library never aborts; it returns a status). The solvers, trackers and writers
// allocate as they go (the steady solver's large buffers throw std::bad_alloc on purpose,
// and its second thread's exceptions are rethrown on the first), so each public function
// that is not a reader (those have GuardedRead) runs its body through GuardedCall.
#pragma once

#include <exception>
#include <new>

#include "corridor/status.h"

namespace corridor::internal {

/// IoError "FUNCTION: not enough memory" (the status.h code for resources the system
/// refused); never throws.
Status OutOfMemoryIn(const char* function) noexcept;
/// Internal "FUNCTION: unexpected exception: WHAT" (a bug: every other failure is a status
/// by design); `what` may be null; never throws.
Status ExceptionIn(const char* function, const char* what) noexcept;

/// Runs `body` (a callable returning a Status) and answers whatever it throws with a
/// status: std::bad_alloc as OutOfMemoryIn, anything else as ExceptionIn. What the body
/// wrote into its outputs before it threw is left as it is (the status says not to use it).
template <typename Body>
Status GuardedCall(const char* function, Body&& body) noexcept {
  try {
    return body();
  } catch (const std::bad_alloc&) {
    return OutOfMemoryIn(function);
  } catch (const std::exception& e) {
    return ExceptionIn(function, e.what());
  } catch (...) {
    return ExceptionIn(function, nullptr);
  }
}

}  // namespace corridor::internal

// A fill-reducing ordering for nearly-tree nodal matrices: leaves and chain nodes first, off
// two plain stacks, then AMD on what remains (the "core").
//
// Why: gas networks are mostly trees and chains (GasLib-4197: 1921 of the 2418 nodes on
// cycles have degree 2). Minimum degree eliminates nodes of degree <= 2 first anyway, and
// doing so costs nothing in fill: a leaf makes none, a chain node at most the one edge
// joining its two neighbours. Run on the whole matrix, AMD (with KLU's analysis around it)
// took ~0.3 ms of a 3.7 ms solve there; the queue does most of the work for a fraction.
#pragma once

#include <vector>

namespace corridor::steady_internal {

struct PrunedOrdering {
  std::vector<int> order;  // order[k] = original column eliminated k-th (a permutation)
  int pruned = 0;          // columns eliminated by the degree <= 2 rule, before AMD
  double lnz = 0.0;        // nnz(L) of the Cholesky factor of P(A+A')P', diagonal included
  // As KLU's Symbolic->est_flops for AMD: the sum over columns of d + 2 d^2, d being the
  // column's off-diagonal count in L (exact here; KLU takes AMD's estimate, which can be
  // a little above).
  double flops = 0.0;
};

// Ordering for the square pattern Ap/Ai (CSC; diagonal entries, duplicates and entries
// present on one side only are allowed: the pattern of A + A' without the diagonal is used).
// False only on invalid input, out of memory or AMD failure (the caller then falls back to
// klu_analyze); *out is then unspecified.
bool OrderPruned(int n, const int* Ap, const int* Ai, PrunedOrdering* out);

}  // namespace corridor::steady_internal

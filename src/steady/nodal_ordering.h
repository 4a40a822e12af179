// A fill-reducing ordering for nearly-tree nodal matrices: leaves and chain nodes first, off
// two plain stacks, then AMD on what remains (the "core").
//
// Why: gas networks are mostly trees and chains (GasLib-4197: 1921 of the 2418 nodes on
// cycles have degree 2). Minimum degree eliminates nodes of degree <= 2 first anyway, and
// they fill little: a leaf nothing, a chain node at most the one edge joining its two
// neighbours (leaves must go first: a tree's inner node taken early joins two nodes
// needlessly). Run on the whole matrix, AMD (with KLU's analysis around it) took ~0.3 ms
// of a 3.7 ms solve there. On GasLib-4197's graph (3309 columns, 210 left for AMD) this
// took 87 us against amd_order's 236 us, nnz(L) 8656 against AMD's 8653 (tie-breaking).
//
// With klu_analyze_given, pass `order` as both P and Q (without BTF a null P means the
// identity); its Symbolic->lnz and est_flops then say nothing, hence lnz and flops here.
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
// False on invalid input, out of memory or AMD failure, and where fewer than min_pruned
// columns were pruned (checked before AMD runs on the core: a meshed grid prunes almost
// nothing, and its caller orders the whole matrix itself); the caller then falls back to
// klu_analyze, and *out is unspecified.
bool OrderPruned(int n, const int* Ap, const int* Ai, PrunedOrdering* out, int min_pruned = 0);

}  // namespace corridor::steady_internal

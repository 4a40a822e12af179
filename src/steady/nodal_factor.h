// Nodal systems of pipe-only meshed networks: a supernodal Cholesky factor of the symmetric
// part, refined against the true (slightly nonsymmetric) matrix.
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <vector>

#include "steady/large_buffer.h"

namespace corridor::steady_internal {

// Solves A y = b for a nodal matrix A (pressures only: every flow eliminated) whose negated
// symmetric part S = -(A + A^T) / 2 is positive definite. Per pipe, A's two columns differ
// from a weighted graph Laplacian by about dp / (2 p_mean) (up to 7e-4 on the 200 x 200
// lattice): A is close to a Laplacian times diag(p), a column scaling that varies smoothly
// along the pipes, and S^-1 is a close approximate inverse of -A. Each refinement step
// y += -S^-1 (b - A y) gains about three digits there; where pressures vary strongly (an
// 80 x 80 lattice at 38 to 71 bar) the steps stop contracting and Solve says so, and
// asymmetries that do not follow the pressures never contract. S is factored LL^T,
// supernodal (our own symbolic analysis in a given fill-reducing order, relaxed as
// CHOLMOD's), on dense kernels: AVX2 + FMA ones where the processor has them
// (nodal_kernels.h), else Eigen's. Half the flops of an LU, no pivot search, dense blocks
// (CHOLMOD's own supernodal numeric runs OpenMP regions per supernode and calls BLAS,
// which Debian's netlib makes slow).
//
// Two threads where the factor is large and its elimination tree splits well (PlanLanes):
// two sets of disjoint subtrees ("lanes") are factored and solved side by side, the
// supernodes above them (the "top") after them. Deterministic: the lanes, the order of the
// updates and the way the forward solve sums the lanes' contributions to the top's rows
// are fixed by the analysis, so one thread (SetThreads(1), a process on one processor, no
// second thread to be had) gives bit for bit the answer of two. The kernels are chosen per
// processor, never by the data.
class NodalCholesky {
 public:
  // n x n CSC pattern (rows sorted per column) and a fill-reducing order (position k holds
  // column order[k]). False where the pattern is not structurally symmetric with a full
  // diagonal or the analysis fails: the caller keeps its LU. allocated, where given, is
  // called as soon as the factor's arrays exist (before the rest of the analysis), with
  // their memory, which the caller may fault in on another thread meanwhile (TouchPages:
  // on the 200 x 200 lattice 17 MB whose first touch in the first factorizations cost
  // several ms).
  bool Analyze(int n, const std::vector<int>& ap, const std::vector<int>& ai, const int* order,
               const std::function<void(std::span<const FreshMemory>)>& allocated = {});
  // Factors S for A's values ax (in the pattern's entry order), which it keeps for the
  // refinement. False where S is not positive definite (or values are not finite).
  bool Factor(const std::vector<double>& ax);
  // y := A^-1 y, refined until the error left is estimated below rel_tol |y| (1e-11: as
  // close as an LU gets). False where the refinement does not converge: y is then
  // unspecified and the caller solves with an LU of Values().
  bool Solve(std::vector<double>* y, double rel_tol = 1e-11);
  const std::vector<double>& Values() const { return ax_; }
  // The AVX2 + FMA kernels (nodal_kernels.h) where the processor has them (the default),
  // or the baseline ones (Eigen's dense kernels, plain loops): the same factor to rounding.
  // Set before Factor.
  static bool VectorKernelsAvailable();
  void UseVectorKernels(bool on) { vector_kernels_ = on && VectorKernelsAvailable(); }
  bool VectorKernels() const { return vector_kernels_; }
  // Refinement steps of the last Solve (0: A was symmetric, one solve with S).
  int LastRefinements() const { return last_refinements_; }
  // At most this many threads (1 or 2; default 2, and one where the process may use one
  // processor or no second thread can be started: parallel.h). The answers do not depend
  // on it.
  void SetThreads(int threads) { threads_ = threads < 2 ? 1 : 2; }
  // Set before Analyze: whether PlanLanes may split the tree (false: every supernode in
  // the top, the plain sequential order; tests compare the two).
  void UseLanes(bool on) { allow_lanes_ = on; }
  // The split of the factorization's flops: the two lanes' and the top's shares (all in
  // the top where there are no lanes).
  bool HasLanes() const { return lanes_; }
  double LaneShare(int lane) const { return lane_share_[lane]; }

 private:
  void SolveS(std::vector<double>* w);  // w := S^-1 w, w in factor order
  bool Symbolic(const std::vector<int>& ap, const std::vector<int>& ai, const int* order);
  void Amalgamate(const std::vector<int>& parent);
  void PlanLanes();
  // One supernode of the factorization, its updates gathered from the descendants linked
  // to it (lane 0 or 1: from head_ and that lane's scratch; top: from both lanes' lists
  // and head_). False where its panel is not positive definite.
  bool FactorSupernode(int sn, int lane, const std::vector<double>& ax);

  int n_ = 0, nsuper_ = 0;
  const std::vector<int>* ap_ = nullptr;  // the caller's pattern (it outlives the factor)
  const std::vector<int>* ai_ = nullptr;
  // Supernodal layout (as CHOLMOD's): supernode s has columns super_[s] .. super_[s + 1],
  // rows s_[pi_[s] .. pi_[s + 1]) (its columns first, ascending) and its values, column
  // by column, at x_[px_[s] ..].
  std::vector<int> super_, pi_, s_;
  std::vector<long> px_;
  std::vector<int> perm_;                 // factor position k -> column perm_[k]
  std::vector<int> col_super_;            // column (factor order) -> its supernode
  std::vector<int> transposed_;           // entry of A -> the entry at its transposed place
  // Assembly of S per supernode (entries asm_start_[s] .. asm_start_[s + 1]): the entry of
  // A in the lower triangle (factor order), its transpose, its place in the supernode.
  std::vector<int> asm_start_, asm_e_, asm_t_;
  std::vector<long> asm_at_;
  LargeArray<double> x_;                  // the factor's values, supernode by supernode
  // Where A is not symmetric, the vector kernels solve with a single-precision copy of the
  // factor: the solves stream the factor from memory (half the bytes), and the refinement,
  // whose residuals are computed with A in double precision, gains about as much per step
  // (on the lattice the same two steps reach a Newton step's 1e-8). A symmetric A (one
  // solve, no refinement) keeps the double factor.
  LargeArray<float> xf_;
  bool single_ = false;
  std::vector<double> ax_;                // A's values of the last Factor
  bool symmetric_ = false;                // A == A^T exactly (no refinement needed)
  bool vector_kernels_ = VectorKernelsAvailable();
  // Numeric work: descendant lists, each descendant's next row, row -> position map,
  // update matrix, solve vectors.
  std::vector<int> head_, next_, lpos_, map_, rel_;
  std::vector<double> c_, w_, r_, d_, t_;
  std::size_t csize_ = 0;  // c_'s size for the baseline kernels
  int last_refinements_ = 0;
  // Lanes (PlanLanes): lane_of_[sn] 0, 1 or 2 (the top); each lane's supernodes and the
  // top's, ascending. A lane keeps its own scratch and, for the top's supernodes, its own
  // list heads (head_ holds the lists of lane supernodes and, in the top's phase, the
  // top's own links).
  struct LaneWork {
    std::vector<int> sn, map, rel, head;
    std::vector<double> c, t, y;  // y: lane 1's only
    bool ok = true, single = true;
  };
  LaneWork lane_[2];
  std::vector<int> top_sn_;
  std::vector<unsigned char> lane_of_;
  std::vector<double> saved_;  // the top's rows during a forward solve with lanes
  bool lanes_ = false, allow_lanes_ = true;
  double lane_share_[3] = {0.0, 0.0, 1.0};
  int threads_ = 2;
};

}  // namespace corridor::steady_internal

// Elimination of nodes of degree <= 2, leaves first, then AMD on the core (nodal_ordering.h).
//
// The graph is one flat adjacency array (a slice per node). Eliminating a node of degree <= 2
// never adds an entry to any slice: a leaf's neighbour loses one, a chain node's neighbours
// each trade it for the other (or lose it, when they were already joined). So the slices
// built from A + A' are big enough throughout and nothing is allocated per node. A leaf's
// removal only lowers its neighbour's count (deg); the stale entry goes when that slice is
// next relinked (relink compacts), and the core's pattern skips any left.
#include "steady/nodal_ordering.h"

#include <amd.h>

#include <algorithm>
#include <climits>
#include <cstddef>
#include <memory>
#include <new>

namespace corridor::steady_internal {
namespace {

// A chain node next to a neighbour of higher degree than this is left to AMD: joining its
// two neighbours scans both slices, and a hub on many short cycles would make that
// quadratic. Gas networks never come near it.
constexpr int kMaxScan = 64;

enum : unsigned char { kLeaf = 1, kChain = 2, kGone = 4 };

}  // namespace

bool OrderPruned(int n, const int* Ap, const int* Ai, PrunedOrdering* out, int min_pruned) {
  if (out == nullptr || n < 0) return false;
  out->order.clear();
  out->pruned = 0;
  out->lnz = out->flops = 0.0;
  if (n == 0) return true;
  if (Ap == nullptr || Ai == nullptr || Ap[0] != 0) return false;
  for (int j = 0; j < n; ++j)
    if (Ap[j + 1] < Ap[j]) return false;
  try {
    // Uninitialized: zero-filling every work array was a visible share of a call.
    const std::size_t nn = static_cast<std::size_t>(n);
    const auto work = std::make_unique_for_overwrite<int[]>(6 * nn + 1);
    int* start = work.get();    // node v's slice: adj[start[v], start[v] + len[v])
    int* len = start + nn + 1;  // slice length, stale entries included
    int* deg = len + nn;        // live neighbours
    int* mark = deg + nn;       // dedupe marker, then the core's numbering
    int* leaf = mark + nn;      // nodes of degree <= 1 to eliminate
    int* chain = leaf + nn;     // nodes of degree 2 to eliminate, then the core's nodes
    // Fast path, what nodal matrices are: columns sorted without duplicates and the
    // pattern symmetric. The slices are then A's columns less the diagonal (one sequential
    // copy), and symmetry is checked in one pass: visiting columns j in ascending order,
    // each column i must meet exactly its entries above i, in order (mark[i]: the next one).
    std::unique_ptr<int[]> adj_buf;
    int* adj = nullptr;
    bool fast = true;
    {
      adj_buf = std::make_unique_for_overwrite<int[]>(static_cast<std::size_t>(Ap[n]));
      adj = adj_buf.get();
      int w = 0;
      for (int j = 0; j < n && fast; ++j) {
        start[j] = w;
        mark[j] = -1;
        for (int e = Ap[j], prev = -1; e < Ap[j + 1]; prev = Ai[e++]) {
          const int i = Ai[e];
          if (i < 0 || i >= n) return false;
          if (i <= prev) {
            fast = false;
            break;
          }
          if (i > j && mark[j] < 0) mark[j] = w;
          if (i != j) adj[w++] = i;
        }
        len[j] = deg[j] = w - start[j];
        if (mark[j] < 0) mark[j] = w;
      }
      for (int j = 0; j < n && fast; ++j)
        for (int e = start[j], end = start[j] + len[j]; e < end && adj[e] < j; ++e) {
          const int i = adj[e];
          if (mark[i] == start[i] + len[i] || adj[mark[i]] != j) {
            fast = false;
            break;
          }
          ++mark[i];
        }
      for (int i = 0; i < n && fast; ++i) fast = mark[i] == start[i] + len[i];
    }
    if (!fast) {
      // Any pattern: off-diagonal entries listed at both ends, then duplicates dropped.
      std::fill(start, start + nn + 1, 0);
      std::size_t listed = 0;
      for (int j = 0; j < n; ++j) {
        int own = 0;
        for (int e = Ap[j]; e < Ap[j + 1]; ++e) {
          const int i = Ai[e];
          if (i < 0 || i >= n) return false;
          if (i != j) {
            ++start[i + 1];
            ++own;
          }
        }
        start[j + 1] += own;
        listed += 2 * static_cast<std::size_t>(own);
      }
      if (listed > static_cast<std::size_t>(INT_MAX)) return false;
      adj_buf = std::make_unique_for_overwrite<int[]>(listed);
      adj = adj_buf.get();
      for (int v = 0; v < n; ++v) start[v + 1] += start[v];
      std::copy(start, start + n, len);  // as fill cursors
      for (int j = 0; j < n; ++j) {
        int own = len[j];
        for (int e = Ap[j]; e < Ap[j + 1]; ++e)
          if (const int i = Ai[e]; i != j) {
            adj[len[i]++] = j;
            adj[own++] = i;
          }
        len[j] = own;
      }
      std::fill(mark, mark + n, -1);
      for (int v = 0; v < n; ++v) {
        int w = start[v];
        for (int e = start[v]; e < start[v + 1]; ++e)
          if (const int u = adj[e]; mark[u] != v) {
            mark[u] = v;
            adj[w++] = u;
          }
        len[v] = deg[v] = w - start[v];
      }
    }

    // Leaves before chain nodes, as minimum degree would: a chain node eliminated while a
    // leaf is left may join two nodes that never needed it (a tree's inner node).
    std::vector<unsigned char> state(nn, 0);
    // Two stacks (each node at most once in each), leaf[0, leaves) and chain[0, chains).
    // Last in, first out: on GasLib-4197 and random graphs that came as close to AMD's fill
    // as first in, first out (0.02 % above it, tie-breaking).
    int leaves = 0, chains = 0;
    auto push = [&](int v) {
      if (deg[v] <= 1 && !(state[v] & kLeaf)) {
        state[v] |= kLeaf;
        leaf[leaves++] = v;
      } else if (deg[v] == 2 && !(state[v] & kChain)) {
        state[v] |= kChain;
        chain[chains++] = v;
      }
    };
    // Drops x's stale entries (v among them) and joins x to y unless it already was;
    // returns whether it was.
    auto relink = [&](int x, int y) {
      int w = start[x];
      bool joined = false;
      for (int e = start[x], end = start[x] + len[x]; e < end; ++e)
        if (const int u = adj[e]; !(state[u] & kGone)) {
          joined |= u == y;
          adj[w++] = u;
        }
      if (!joined) adj[w++] = y;  // fits: v's entry was dropped
      len[x] = deg[x] = w - start[x];
      return joined;
    };
    for (int v = 0; v < n; ++v) push(v);
    // Counted in locals: stores through `out` would alias the int arrays for the compiler.
    out->order.resize(nn);
    int* order = out->order.data();
    int pruned = 0;
    long long lnz = 0, flops = 0;
    while (leaves > 0 || chains > 0) {
      int v;
      if (leaves > 0) {
        v = leaf[--leaves];
        state[v] &= ~kLeaf;
      } else {
        v = chain[--chains];
        state[v] &= ~kChain;
      }
      if ((state[v] & kGone) || deg[v] > 2) continue;
      const int d = deg[v];  // v's live entries: its neighbours a (and b)
      int a = -1, b = -1;
      for (int e = start[v], found = 0; found < d; ++e)
        if (const int u = adj[e]; !(state[u] & kGone)) {
          if (found++ == 0)
            a = u;
          else
            b = u;
        }
      if (d == 2 && (deg[a] > kMaxScan || deg[b] > kMaxScan)) continue;
      state[v] = kGone;
      if (d == 1) {
        --deg[a];
        push(a);
      } else if (d == 2 && relink(a, b)) {
        relink(b, a);
        push(a);
        push(b);
      } else if (d == 2) {
        relink(b, a);
      }
      order[pruned++] = v;
      lnz += d + 1;
      flops += d + 2 * d * d;
    }
    out->pruned = pruned;
    out->lnz = static_cast<double>(lnz);
    out->flops = static_cast<double>(flops);
    if (pruned < min_pruned) return false;

    // The core, renumbered in index order, as a CSC pattern with both triangles: filled
    // column by column in ascending order, so every column's rows come out sorted (AMD
    // then skips its own sorting pass).
    const int nc = n - pruned;
    if (nc == 0) return true;
    int* core = chain;  // empty now
    for (int v = 0, k = 0; v < n; ++v)
      if (!(state[v] & kGone)) {
        mark[v] = k;
        core[k++] = v;
      }
    std::vector<int> cp(static_cast<std::size_t>(nc) + 1, 0);
    for (int k = 0; k < nc; ++k) cp[k + 1] = cp[k] + deg[core[k]];
    std::vector<int> ci(static_cast<std::size_t>(cp[nc]));
    std::vector<int> next(cp.begin(), cp.end() - 1), perm(static_cast<std::size_t>(nc));
    for (int j = 0; j < nc; ++j) {
      const int v = core[j];
      for (int e = start[v], end = start[v] + len[v]; e < end; ++e)
        if (const int u = adj[e]; !(state[u] & kGone)) ci[next[mark[u]]++] = j;
    }
    double info[AMD_INFO];
    if (amd_order(nc, cp.data(), ci.data(), perm.data(), nullptr, info) < AMD_OK) return false;
    // The core's column counts in AMD's order, exactly: AMD's own Info[AMD_LNZ] came out
    // 1 or 2 above the true count on some cores (min degree 3, with fill edges; never on
    // the whole graphs tried), and the counts must be exact. Row by row, the nonzeros of
    // row k of L are the nodes met walking from each neighbour j < k up the elimination
    // tree until a node already met in this row; a node without a parent gets k.
    int* pinv = leaf;  // core index -> position in AMD's order
    int* parent = mark;
    int* seen = deg;  // the last row that met the node
    for (int k = 0; k < nc; ++k) pinv[perm[k]] = k;
    std::fill(next.begin(), next.end(), 0);  // now the column counts, by position
    for (int k = 0; k < nc; ++k) {
      parent[k] = -1;
      seen[k] = k;
      const int c = perm[k];
      for (int e = cp[c]; e < cp[c + 1]; ++e)
        for (int x = pinv[ci[e]]; x < k && seen[x] != k; x = parent[x]) {
          if (parent[x] < 0) parent[x] = k;
          ++next[x];
          seen[x] = k;
        }
    }
    for (int k = 0; k < nc; ++k) {
      const double d = next[k];
      out->lnz += d + 1;
      out->flops += d + 2.0 * d * d;
      order[pruned + k] = core[perm[k]];
    }
    return true;
  } catch (const std::bad_alloc&) {
    return false;
  }
}

}  // namespace corridor::steady_internal

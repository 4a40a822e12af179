// The benchmark lattice generator.
#include <cmath>
#include <numeric>

#include <gtest/gtest.h>

#include "reference/lattice.h"

namespace corridor::reference {
namespace {

TEST(Lattice, CountsLengthsAndWithdrawal) {
  LatticeOptions lo;
  lo.nx = 4;
  lo.ny = 3;
  ReferenceCase rc;
  ASSERT_TRUE(MakeLatticeCase(lo, &rc).ok());
  EXPECT_EQ(rc.network.nodes.size(), 12u);
  EXPECT_EQ(rc.network.arcs.size(), 3u * 3u + 4u * 2u);  // rows x (nx-1) + columns x (ny-1)
  auto h = rc.network.FindArc("h_0_0");
  auto v = rc.network.FindArc("v_3_1");
  ASSERT_TRUE(h && v);
  EXPECT_DOUBLE_EQ(rc.network.arcs[*h].pipe.length_m, 20e3);
  EXPECT_DOUBLE_EQ(rc.network.arcs[*v].pipe.length_m, 30e3);
  EXPECT_EQ(rc.network.arcs[*v].from, "n_3_1");
  EXPECT_EQ(rc.network.arcs[*v].to, "n_3_2");
  const double total = std::accumulate(rc.injection_kg_per_s.begin(), rc.injection_kg_per_s.end(), 0.0);
  EXPECT_NEAR(total, -300.0, 1e-12);
  EXPECT_EQ(rc.injection_kg_per_s[0], 0.0);
  ASSERT_EQ(rc.options.slacks.size(), 1u);
  EXPECT_EQ(rc.options.slacks[0].node_id, "n_0_0");
  EXPECT_DOUBLE_EQ(rc.options.slacks[0].pressure_Pa, 71.01325e5);
}

TEST(Lattice, FullSizeMatchesTheIssue) {
  ReferenceCase rc;
  ASSERT_TRUE(MakeLatticeCase(LatticeOptions(), &rc).ok());
  EXPECT_EQ(rc.network.nodes.size(), 40000u);
  EXPECT_EQ(rc.network.arcs.size(), 2u * 200u * 199u);
  EXPECT_NEAR(rc.network.arcs[0].pipe.length_m, 60e3 / 199.0, 1e-9);
  EXPECT_NEAR(-rc.injection_kg_per_s[1] * 39999.0, 300.0, 1e-9);
}

TEST(Lattice, RejectsBadOptions) {
  LatticeOptions lo;
  lo.nx = 1;
  ReferenceCase rc;
  Status s = MakeLatticeCase(lo, &rc);
  EXPECT_EQ(s.code(), Status::Code::kInvalidArgument);
  EXPECT_NE(s.message().find("nx"), std::string::npos) << s.message();
}

}  // namespace
}  // namespace corridor::reference

#include "catch.hpp"

#include <array>
#include <cmath>

#include "cpp/nbody.hpp"
#include "harness/prng.hpp"

namespace nb = speedlab::nbody;

namespace {

std::vector<nb::Body> naive_bodies(std::size_t n, int steps) {
  std::vector<nb::Body> bodies = nb::to_bodies(nb::initial_state(n, 42));
  nb::simulate_naive(bodies, steps);
  return bodies;
}

nb::Checksums naive_run(std::size_t n, int steps) { return nb::checksums(naive_bodies(n, steps)); }

// Total momentum sum of m v, one component per axis.
std::array<double, 3> momentum(const nb::State& s) {
  std::array<double, 3> p{};
  for (std::size_t i = 0; i < s.count; ++i) {
    p[0] += s.m[i] * s.vx[i];
    p[1] += s.m[i] * s.vy[i];
    p[2] += s.m[i] * s.vz[i];
  }
  return p;
}

}  // namespace

TEST_CASE("nbody: the initial state comes from the shared generator") {
  const nb::State s = nb::initial_state(5, 42);
  REQUIRE(s.count == 5);
  CHECK(s.x[0] == speedlab::uniform01(42, 0));
  CHECK(s.z[1] == speedlab::uniform01(42, 9));
  CHECK(s.vx[2] == (speedlab::uniform01(42, 17) - 0.5) * 0.1);
  CHECK(s.m[4] == (0.5 + speedlab::uniform01(42, 34)) / 5.0);
  CHECK(s.x.size() % 4 == 0);  // padded for the SIMD blocks ...
  CHECK(s.m.back() == 0.0);    // ... with massless bodies
}

TEST_CASE("nbody: agrees with Python's loops at n = 64 and k = 10") {
  // python_baselines.workloads.nbody: python.loops and java.loops give these bits.
  const nb::Checksums sums = naive_run(64, 10);
  CHECK(sums.position == Approx(99.6817216147477).epsilon(1e-10));
  CHECK(sums.velocity == Approx(-0.23245511114021983).epsilon(1e-10));
}

TEST_CASE("nbody: one body feels no force and two bodies attract") {
  nb::State one = nb::initial_state(1, 42);
  const double vx = one.vx[0];
  nb::simulate_openmp(one, 5, 1);
  CHECK(one.vx[0] == vx);  // its own pair adds exactly 0

  nb::State two = nb::initial_state(2, 7);
  nb::accelerations_simd(two, 1);
  // a_0 points towards body 1, with |a_0| = m_1 r / (r^2 + eps^2)^1.5
  const double dx = two.x[1] - two.x[0];
  const double dy = two.y[1] - two.y[0];
  const double dz = two.z[1] - two.z[0];
  const double r2 = dx * dx + dy * dy + dz * dz;
  const double scale = two.m[1] / std::pow(r2 + nb::kSoftening2, 1.5);
  CHECK(two.ax[0] == Approx(dx * scale).epsilon(1e-14));
  CHECK(two.ay[0] == Approx(dy * scale).epsilon(1e-14));
  CHECK(two.az[0] == Approx(dz * scale).epsilon(1e-14));
}

TEST_CASE("nbody: total momentum is conserved") {
  nb::State s = nb::initial_state(100, 42);
  const auto before = momentum(s);
  nb::simulate_openmp(s, 10, 2);
  const auto after = momentum(s);
  for (int axis = 0; axis < 3; ++axis) CHECK(after[axis] == Approx(before[axis]).margin(1e-15));
}

TEST_CASE("nbody: SoA + SIMD + OpenMP equals the array of structs bit for bit") {
  // Each SIMD lane does the scalar operations in the scalar order.
  for (std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{7}, std::size_t{22}, std::size_t{65}}) {
    const nb::Checksums expected = naive_run(n, 3);
    for (int threads : {1, 2, 3}) {
      nb::State s = nb::initial_state(n, 42);
      nb::simulate_openmp(s, 3, threads);
      const nb::Checksums got = nb::checksums(s);
      INFO("n = " << n << ", threads = " << threads);
      CHECK(got.position == expected.position);
      CHECK(got.velocity == expected.velocity);
      CHECK(nb::phase_space(s) == nb::phase_space(naive_bodies(n, 3)));  // the states, bit for bit
      // The weighted sums read the two layouts through different inlined code, which g++ may contract into
      // multiply-adds differently (its C++ default): equal to rounding.
      CHECK(got.weighted == Approx(expected.weighted).epsilon(1e-15));
    }
  }
}

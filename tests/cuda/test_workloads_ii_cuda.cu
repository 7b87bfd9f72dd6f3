// CUDA impls of mandelbrot, nbody and sort against the C++ ones (the main()
// that skips without a GPU is in test_leibniz_pi_cuda.cu). Tolerances are the
// manifest's (benchmarks/workloads/*.toml).
#include "../cpp/catch.hpp"

#include <algorithm>
#include <cmath>
#include <vector>

#include "cpp/mandelbrot.hpp"
#include "cpp/nbody.hpp"
#include "cpp/sort.hpp"
#include "cuda/mandelbrot.cuh"
#include "cuda/nbody.cuh"
#include "cuda/sort.cuh"
#include "harness/prng.hpp"

TEST_CASE("cuda.naive mandelbrot agrees with cpp.naive") {
  speedlab::cuda::mandelbrot::Naive kernel;
  for (std::int64_t n : {1, 2, 43, 128, 1000, 1001}) {
    kernel.launch(n);
    const auto expected = static_cast<double>(speedlab::mandelbrot::naive(n));
    INFO("n = " << n);
    CHECK(static_cast<double>(kernel.finish()) == expected);  // an integer: the manifest's rtol is 0
  }
}

TEST_CASE("cuda.naive and cuda.shared nbody agree with cpp.naive") {
  namespace cpu = speedlab::nbody;
  using speedlab::cuda::nbody::Simulation;
  using speedlab::cuda::nbody::Variant;
  for (std::size_t n : {std::size_t{1}, std::size_t{22}, std::size_t{256}, std::size_t{257}, std::size_t{1000}}) {
    const cpu::State initial = cpu::initial_state(n, 42);
    std::vector<cpu::Body> bodies = cpu::to_bodies(initial);
    cpu::simulate_naive(bodies, 10);
    const cpu::Checksums expected = cpu::checksums(bodies);
    Simulation simulation(n);
    simulation.upload(initial);
    for (Variant variant : {Variant::kNaive, Variant::kShared}) {
      cpu::State out = initial;
      simulation.reset();
      simulation.run(10, variant);
      simulation.download(out);
      const cpu::Checksums got = cpu::checksums(out);
      INFO("n = " << n << (variant == Variant::kShared ? " shared" : " naive"));
      CHECK(got.position == Approx(expected.position).epsilon(1e-10));
      CHECK(got.velocity == Approx(expected.velocity).epsilon(1e-10));
      CHECK(got.weighted == Approx(expected.weighted).epsilon(1e-10));
    }
  }
}

TEST_CASE("cuda.thrust (CUB radix sort) gives std::sort's array for every fresh input") {
  for (std::size_t n : {std::size_t{1}, std::size_t{2}, std::size_t{1000}, std::size_t{1000003}}) {
    speedlab::sort::FreshInputs inputs(n, 42);
    std::vector<double> expected = speedlab::uniform_vector(n, 42);
    std::sort(expected.begin(), expected.end());
    speedlab::cuda::sort::RadixSort sorter(n);  // the temporary storage is sized once, for every input
    std::vector<double> input(n);
    std::vector<double> got(n);
    for (int k = 0; k < 3; ++k) {
      inputs.next(input.data());
      sorter.upload(input.data());
      sorter.sort();
      sorter.download(got.data());
      INFO("n = " << n << ", input " << k);
      CHECK(got == expected);
      CHECK(speedlab::sort::checksum(got.data(), n) == speedlab::sort::checksum(expected.data(), n));
    }
  }
}

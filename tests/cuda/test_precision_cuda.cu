// The GPU's precisions against float64 (skipped without a GPU: see
// test_leibniz_pi_cuda.cu for the runner that exits 77): float32 kernels, and
// cuBLAS's TF32 and BF16 tensor-core modes, each against bounds of its own
// format -- within what the format allows, and measurably less accurate than
// float32 (or the tensor cores' formats were not used at all). No assertion
// compares TF32 with BF16: which one errs more depends on how cuBLAS rounds
// to TF32 (truncation biases every product the same way, so its error does not
// average out over a long sum and can exceed BF16's round-to-nearest error).
#include "../cpp/catch.hpp"

#include <cuda_bf16.h>

#include <vector>

#include "cpp/matmul.hpp"
#include "cpp/nbody.hpp"
#include "cpp/precision.hpp"
#include "cpp/stream_triad.hpp"
#include "cuda/matmul.cuh"
#include "cuda/nbody.cuh"
#include "cuda/stream_triad.cuh"

namespace {

namespace gpu = speedlab::cuda::matmul;
namespace pr = speedlab::precision;

std::vector<double> exact_product(const speedlab::matmul::Inputs& in, std::int64_t n) {
  std::vector<double> c(static_cast<std::size_t>(n * n));
  speedlab::matmul::openblas(in.a.data(), in.b.data(), c.data(), n);
  return c;
}

}  // namespace

TEST_CASE("cuda matmul in float32: naive, tiled and sgemm within float32 rounding") {
  gpu::Cublas cublas;
  for (std::int64_t n : {1, 33, 257}) {
    INFO("n = " << n);
    const speedlab::matmul::Inputs in = speedlab::matmul::make_inputs(n, 42);
    const std::vector<double> exact = exact_product(in, n);
    gpu::DeviceMatrices<float> device(n);
    device.upload(pr::narrowed<float>(in.a).data(), pr::narrowed<float>(in.b).data());
    std::vector<float> c(exact.size());
    for (int kernel = 0; kernel < 3; ++kernel) {
      INFO("kernel " << kernel);
      if (kernel == 0) gpu::launch_naive(device);
      if (kernel == 1) gpu::launch_tiled(device);
      if (kernel == 2) cublas.sgemm(device);
      device.download(c.data());
      CHECK(pr::relative_error(c.data(), exact.data(), c.size()) < 1e-6);
    }
  }
}

TEST_CASE("cublas tf32 and bf16: each within its own format's bounds, above float32's") {
  gpu::Cublas cublas;
  const std::int64_t n = 512;
  const speedlab::matmul::Inputs in = speedlab::matmul::make_inputs(n, 42);
  const std::vector<double> exact = exact_product(in, n);
  std::vector<float> c(exact.size());

  gpu::DeviceMatrices<float> single(n);
  single.upload(pr::narrowed<float>(in.a).data(), pr::narrowed<float>(in.b).data());
  cublas.sgemm(single);
  single.download(c.data());
  const double float32_error = pr::relative_error(c.data(), exact.data(), c.size());
  cublas.gemm_tf32(single);
  single.download(c.data());
  const double tf32_error = pr::relative_error(c.data(), exact.data(), c.size());

  // BF16: we round the inputs (round to nearest, on the host), so the product of the rounded inputs is
  // known exactly; the tensor cores must give it to float32 accumulation's accuracy.
  gpu::DeviceMatrices<__nv_bfloat16, float> half(n);
  std::vector<__nv_bfloat16> a(in.a.size());
  std::vector<__nv_bfloat16> b(in.b.size());
  speedlab::matmul::Inputs rounded = in;
  for (std::size_t i = 0; i < a.size(); ++i) {
    a[i] = __double2bfloat16(in.a[i]);
    b[i] = __double2bfloat16(in.b[i]);
    rounded.a[i] = static_cast<double>(__bfloat162float(a[i]));
    rounded.b[i] = static_cast<double>(__bfloat162float(b[i]));
  }
  const std::vector<double> exact_of_rounded = exact_product(rounded, n);
  half.upload(a.data(), b.data());
  cublas.gemm_bf16(half);
  half.download(c.data());
  const double bf16_error = pr::relative_error(c.data(), exact.data(), c.size());
  const double bf16_accumulation_error = pr::relative_error(c.data(), exact_of_rounded.data(), c.size());

  INFO("float32 " << float32_error << ", tf32 " << tf32_error << ", bf16 " << bf16_error
                  << " (against the product of the rounded inputs: " << bf16_accumulation_error << ")");
  CHECK(float32_error < 1e-6);
  // TF32 (10-bit mantissa): both factors rounded by cuBLAS, to nearest or by truncation; 2u with the
  // truncation's u = 2^-10 bounds either.
  CHECK(tf32_error < 2.0 * 9.8e-4);
  CHECK(tf32_error > 10 * float32_error);  // the TF32 format was really used
  // BF16 (7-bit mantissa): 2u, u = 2^-8; and the error is that of rounding the inputs, nothing else.
  CHECK(bf16_error < 2.0 * 3.9e-3);
  CHECK(bf16_error > 10 * float32_error);  // the BF16 format was really used
  // Accumulated in float32: 512 terms, at most ~32 tensor-core steps each truncating ~2^-24, a few 1e-6;
  // the input rounding alone errs ~1.2e-4 here, a BF16 accumulation ~1e-2.
  CHECK(bf16_accumulation_error < 2e-5);
}

TEST_CASE("cuda triad in float32 computes b + 3c in float") {
  namespace st = speedlab::stream_triad;
  const std::int64_t n = 100003;
  const st::Arrays doubles = st::make_arrays(n, 42);
  const std::vector<float> b = pr::narrowed<float>(doubles.b);
  const std::vector<float> c = pr::narrowed<float>(doubles.c);
  speedlab::cuda::stream_triad::DeviceArraysOf<float> device(n);
  device.upload(b.data(), c.data());
  std::vector<float> a(b.size());
  for (int variant = 0; variant < 2; ++variant) {
    if (variant == 0) speedlab::cuda::stream_triad::launch_naive(device, 3.0f);
    if (variant == 1) speedlab::cuda::stream_triad::thrust_transform(device, 3.0f);
    device.download(a.data());
    double worst = 0.0;
    for (std::size_t i = 0; i < a.size(); ++i) {
      const float expected = b[i] + 3.0f * c[i];
      worst = std::max(worst, std::abs(static_cast<double>(a[i]) - expected) / expected);
    }
    CHECK(worst <= 1.2e-7);
  }
}

TEST_CASE("cuda nbody in float32 stays near the float64 simulation") {
  namespace cpu = speedlab::nbody;
  const std::size_t n = 257;
  const cpu::State doubles = cpu::initial_state(n, 42);
  std::vector<cpu::Body> bodies = cpu::to_bodies(doubles);
  cpu::simulate_naive(bodies, 10);
  const std::vector<double> exact = cpu::phase_space(bodies);
  speedlab::cuda::nbody::SimulationOf<float> simulation(n);
  const cpu::StateOf<float> initial = cpu::converted<float>(doubles);
  simulation.upload(initial);
  for (auto variant : {speedlab::cuda::nbody::Variant::kNaive, speedlab::cuda::nbody::Variant::kShared}) {
    cpu::StateOf<float> out = initial;
    simulation.reset();
    simulation.run(10, variant);
    simulation.download(out);
    const std::vector<double> got = cpu::phase_space(out);
    CHECK(pr::relative_error(got.data(), exact.data(), got.size()) < 1e-6);
  }
}

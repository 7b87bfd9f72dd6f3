// speedlab_native: the C++ kernels as a Python module (pybind11).
// Used by the cross-language tests (C++ and Python agree on the same inputs)
// and by the python.cpp_ext impls ("Python as glue"). Arrays cross without a
// copy: outputs are py::array_t views of the kernel's buffer, inputs are
// NumPy arrays whose buffer the kernel reads or writes in place (the glue
// impls' bindings take noconvert() arrays: an array of the wrong dtype or
// layout is a TypeError, never a silent copy). Kernels that run long release
// the GIL while they run.
#include <cblas.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <Eigen/Core>
#include <algorithm>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "cpp/call_overhead.hpp"
#include "cpp/leibniz_pi.hpp"
#include "cpp/mandelbrot.hpp"
#include "cpp/matmul.hpp"
#include "cpp/nbody.hpp"
#include "cpp/sort.hpp"
#include "cpp/stencil2d.hpp"
#include "cpp/stream_triad.hpp"
#include "harness/prng.hpp"

namespace py = pybind11;

namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;
// Without forcecast: with noconvert() only a C-contiguous float64 array is accepted, as it is.
using Float64Array = py::array_t<double, py::array::c_style>;

using speedlab::nbody::Body;
static_assert(std::is_standard_layout_v<Body> && sizeof(Body) == 10 * sizeof(double),
              "nbody::Body must be 10 packed doubles to be viewed from a NumPy (n, 10) array");

std::int64_t square_side(const Array& m, const char* what) {
  if (m.ndim() != 2 || m.shape(0) != m.shape(1)) throw std::invalid_argument(std::string(what) + " must be square");
  return m.shape(0);
}

// Stores named in Python: "auto" (the kernel decides), "cached", "streaming".
speedlab::streaming::Stores stores_named(const std::string& name) {
  if (name == "cached") return speedlab::streaming::Stores::kCached;
  if (name == "streaming") return speedlab::streaming::Stores::kStreaming;
  throw std::invalid_argument("stores must be auto, cached or streaming, not '" + name + "'");
}

// matmul(impl, a, b, threads): C = A·B by the named C++ kernel.
Array matmul(const std::string& impl, const Array& a, const Array& b, int threads) {
  const std::int64_t n = square_side(a, "a");
  if (square_side(b, "b") != n) throw std::invalid_argument("a and b must have the same shape");
  Array c({n, n});
  const double* pa = a.data();
  const double* pb = b.data();
  double* pc = c.mutable_data();
  py::gil_scoped_release release;
  namespace mm = speedlab::matmul;
  if (impl == "naive") {
    mm::naive(pa, pb, pc, n);
  } else if (impl == "loop_order") {
    mm::loop_order(pa, pb, pc, n);
  } else if (impl == "tiled") {
    mm::tiled(pa, pb, pc, n, threads);
  } else if (impl == "eigen") {
    Eigen::setNbThreads(threads);
    mm::eigen(pa, pb, pc, n);
  } else if (impl == "openblas") {
    openblas_set_num_threads(threads);
    mm::openblas(pa, pb, pc, n);
  } else {
    throw std::invalid_argument("unknown matmul kernel '" + impl + "'");
  }
  return c;
}

// stream_triad(impl, b, c, s, threads, stores): a = b + s*c by the named kernel.
Array stream_triad(const std::string& impl, const Array& b, const Array& c, double s, int threads,
                   const std::string& stores) {
  const std::int64_t n = b.size();
  if (c.size() != n) throw std::invalid_argument("b and c must have the same length");
  Array a(n);
  double* pa = a.mutable_data();
  py::gil_scoped_release release;
  namespace st = speedlab::stream_triad;
  if (impl == "naive") {
    st::naive(pa, b.data(), c.data(), s, n);
  } else if (impl == "eigen") {
    st::eigen(pa, b.data(), c.data(), s, n);
  } else if (impl == "openmp" && stores == "auto") {
    st::openmp(pa, b.data(), c.data(), s, n, threads);
  } else if (impl == "openmp") {
    st::openmp_with(pa, b.data(), c.data(), s, n, threads, stores_named(stores));
  } else {
    throw std::invalid_argument("unknown stream_triad kernel '" + impl + "' (stores '" + stores + "')");
  }
  return a;
}

// stencil2d(impl, initial, sweeps, threads, stores): the final grid after k sweeps.
Array stencil2d(const std::string& impl, const Array& initial, std::int64_t sweeps, int threads,
                const std::string& stores) {
  const std::int64_t n = square_side(initial, "initial");
  if (n < speedlab::stencil2d::kMinN || sweeps < 1) throw std::invalid_argument("need n >= 3 and sweeps >= 1");
  std::vector<double> work_a(initial.data(), initial.data() + initial.size());
  std::vector<double> work_b = work_a;
  Array out({n, n});
  {
    py::gil_scoped_release release;
    namespace sd = speedlab::stencil2d;
    const double* result = nullptr;
    if (impl == "naive") {
      result = sd::naive(initial.data(), work_a.data(), work_b.data(), n, sweeps);
    } else if (impl == "openmp" && stores == "auto") {
      result = sd::openmp(initial.data(), work_a.data(), work_b.data(), n, sweeps, threads);
    } else if (impl == "openmp") {
      result = sd::openmp_with(initial.data(), work_a.data(), work_b.data(), n, sweeps, threads,
                               stores_named(stores));
    } else {
      throw std::invalid_argument("unknown stencil2d kernel '" + impl + "'");
    }
    std::copy(result, result + n * n, out.mutable_data());
  }
  return out;
}

}  // namespace

PYBIND11_MODULE(speedlab_native, module) {
  module.doc() = "speedlab's C++ kernels, callable from Python";

  module.def("splitmix64", &speedlab::splitmix64, py::arg("x"), "SplitMix64 of x (one step from state x)");
  module.def("uniform01", &speedlab::uniform01, py::arg("seed"), py::arg("index"),
             "The shared generator's value at index: (splitmix64(seed+index) >> 11) * 2^-53");
  module.def(
      "uniform_vector",
      [](std::size_t count, std::uint64_t seed, std::uint64_t offset) {
        py::array_t<double> out(static_cast<py::ssize_t>(count));
        speedlab::fill_uniform(out.mutable_data(), count, seed, offset);
        return out;
      },
      py::arg("count"), py::arg("seed"), py::arg("offset") = 0);

  module.def(
      "sort_input",
      [](std::size_t n, std::uint64_t seed, std::uint64_t k) {
        if (n == 0) throw std::invalid_argument("n must be >= 1");
        const std::vector<double> values = speedlab::uniform_vector(n, seed);
        py::array_t<double> out(static_cast<py::ssize_t>(n));
        speedlab::sort::fill_input(out.mutable_data(), values.data(), n, seed, k);
        return out;
      },
      py::arg("n"), py::arg("seed"), py::arg("k"), "sort's input k (benchmarks/workloads/sort.toml), as C++ writes it");

  module.def("leibniz_pi_naive", &speedlab::leibniz_pi::naive, py::arg("n"),
             py::call_guard<py::gil_scoped_release>(), "cpp.naive's loop");
  module.def("leibniz_pi_simd", &speedlab::leibniz_pi::simd, py::arg("n"), py::arg("threads") = 1,
             py::call_guard<py::gil_scoped_release>(), "cpp.simd's kernel");

  module.def("mandelbrot_naive", &speedlab::mandelbrot::naive, py::arg("n"),
             py::call_guard<py::gil_scoped_release>(), "cpp.naive's pixel loop: the total of the escape counts");

  module.def(
      "nbody_simulate_naive",
      [](Float64Array bodies, int steps) {
        if (bodies.ndim() != 2 || bodies.shape(1) != 10) {
          throw std::invalid_argument("bodies must have shape (n, 10): x y z vx vy vz m ax ay az per row");
        }
        if (steps < 0) throw std::invalid_argument("steps must be >= 0");
        auto* data = reinterpret_cast<Body*>(bodies.mutable_data());  // a row is one Body, no copy
        const auto count = static_cast<std::size_t>(bodies.shape(0));
        py::gil_scoped_release release;
        speedlab::nbody::simulate_naive(data, count, steps);
      },
      py::arg("bodies").noconvert(), py::arg("steps"),
      "cpp.naive's simulation, in place on a NumPy (n, 10) float64 array (rows: x y z vx vy vz m ax ay az)");

  // The call-overhead sweep: one call, no GIL release (on tiny inputs the release costs more than the work).
  module.def(
      "dot",
      [](const Float64Array& a, const Float64Array& b) {
        if (a.ndim() != 1 || b.ndim() != 1 || a.shape(0) != b.shape(0)) {
          throw std::invalid_argument("dot needs two 1-d arrays of the same length");
        }
        return speedlab::call_overhead::dot(a.data(), b.data(), static_cast<std::size_t>(a.shape(0)));
      },
      py::arg("a").noconvert(), py::arg("b").noconvert(),
      "cpp.naive's dot product, reading both NumPy arrays' buffers in place");
  module.def(
      "dot_list",
      [](const std::vector<double>& a, const std::vector<double>& b) {
        if (a.size() != b.size()) throw std::invalid_argument("dot_list needs two lists of the same length");
        return speedlab::call_overhead::dot(a.data(), b.data(), a.size());
      },
      py::arg("a"), py::arg("b"),
      "the same dot product on two Python lists: pybind11 converts every element into a std::vector (a copy)");

  module.def("matmul", &matmul, py::arg("impl"), py::arg("a"), py::arg("b"), py::arg("threads") = 1,
             "C = A·B by a C++ kernel: naive, loop_order, tiled, eigen, openblas");
  module.def("stream_triad", &stream_triad, py::arg("impl"), py::arg("b"), py::arg("c"), py::arg("s"),
             py::arg("threads") = 1, py::arg("stores") = "auto",
             "a = b + s*c by a C++ kernel: naive, eigen, openmp (stores: auto, cached, streaming)");
  module.def("stencil2d", &stencil2d, py::arg("impl"), py::arg("initial"), py::arg("sweeps"),
             py::arg("threads") = 1, py::arg("stores") = "auto",
             "The grid after k Jacobi sweeps by a C++ kernel: naive, openmp (stores: auto, cached, streaming)");
}

// speedlab_native: the C++ kernels as a Python module (pybind11).
// Used by the cross-language tests (C++ and Python agree on the same inputs)
// and by the python.cpp_ext impls ("Python as glue"). Arrays cross without a
// copy: py::array_t views the kernel's buffer.
#include <cblas.h>
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <Eigen/Core>
#include <algorithm>
#include <stdexcept>
#include <string>

#include "cpp/leibniz_pi.hpp"
#include "cpp/matmul.hpp"
#include "cpp/stencil2d.hpp"
#include "cpp/stream_triad.hpp"
#include "harness/prng.hpp"

namespace py = pybind11;

namespace {

using Array = py::array_t<double, py::array::c_style | py::array::forcecast>;

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

  module.def("leibniz_pi_naive", &speedlab::leibniz_pi::naive, py::arg("n"),
             py::call_guard<py::gil_scoped_release>());
  module.def("leibniz_pi_simd", &speedlab::leibniz_pi::simd, py::arg("n"), py::arg("threads") = 1,
             py::call_guard<py::gil_scoped_release>());

  module.def("matmul", &matmul, py::arg("impl"), py::arg("a"), py::arg("b"), py::arg("threads") = 1,
             "C = A·B by a C++ kernel: naive, loop_order, tiled, eigen, openblas");
  module.def("stream_triad", &stream_triad, py::arg("impl"), py::arg("b"), py::arg("c"), py::arg("s"),
             py::arg("threads") = 1, py::arg("stores") = "auto",
             "a = b + s*c by a C++ kernel: naive, eigen, openmp (stores: auto, cached, streaming)");
  module.def("stencil2d", &stencil2d, py::arg("impl"), py::arg("initial"), py::arg("sweeps"),
             py::arg("threads") = 1, py::arg("stores") = "auto",
             "The grid after k Jacobi sweeps by a C++ kernel: naive, openmp (stores: auto, cached, streaming)");
}

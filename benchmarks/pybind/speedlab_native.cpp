// speedlab_native: the C++ kernels as a Python module (pybind11).
// Used by the cross-language tests (C++ and Python agree on the same inputs)
// and by the python.cpp_ext impls ("Python as glue"). Arrays cross without a
// copy: outputs are py::array_t views of the kernel's buffer, inputs are
// NumPy arrays whose buffer the kernel reads or writes in place (noconvert():
// an array of the wrong dtype or layout is a TypeError, never a silent copy).
// Kernels that run long release the GIL while they run.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>
#include <pybind11/stl.h>

#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "cpp/call_overhead.hpp"
#include "cpp/leibniz_pi.hpp"
#include "cpp/mandelbrot.hpp"
#include "cpp/nbody.hpp"
#include "harness/prng.hpp"

namespace py = pybind11;

namespace {

using speedlab::nbody::Body;
static_assert(std::is_standard_layout_v<Body> && sizeof(Body) == 10 * sizeof(double),
              "nbody::Body must be 10 packed doubles to be viewed from a NumPy (n, 10) array");

// A C-contiguous float64 array, checked: the kernels index its buffer directly.
using Float64Array = py::array_t<double, py::array::c_style>;


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
}

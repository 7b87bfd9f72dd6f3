// speedlab_native: the C++ kernels as a Python module (pybind11).
// Used by the cross-language tests (C++ and Python agree on the same inputs)
// and by the python.cpp_ext impls ("Python as glue"). Arrays cross without a
// copy: py::array_t views the kernel's buffer.
#include <pybind11/numpy.h>
#include <pybind11/pybind11.h>

#include "cpp/leibniz_pi.hpp"
#include "harness/prng.hpp"

namespace py = pybind11;

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
}

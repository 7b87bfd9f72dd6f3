// Platform facts for the CPU harness: always runnable.
#include <Eigen/Core>
#include <string>

#include "harness/registry.hpp"

namespace speedlab {

std::string platform_unavailable_reason() { return {}; }

std::string platform_language() { return "cpp"; }

std::map<std::string, std::string> platform_context() {
  return {{"eigen_version", std::to_string(EIGEN_WORLD_VERSION) + "." + std::to_string(EIGEN_MAJOR_VERSION) + "." +
                                std::to_string(EIGEN_MINOR_VERSION)}};
}

}  // namespace speedlab

#include "harness/registry.hpp"

#include <cstdlib>
#include <filesystem>
#include <utility>

namespace speedlab {

std::int64_t Params::get(const std::string& name, std::int64_t min_value, std::int64_t max_value) const {
  const auto it = values.find(name);
  if (it == values.end() && choices.count(name) != 0) {
    throw ParamError("parameter " + name + "=" + choices.at(name) + " must be an integer");
  }
  if (it == values.end()) {
    throw ParamError("missing parameter '" + name + "': pass --param " + name + "=VALUE");
  }
  if (it->second < min_value || it->second > max_value) {
    throw ParamError("parameter " + name + "=" + std::to_string(it->second) + " is out of range [" +
                     std::to_string(min_value) + ", " + std::to_string(max_value) + "]");
  }
  return it->second;
}

std::string Params::choice(const std::string& name, const std::string& fallback,
                           const std::vector<std::string>& allowed) const {
  read.insert(name);
  const auto it = choices.find(name);
  const std::string value = it == choices.end() ? fallback : it->second;
  for (const auto& candidate : allowed) {
    if (candidate == value) return value;
  }
  std::string list;
  for (const auto& candidate : allowed) list += (list.empty() ? "" : ", ") + candidate;
  throw ParamError("parameter " + name + "=" + value + " is not implemented here (this impl has " + name + " " +
                   list + ")");
}

std::vector<std::string> Params::unread_choices() const {
  std::vector<std::string> out;
  for (const auto& [name, value] : choices) {
    if (read.count(name) == 0) out.push_back(name + "=" + value);
  }
  return out;
}

std::vector<Implementation>& registry() {
  static std::vector<Implementation> implementations;
  return implementations;
}

namespace {

// A folder of its own under the system's temporary directory, removed with everything in it at exit.
struct TemporaryDirectory {
  std::string path;
  TemporaryDirectory() {
    std::string pattern = (std::filesystem::temp_directory_path() / "speedlab-data-XXXXXX").string();
    if (::mkdtemp(pattern.data()) == nullptr) throw std::runtime_error("cannot create a folder in " + pattern);
    path = pattern;
  }
  ~TemporaryDirectory() {
    std::error_code ignored;
    std::filesystem::remove_all(path, ignored);
  }
};

}  // namespace

std::string data_dir() {
  if (const char* folder = std::getenv("SPEEDLAB_DATA_DIR"); folder != nullptr && *folder != '\0') return folder;
  static const TemporaryDirectory temporary;
  return temporary.path;
}

Registration::Registration(std::string workload, std::string impl, BenchmarkBody body, Timing timing) {
  registry().push_back({std::move(workload), std::move(impl), std::move(body), timing});
}

}  // namespace speedlab

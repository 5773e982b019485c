#include "main/new_service.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <iostream>
#include <optional>

namespace rampart {

namespace {

namespace fs = std::filesystem;

constexpr const char* kScript = "scripts/new_service.py";

// `start` or the nearest folder above it that holds the generator script.
std::optional<fs::path> CheckoutAbove(fs::path start) {
  std::error_code error;
  auto dir = fs::absolute(start, error);
  if (error) return std::nullopt;
  for (; !dir.empty(); dir = dir.parent_path()) {
    std::error_code missing;  // a folder without the script is no error
    if (fs::is_regular_file(dir / kScript, missing)) return dir;
    if (dir == dir.parent_path()) break;
  }
  return std::nullopt;
}

}  // namespace

int NewService(const std::vector<std::string>& arguments) {
  std::optional<fs::path> checkout;
  if (const char* dir = std::getenv("RAMPART_TEMPLATE_DIR"); dir != nullptr && *dir != '\0') {
    if (!fs::is_regular_file(fs::path(dir) / kScript)) {
      std::cerr << "rampart new: RAMPART_TEMPLATE_DIR=" << dir << " has no " << kScript
                << "; point it at a rampart checkout\n";
      return 1;
    }
    checkout = dir;
  }
  std::error_code error;
  const auto binary = fs::read_symlink("/proc/self/exe", error);
  if (!checkout && !error) checkout = CheckoutAbove(binary.parent_path());
  if (!checkout) checkout = CheckoutAbove(fs::current_path(error));
  if (!checkout) {
    std::cerr << "rampart new: no rampart checkout found above "
              << (binary.empty() ? "this binary" : binary.parent_path().string()) << " or "
              << fs::current_path(error).string()
              << "; run it inside a checkout or set RAMPART_TEMPLATE_DIR to one\n";
    return 1;
  }
  const std::string script = (*checkout / kScript).string();
  std::vector<char*> argv;
  argv.push_back(const_cast<char*>("python3"));
  argv.push_back(const_cast<char*>(script.c_str()));
  for (const auto& argument : arguments) argv.push_back(const_cast<char*>(argument.c_str()));
  argv.push_back(nullptr);
  std::cout.flush();
  execvp("python3", argv.data());
  std::cerr << "rampart new: cannot run python3 (" << std::strerror(errno)
            << "); install it (apt-get install python3) or run " << script << " directly\n";
  return 1;
}

}  // namespace rampart

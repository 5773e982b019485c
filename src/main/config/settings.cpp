#include "main/config/settings.hpp"

#include <fmt/format.h>

#include "main/config/value_parsers.hpp"

namespace rampart::config {

std::string Origin::Describe() const {
  switch (kind) {
    case Kind::kFile:
      return fmt::format("{}:{}", name, line);
    case Kind::kEnvironment:
      return name;
    case Kind::kCommandLine:
      return "command line";
    case Kind::kDefault:
      break;
  }
  return "default";
}

std::string Settings::Listen() const { return FormatHostPort(listen_host, listen_port); }

}  // namespace rampart::config

#include "main/config/settings.hpp"

#include <fmt/format.h>

#include "main/config/value_parsers.hpp"

namespace rampart::config {

namespace {

std::string DescribeLayer(const Origin& origin) {
  switch (origin.kind) {
    case Origin::Kind::kFile:
      return fmt::format("{}:{}", origin.name, origin.line);
    case Origin::Kind::kEnvironment:
      return origin.name;
    case Origin::Kind::kCommandLine:
      return "command line";
    case Origin::Kind::kDefault:
      break;
  }
  return "default";
}

}  // namespace

std::string Origin::Describe() const {
  if (secret.empty()) return DescribeLayer(*this);
  return DescribeLayer(*this) + " via " + secret;
}

std::string Settings::Listen() const { return FormatHostPort(listen_host, listen_port); }

}  // namespace rampart::config

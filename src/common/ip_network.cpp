#include "common/ip_network.hpp"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace rampart::net {
namespace {

constexpr std::array<std::uint8_t, 12> kMappedPrefix{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff};

std::string_view Trim(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

}  // namespace

std::optional<IpAddress> IpAddress::Parse(std::string_view text) {
  if (text.empty() || text.size() > 45) return std::nullopt;
  char buffer[46];
  std::memcpy(buffer, text.data(), text.size());
  buffer[text.size()] = '\0';
  IpAddress address;
  if (text.find(':') == std::string_view::npos) {
    in_addr v4{};
    if (inet_pton(AF_INET, buffer, &v4) != 1) return std::nullopt;
    std::copy(kMappedPrefix.begin(), kMappedPrefix.end(), address.bytes.begin());
    std::memcpy(address.bytes.data() + 12, &v4, 4);
    return address;
  }
  in6_addr v6{};
  if (inet_pton(AF_INET6, buffer, &v6) != 1) return std::nullopt;
  std::memcpy(address.bytes.data(), &v6, 16);
  return address;
}

bool IpAddress::IsV4() const {
  return std::equal(kMappedPrefix.begin(), kMappedPrefix.end(), bytes.begin());
}

std::string IpAddress::ToString() const {
  char buffer[INET6_ADDRSTRLEN] = {};
  if (IsV4()) {
    inet_ntop(AF_INET, bytes.data() + 12, buffer, sizeof(buffer));
  } else {
    inet_ntop(AF_INET6, bytes.data(), buffer, sizeof(buffer));
  }
  return buffer;
}

std::optional<IpNetwork> IpNetwork::Parse(std::string_view text) {
  text = Trim(text);
  const std::size_t slash = text.find('/');
  const auto base = IpAddress::Parse(text.substr(0, slash));
  if (!base) return std::nullopt;
  const int max_prefix = base->IsV4() ? 32 : 128;
  int prefix = max_prefix;
  if (slash != std::string_view::npos) {
    const std::string_view digits = text.substr(slash + 1);
    if (digits.empty() || digits.size() > 3 ||
        !std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
      return std::nullopt;
    }
    prefix = std::stoi(std::string(digits));
    if (prefix > max_prefix) return std::nullopt;
  }
  IpNetwork network{*base, base->IsV4() ? prefix + 96 : prefix};
  IpAddress masked = network.base;
  for (int bit = network.prefix; bit < 128; ++bit) {
    masked.bytes[bit / 8] &= static_cast<std::uint8_t>(~(0x80u >> (bit % 8)));
  }
  if (masked != network.base) return std::nullopt;  // host bits set
  return network;
}

bool IpNetwork::Contains(const IpAddress& address) const {
  const int whole = prefix / 8;
  if (std::memcmp(base.bytes.data(), address.bytes.data(), whole) != 0) return false;
  const int rest = prefix % 8;
  if (rest == 0) return true;
  const auto mask = static_cast<std::uint8_t>(0xff00u >> rest);
  return (base.bytes[whole] & mask) == (address.bytes[whole] & mask);
}

std::optional<std::vector<IpNetwork>> ParseNetworkList(std::string_view text,
                                                       NetworkListError* error) {
  std::vector<IpNetwork> networks;
  while (!text.empty()) {
    const std::size_t comma = text.find(',');
    const std::string_view entry = Trim(text.substr(0, comma));
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    if (entry.empty()) continue;
    auto network = IpNetwork::Parse(entry);
    if (!network) {
      if (error) error->entry = std::string(entry);
      return std::nullopt;
    }
    networks.push_back(*network);
  }
  return networks;
}

}  // namespace rampart::net

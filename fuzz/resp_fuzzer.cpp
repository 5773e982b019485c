// Redis replies as the cache and rate-limit clients read them off the socket
// (infrastructure/redis/resp.hpp): hiredis' reader driven by our callbacks that build
// RespValues, fed in arbitrary chunks as the network delivers them. A protocol error is an
// exception the connection turns into a dropped connection; nothing else may escape.
//
// Input: the first byte is the chunk size (1..256), the rest the bytes Redis "sent".
#include <cstddef>
#include <cstdint>
#include <stdexcept>

#include "fuzz_check.hpp"
#include "infrastructure/redis/resp.hpp"

namespace {

using rampart::infrastructure::redis::RespParser;
using rampart::infrastructure::redis::RespValue;

std::size_t Count(const RespValue& value) {
  std::size_t count = 1;
  for (const auto& element : value.elements) count += Count(element);
  if (value.type != RespValue::Type::kArray) FUZZ_CHECK(value.elements.empty());
  return count;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  const std::size_t chunk = 1 + data[0];
  const char* bytes = reinterpret_cast<const char*>(data + 1);
  std::size_t left = size - 1;
  RespParser parser;
  std::size_t values = 0;
  try {
    while (left > 0) {
      const std::size_t n = std::min(chunk, left);
      parser.Feed(bytes, n);
      bytes += n;
      left -= n;
      while (auto reply = parser.Next()) values += Count(*reply);
    }
  } catch (const std::runtime_error&) {
    return 0;  // protocol error: the client drops the connection
  }
  // Every value came from at least one byte of input.
  FUZZ_CHECK(values <= size);
  return 0;
}

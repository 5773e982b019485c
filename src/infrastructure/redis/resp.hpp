#pragma once
// RESP2: commands are encoded here, replies decoded by hiredis' redisReader (building RespValues
// directly, see resp.cpp). The network side is ours (Asio), since Debian's hiredis 0.14 has no
// Asio adapter, no TLS and no async timeouts.
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace rampart::infrastructure::redis {

// RespValue is one parsed reply.
struct RespValue {
  enum class Type { kString, kArray, kInteger, kNil, kStatus, kError };
  Type type = Type::kNil;
  std::string text;  // kString, kStatus, kError
  long long integer = 0;
  std::vector<RespValue> elements;  // kArray

  bool IsError() const { return type == Type::kError; }
};

// AppendCommand appends one command (binary-safe arguments) in RESP to `out`.
void AppendCommand(std::string& out, const std::vector<std::string>& args);

// RespParser: incremental reply parser: feed bytes as they arrive, take complete replies.
class RespParser {
 public:
  RespParser();
  ~RespParser();
  RespParser(const RespParser&) = delete;
  RespParser& operator=(const RespParser&) = delete;

  void Feed(const char* data, std::size_t size);
  // Next returns the next complete reply, nullopt when more bytes are needed. Throws
  // std::runtime_error on a protocol error (the connection is then unusable).
  std::optional<RespValue> Next();

 private:
  struct Reader;
  std::unique_ptr<Reader> reader_;
};

}  // namespace rampart::infrastructure::redis

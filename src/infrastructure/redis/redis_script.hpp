#pragma once
// A Lua script run atomically on Redis: EVALSHA by its SHA-1, and EVAL with its text when the
// server does not know it yet (NOSCRIPT: first use, after a restart or SCRIPT FLUSH).
#include <string>
#include <string_view>
#include <vector>

#include "infrastructure/redis/redis_client.hpp"

namespace rampart::infrastructure::redis {

// Sha1Hex returns lower-case hex SHA-1 of `text` (the name EVALSHA takes).
std::string Sha1Hex(std::string_view text);

class RedisScript {
 public:
  explicit RedisScript(std::string_view text) : text_(text), sha1_(Sha1Hex(text)) {}

  const std::string& Text() const { return text_; }
  const std::string& Sha1() const { return sha1_; }

  // Command returns `EVALSHA sha1 <keys.size()> keys... args...`, or `EVAL text ...` when `by_sha`
  // is false.
  std::vector<std::string> Command(bool by_sha, const std::vector<std::string>& keys,
                                   const std::vector<std::string>& args) const;
  // Call runs the script and waits (worker threads only): EVALSHA, then EVAL on NOSCRIPT.
  RedisClient::Reply Call(RedisClient& client, const std::vector<std::string>& keys,
                          const std::vector<std::string>& args) const;

 private:
  std::string text_;
  std::string sha1_;
};

}  // namespace rampart::infrastructure::redis

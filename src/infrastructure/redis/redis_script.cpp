#include "infrastructure/redis/redis_script.hpp"

#include <openssl/evp.h>

namespace rampart::infrastructure::redis {

std::string Sha1Hex(std::string_view text) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int size = 0;
  EVP_Digest(text.data(), text.size(), digest, &size, EVP_sha1(), nullptr);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string hex;
  hex.reserve(2 * size);
  for (unsigned int i = 0; i < size; ++i) {
    hex.push_back(kHex[digest[i] >> 4]);
    hex.push_back(kHex[digest[i] & 0xf]);
  }
  return hex;
}

std::vector<std::string> RedisScript::Command(bool by_sha, const std::vector<std::string>& keys,
                                              const std::vector<std::string>& args) const {
  std::vector<std::string> command;
  command.reserve(3 + keys.size() + args.size());
  command.emplace_back(by_sha ? "EVALSHA" : "EVAL");
  command.push_back(by_sha ? sha1_ : text_);
  command.push_back(std::to_string(keys.size()));
  command.insert(command.end(), keys.begin(), keys.end());
  command.insert(command.end(), args.begin(), args.end());
  return command;
}

RedisClient::Reply RedisScript::Call(RedisClient& client, const std::vector<std::string>& keys,
                                     const std::vector<std::string>& args) const {
  auto reply = client.Call(Command(true, keys, args));
  if (reply && reply->IsError() && reply->text.starts_with("NOSCRIPT")) {
    reply = client.Call(Command(false, keys, args));
  }
  return reply;
}

}  // namespace rampart::infrastructure::redis

#include "infrastructure/cache/redis/redis_cache.hpp"

#include "common/log.hpp"

namespace rampart::infrastructure::redis {
namespace {

// Logs a failed write at debug level: a down cache is reported by health, not by every call.
void NoteFailure(std::string_view command, const RedisClient::Reply& reply) {
  if (!reply) {
    log::Debug("cache", "redis command failed", {{"command", command}, {"error", reply.error()}});
  } else if (reply->IsError()) {
    log::Warn("cache", "redis command refused", {{"command", command}, {"error", reply->text}});
  }
}

}  // namespace

std::string PrefixPattern(std::string_view prefix) {
  std::string pattern;
  pattern.reserve(prefix.size() + 8);
  for (char c : prefix) {
    if (c == '*' || c == '?' || c == '[' || c == ']' || c == '\\') pattern.push_back('\\');
    pattern.push_back(c);
  }
  pattern.push_back('*');
  return pattern;
}

RedisCache::RedisCache(std::shared_ptr<RedisClient> client) : client_(std::move(client)) {}

std::optional<std::string> RedisCache::Get(std::string_view key) {
  auto reply = client_->Call({"GET", std::string(key)});
  if (!reply || reply->type != RespValue::Type::kString) {
    NoteFailure("GET", reply);
    return std::nullopt;
  }
  return std::move(reply->text);
}

void RedisCache::Set(std::string_view key, std::string_view value, std::chrono::milliseconds ttl) {
  if (ttl <= std::chrono::milliseconds::zero()) return;
  NoteFailure("SET", client_->Call({"SET", std::string(key), std::string(value), "PX",
                                    std::to_string(ttl.count())}));
}

void RedisCache::Remove(std::string_view key) {
  NoteFailure("UNLINK", client_->Call({"UNLINK", std::string(key)}));
}

void RedisCache::RemoveByPrefix(std::string_view prefix) {
  if (prefix.empty()) return;
  const std::string pattern = PrefixPattern(prefix);
  std::string cursor = "0";
  do {
    auto reply = client_->Call({"SCAN", cursor, "MATCH", pattern, "COUNT", "1000"});
    if (!reply || reply->type != RespValue::Type::kArray || reply->elements.size() != 2) {
      NoteFailure("SCAN", reply);
      return;
    }
    cursor = reply->elements[0].text;
    std::vector<std::string> unlink{"UNLINK"};
    for (auto& key : reply->elements[1].elements) unlink.push_back(std::move(key.text));
    if (unlink.size() > 1) NoteFailure("UNLINK", client_->Call(std::move(unlink)));
  } while (cursor != "0");
}

void RedisCache::GetAsync(std::vector<std::string> keys, GetCompletion done) {
  const std::size_t count = keys.size();
  std::vector<std::string> command;
  command.reserve(count + 1);
  command.emplace_back("MGET");
  for (auto& key : keys) command.push_back(std::move(key));
  client_->Send(
      std::move(command), [count, done = std::move(done)](RedisClient::Reply reply) mutable {
        Values values(count);
        if (reply && reply->type == RespValue::Type::kArray && reply->elements.size() == count) {
          for (std::size_t i = 0; i < count; ++i) {
            if (reply->elements[i].type == RespValue::Type::kString) {
              values[i] = std::move(reply->elements[i].text);
            }
          }
        }
        done(std::move(values));
      });
}

application::CacheHealth RedisCache::Health() {
  const auto start = std::chrono::steady_clock::now();
  auto reply = client_->Call({"PING"});
  application::CacheHealth health;
  health.latency = std::chrono::duration_cast<std::chrono::microseconds>(
      std::chrono::steady_clock::now() - start);
  if (!reply) {
    health.status = application::CacheHealth::Status::kDegraded;
    health.detail = reply.error();
  } else if (reply->IsError()) {
    health.status = application::CacheHealth::Status::kDegraded;
    health.detail = "redis: " + reply->text;
  }
  return health;
}

}  // namespace rampart::infrastructure::redis

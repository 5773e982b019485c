#include "infrastructure/cache/redis/redis_cache.hpp"

#include <random>

#include "common/log.hpp"
#include "infrastructure/redis/redis_script.hpp"

namespace rampart::infrastructure::redis {
namespace {

constexpr std::string_view kFillSuffix = ":fill";

// KEYS[1] the entry, KEYS[2] its lease; ARGV[1] the ticket's token, ARGV[2] the value, ARGV[3]
// the TTL in ms. Stores only while the lease holds the token (no Remove, RemoveByPrefix or
// later BeginFill since the ticket, not expired); the lease then stays, spent (the ticket
// stores once), exactly as long as the entry.
const RedisScript& StoreIfLeased() {
  static const RedisScript script(R"lua(
if redis.call('GET', KEYS[2]) ~= ARGV[1] then return 0 end
redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[3])
redis.call('SET', KEYS[2], '', 'PX', ARGV[3])
return 1
)lua");
  return script;
}

// The key that goes with a scanned key: an entry's lease, or a lease's entry.
std::string Companion(std::string_view key) {
  if (key.ends_with(kFillSuffix))
    return std::string(key.substr(0, key.size() - kFillSuffix.size()));
  return FillKey(key);
}

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

std::string FillKey(std::string_view key) {
  std::string fill;
  fill.reserve(key.size() + kFillSuffix.size());
  fill.append(key).append(kFillSuffix);
  return fill;
}

RedisCache::RedisCache(std::shared_ptr<RedisClient> client) : client_(std::move(client)) {
  std::random_device random;
  instance_ = std::to_string(random()) + "." + std::to_string(random());
}

std::string RedisCache::Token(std::uint64_t id) const {
  return instance_ + ":" + std::to_string(id);
}

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
  NoteFailure("UNLINK", client_->Call({"UNLINK", std::string(key), FillKey(key)}));
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
    for (auto& key : reply->elements[1].elements) {
      unlink.push_back(Companion(key.text));
      unlink.push_back(std::move(key.text));
    }
    if (unlink.size() > 1) NoteFailure("UNLINK", client_->Call(std::move(unlink)));
  } while (cursor != "0");
}

application::Cache::FillTicket RedisCache::BeginFill(std::string_view key,
                                                     std::chrono::milliseconds ttl) {
  if (ttl <= std::chrono::milliseconds::zero()) return {};
  FillTicket ticket{std::string(key), last_ticket_.fetch_add(1, std::memory_order_relaxed) + 1};
  auto reply =
      client_->Call({"SET", FillKey(key), Token(ticket.id), "PX", std::to_string(ttl.count())});
  if (!reply || reply->type != RespValue::Type::kStatus) {
    NoteFailure("SET", reply);
    return {};
  }
  return ticket;
}

bool RedisCache::FinishFill(const FillTicket& ticket, std::optional<std::string_view> value,
                            std::chrono::milliseconds ttl) {
  // Without a value the lease is left to expire: one round trip less for a fill that found
  // nothing, and a later BeginFill replaces it anyway.
  if (!ticket || !value || ttl <= std::chrono::milliseconds::zero()) return false;
  auto reply =
      StoreIfLeased().Call(*client_, {ticket.key, FillKey(ticket.key)},
                           {Token(ticket.id), std::string(*value), std::to_string(ttl.count())});
  if (!reply || reply->type != RespValue::Type::kInteger) {
    NoteFailure("EVALSHA", reply);
    return false;
  }
  return reply->integer == 1;
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

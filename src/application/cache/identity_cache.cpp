#include "application/cache/identity_cache.hpp"

#include "application/cache/cached_entities.hpp"

namespace rampart::application {

namespace {
template <class Duration>
std::chrono::milliseconds Millis(Duration duration) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(duration);
}
}  // namespace

IdentityCache::IdentityCache(Cache& cache, CacheKeys keys, CacheTtls ttls)
    : cache_(cache), keys_(std::move(keys)), ttls_(ttls) {}

std::optional<domain::User> IdentityCache::User(UnitOfWorkFactory& database,
                                                std::string_view user_id) {
  const auto value = cache_.GetOrCreate(
      keys_.User(user_id), Millis(ttls_.user), [&]() -> std::optional<std::string> {
        auto user = database.Begin(TransactionMode::kRead)->Users().FindById(user_id);
        if (!user) return std::nullopt;
        return EncodeUser(*user);
      });
  if (!value) return std::nullopt;
  if (auto user = DecodeUser(*value)) return user;
  // Unreadable (another schema): read through and let the next write replace it.
  auto user = database.Begin(TransactionMode::kRead)->Users().FindById(user_id);
  if (user) user->password_hash.clear();
  return user;
}

std::optional<domain::Session> IdentityCache::Session(UnitOfWorkFactory& database,
                                                      std::string_view session_id) {
  const auto value = cache_.GetOrCreate(
      keys_.Session(session_id), Millis(ttls_.session), [&]() -> std::optional<std::string> {
        auto session = database.Begin(TransactionMode::kRead)->Sessions().FindById(session_id);
        if (!session) return std::nullopt;
        return EncodeSession(*session);
      });
  if (!value) return std::nullopt;
  if (auto session = DecodeSession(*value)) return session;
  return database.Begin(TransactionMode::kRead)->Sessions().FindById(session_id);
}

std::vector<std::string> IdentityCache::Permissions(UnitOfWorkFactory& database,
                                                    std::string_view user_id) {
  const auto value = cache_.GetOrCreate(
      keys_.Permissions(user_id), Millis(ttls_.permissions), [&]() -> std::optional<std::string> {
        return EncodeNames(database.Begin(TransactionMode::kRead)->Users().PermissionsOf(user_id));
      });
  if (value) {
    if (auto names = DecodeNames(*value)) return std::move(*names);
  }
  return database.Begin(TransactionMode::kRead)->Users().PermissionsOf(user_id);
}

std::optional<domain::ServiceAccount> IdentityCache::ServiceAccount(UnitOfWorkFactory& database,
                                                                    std::string_view id) {
  const auto load = [&] {
    auto account = database.Begin(TransactionMode::kRead)->ServiceAccounts().FindById(id);
    if (account) {
      account->secret_hash.clear();
      account->roles.clear();
    }
    return account;
  };
  const auto value = cache_.GetOrCreate(keys_.ServiceAccount(id), Millis(ttls_.user),
                                        [&]() -> std::optional<std::string> {
                                          auto account = load();
                                          if (!account) return std::nullopt;
                                          return EncodeServiceAccount(*account);
                                        });
  if (!value) return std::nullopt;
  if (auto account = DecodeServiceAccount(*value)) return account;
  return load();
}

std::vector<std::string> IdentityCache::ServiceAccountPermissions(UnitOfWorkFactory& database,
                                                                  std::string_view id) {
  const auto value = cache_.GetOrCreate(
      keys_.Permissions(id), Millis(ttls_.permissions), [&]() -> std::optional<std::string> {
        return EncodeNames(
            database.Begin(TransactionMode::kRead)->ServiceAccounts().PermissionsOf(id));
      });
  if (value) {
    if (auto names = DecodeNames(*value)) return std::move(*names);
  }
  return database.Begin(TransactionMode::kRead)->ServiceAccounts().PermissionsOf(id);
}

std::optional<domain::ApiKey> IdentityCache::ApiKey(UnitOfWorkFactory& database,
                                                    std::string_view key_id) {
  const auto load = [&] {
    auto key = database.Begin(TransactionMode::kRead)->ApiKeys().FindById(key_id);
    if (key) key->secret_hash.clear();
    return key;
  };
  const auto value = cache_.GetOrCreate(keys_.ApiKey(key_id), Millis(ttls_.session),
                                        [&]() -> std::optional<std::string> {
                                          auto key = load();
                                          if (!key) return std::nullopt;
                                          return EncodeApiKey(*key);
                                        });
  if (!value) return std::nullopt;
  if (auto key = DecodeApiKey(*value)) return key;
  return load();
}

void IdentityCache::PeekApiKey(std::string_view user_id, std::string_view key_id,
                               PeekKeyCompletion done) {
  cache_.GetAsync({keys_.User(user_id), keys_.ApiKey(key_id)},
                  [done = std::move(done)](Cache::Values values) mutable {
                    if (values.size() != 2 || !values[0] || !values[1]) {
                      return done(std::nullopt, std::nullopt);
                    }
                    done(DecodeUser(*values[0]), DecodeApiKey(*values[1]));
                  });
}

void IdentityCache::ForgetServiceAccount(std::string_view id) {
  cache_.Remove(keys_.ServiceAccount(id));
}

void IdentityCache::ForgetApiKey(std::string_view key_id) { cache_.Remove(keys_.ApiKey(key_id)); }

void IdentityCache::Peek(std::string_view user_id, std::string_view session_id,
                         PeekCompletion done) {
  cache_.GetAsync({keys_.User(user_id), keys_.Session(session_id)},
                  [done = std::move(done)](Cache::Values values) mutable {
                    if (values.size() != 2 || !values[0] || !values[1]) return done(std::nullopt);
                    auto user = DecodeUser(*values[0]);
                    auto session = DecodeSession(*values[1]);
                    if (!user || !session) return done(std::nullopt);
                    done(CachedPrincipal{std::move(*user), std::move(*session)});
                  });
}

void IdentityCache::ForgetUser(std::string_view user_id) { cache_.Remove(keys_.User(user_id)); }

void IdentityCache::ForgetSession(std::string_view session_id) {
  cache_.Remove(keys_.Session(session_id));
}

void IdentityCache::ForgetPermissions(std::string_view user_id) {
  cache_.Remove(keys_.Permissions(user_id));
}

void IdentityCache::ForgetAllPermissions() { cache_.RemoveByPrefix(keys_.PermissionsPrefix()); }

void IdentityCache::ForgetAllUsers() { cache_.RemoveByPrefix(keys_.UsersPrefix()); }

}  // namespace rampart::application

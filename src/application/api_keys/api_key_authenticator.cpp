#include "application/api_keys/api_key_authenticator.hpp"

#include "application/common/secrets.hpp"
#include "domain/credential_format.hpp"

namespace rampart::application {

namespace {

domain::Error Invalid() { return domain::Error::Unauthorized("invalid API key"); }

// Keys without an expiry are remembered until evicted.
constexpr domain::TimePoint kNoExpiry = domain::TimePoint::max();

}  // namespace

void ApiKeyUsage::Record(std::string_view key_id, domain::TimePoint at, std::string_view ip) {
  std::lock_guard lock(mutex_);
  auto [entry, added] = pending_.try_emplace(std::string(key_id));
  // Within one second the first use stands: no string copy per request of a busy key.
  if (!added && entry->second.at >= at) return;
  entry->second = ApiKeyUse{.key_id = entry->first, .at = at, .ip = std::string(ip)};
}

std::size_t ApiKeyUsage::Flush(UnitOfWorkFactory& database) {
  std::unordered_map<std::string, ApiKeyUse> batch;
  {
    std::lock_guard lock(mutex_);
    batch.swap(pending_);
  }
  if (batch.empty()) return 0;
  std::vector<ApiKeyUse> uses;
  uses.reserve(batch.size());
  for (auto& [id, use] : batch) uses.push_back(use);
  try {
    auto uow = database.Begin(TransactionMode::kWrite);
    uow->ApiKeys().RecordUses(uses);
    uow->Commit();
  } catch (...) {
    std::lock_guard lock(mutex_);
    for (auto& use : uses) {
      auto [entry, added] = pending_.try_emplace(use.key_id, use);
      if (!added && entry->second.at < use.at) entry->second = use;
    }
    throw;
  }
  return uses.size();
}

std::size_t ApiKeyUsage::Pending() const {
  std::lock_guard lock(mutex_);
  return pending_.size();
}

AccessClaims ClaimsOf(const domain::ApiKey& key) {
  return AccessClaims{.subject = key.owner_id,
                      .expires_at = key.expires_at.value_or(kNoExpiry),
                      .kind = key.owner_kind,
                      .api_key_id = key.id,
                      .scope = key.permissions};
}

ApiKeyAuthenticator::ApiKeyAuthenticator(UnitOfWorkFactory& database, SecureRandom& random,
                                         const Clock& clock, std::size_t max_entries)
    : database_(database), random_(random), clock_(clock), max_entries_(max_entries) {}

std::shared_ptr<const AccessClaims> ApiKeyAuthenticator::Remembered(std::string_view key) const {
  if (!domain::ApiKeyPublicId(key)) return nullptr;
  const std::string hash = random_.HashToken(key);
  std::lock_guard lock(mutex_);
  const auto found = remembered_.find(hash);
  if (found == remembered_.end() || clock_.Now() >= found->second->expires_at) return nullptr;
  return found->second;
}

domain::Result<std::shared_ptr<const AccessClaims>> ApiKeyAuthenticator::Authenticate(
    std::string_view key) {
  const auto public_id = domain::ApiKeyPublicId(key);
  if (!public_id) return domain::Fail(Invalid());
  const std::string hash = random_.HashToken(key);
  const auto stored = database_.Begin(TransactionMode::kRead)->ApiKeys().FindByPublicId(*public_id);
  // The comparison runs whether or not the public id was found: as long either way.
  if (!SameSecret(hash, stored ? stored->secret_hash : std::string(hash.size(), '0')) || !stored) {
    return domain::Fail(Invalid());
  }
  const auto now = clock_.Now();
  if (!stored->IsActive(now)) {
    return domain::Fail(domain::Error::Unauthorized("API key revoked or expired"));
  }
  auto claims = std::make_shared<const AccessClaims>(ClaimsOf(*stored));
  if (max_entries_ == 0) return claims;  // cache.verified_tokens = 0: nothing is remembered
  std::lock_guard lock(mutex_);
  if (remembered_.size() >= max_entries_) {
    std::erase_if(remembered_, [&](const auto& item) { return item.second->expires_at <= now; });
    // Still full: forget an arbitrary one (it is only looked up again next time).
    if (remembered_.size() >= max_entries_) remembered_.erase(remembered_.begin());
  }
  remembered_.insert_or_assign(hash, claims);
  return claims;
}

}  // namespace rampart::application

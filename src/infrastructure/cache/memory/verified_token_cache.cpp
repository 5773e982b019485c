#include "infrastructure/cache/memory/verified_token_cache.hpp"

#include <openssl/sha.h>

#include <stdexcept>

namespace rampart::infrastructure {
namespace {

std::string Digest(std::string_view token) {
  std::string digest(SHA256_DIGEST_LENGTH, '\0');
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(),
         reinterpret_cast<unsigned char*>(digest.data()));
  return digest;
}

}  // namespace

VerifiedTokenCache::VerifiedTokenCache(application::TokenService& inner,
                                       const application::Clock& clock, std::size_t max_entries,
                                       std::size_t shards)
    : inner_(inner), clock_(clock) {
  if (max_entries == 0 || shards == 0) {
    throw std::invalid_argument("verified token cache: max_entries and shards must be positive");
  }
  max_per_shard_ = (max_entries + shards - 1) / shards;
  for (std::size_t i = 0; i < shards; ++i) shards_.push_back(std::make_unique<Shard>());
}

VerifiedTokenCache::~VerifiedTokenCache() = default;

domain::Result<application::AccessClaims> VerifiedTokenCache::Verify(std::string_view token) const {
  std::string digest = Digest(token);
  Shard& shard = *shards_[std::hash<std::string>{}(digest) % shards_.size()];
  const auto now = clock_.Now();
  {
    std::lock_guard lock(shard.mutex);
    if (const auto found = shard.entries.find(digest); found != shard.entries.end()) {
      if (now < found->second->expires_at) return *found->second;
      shard.entries.erase(found);
    }
  }
  auto claims = inner_.Verify(token);
  if (claims && now < claims->expires_at) Remember(std::move(digest), *claims);
  return claims;
}

void VerifiedTokenCache::Remember(std::string digest, application::AccessClaims claims) const {
  Shard& shard = *shards_[std::hash<std::string>{}(digest) % shards_.size()];
  auto entry = std::make_shared<const application::AccessClaims>(std::move(claims));
  const auto now = clock_.Now();
  std::lock_guard lock(shard.mutex);
  if (shard.entries.size() >= max_per_shard_) {
    std::erase_if(shard.entries, [&](const auto& item) { return item.second->expires_at <= now; });
    // Still full of live tokens: forget an arbitrary one (it is only re-verified next time).
    if (shard.entries.size() >= max_per_shard_) shard.entries.erase(shard.entries.begin());
  }
  shard.entries.insert_or_assign(std::move(digest), std::move(entry));
}

std::size_t VerifiedTokenCache::Size() const {
  std::size_t size = 0;
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    size += shard->entries.size();
  }
  return size;
}

}  // namespace rampart::infrastructure

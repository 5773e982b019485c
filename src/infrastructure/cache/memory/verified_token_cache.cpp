#include "infrastructure/cache/memory/verified_token_cache.hpp"

#include <openssl/evp.h>
#include <openssl/sha.h>

#include <cstring>
#include <stdexcept>

namespace rampart::infrastructure {
namespace {

// SHA-256 of every bearer token, once per request: the one-shot SHA256() of OpenSSL 3 looks the
// algorithm up (EVP_MD_fetch) and allocates a context on every call, which cost more than the
// hash itself. The algorithm is fetched once and each thread reuses one context.
const EVP_MD* Sha256() {
  static EVP_MD* const md = EVP_MD_fetch(nullptr, "SHA256", nullptr);
  return md;
}

struct ContextDeleter {
  void operator()(EVP_MD_CTX* context) const { EVP_MD_CTX_free(context); }
};

VerifiedTokenCache::Digest DigestOf(std::string_view token) {
  VerifiedTokenCache::Digest digest{};
  thread_local std::unique_ptr<EVP_MD_CTX, ContextDeleter> context(EVP_MD_CTX_new());
  unsigned int length = 0;
  if (Sha256() != nullptr && context && EVP_DigestInit_ex2(context.get(), Sha256(), nullptr) == 1 &&
      EVP_DigestUpdate(context.get(), token.data(), token.size()) == 1 &&
      EVP_DigestFinal_ex(context.get(), digest.data(), &length) == 1 && length == digest.size()) {
    return digest;
  }
  SHA256(reinterpret_cast<const unsigned char*>(token.data()), token.size(), digest.data());
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
  auto shared = VerifyShared(token);
  if (!shared) return std::unexpected(std::move(shared.error()));
  return **shared;
}

domain::Result<std::shared_ptr<const application::AccessClaims>> VerifiedTokenCache::VerifyShared(
    std::string_view token) const {
  const Digest digest = DigestOf(token);
  Shard& shard = *shards_[(std::size_t{digest[30]} << 8 | digest[31]) % shards_.size()];
  const auto now = clock_.Now();
  // Read before the verification, which may use a key ring that Forget() is about to retire.
  const std::uint64_t epoch = epoch_.load();
  {
    std::lock_guard lock(shard.mutex);
    if (const auto found = shard.entries.find(digest); found != shard.entries.end()) {
      const Entry& entry = found->second;
      // Before the verification's own time: the wall clock stepped back; verify again.
      if (entry.verified_at <= now && now < entry.claims->expires_at) return entry.claims;
      shard.entries.erase(found);
    }
  }
  auto claims = inner_.Verify(token);
  if (!claims) return std::unexpected(std::move(claims.error()));
  auto verified = std::make_shared<const application::AccessClaims>(std::move(*claims));
  if (now < verified->expires_at) Remember(digest, {verified, now}, epoch);
  return verified;
}

void VerifiedTokenCache::Remember(const Digest& digest, Entry entry, std::uint64_t epoch) const {
  Shard& shard = *shards_[(std::size_t{digest[30]} << 8 | digest[31]) % shards_.size()];
  const auto now = clock_.Now();
  std::lock_guard lock(shard.mutex);
  if (epoch_.load() != epoch) return;  // the keys changed while this token was verified
  if (shard.entries.size() >= max_per_shard_) {
    std::erase_if(shard.entries,
                  [&](const auto& item) { return item.second.claims->expires_at <= now; });
    // Still full of live tokens: forget an arbitrary one (it is only re-verified next time).
    if (shard.entries.size() >= max_per_shard_) shard.entries.erase(shard.entries.begin());
  }
  shard.entries.insert_or_assign(digest, std::move(entry));
}

void VerifiedTokenCache::Forget() {
  epoch_.fetch_add(1);
  for (const auto& shard : shards_) {
    std::lock_guard lock(shard->mutex);
    shard->entries.clear();
  }
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

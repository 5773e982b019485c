#include "infrastructure/security/bounded_password_hasher.hpp"

#include <string>

#include "application/ports/dependency_unavailable.hpp"

namespace rampart::infrastructure {

BoundedPasswordHasher::BoundedPasswordHasher(std::unique_ptr<application::PasswordHasher> inner,
                                             resilience::QueuedBulkheadOptions options)
    : inner_(std::move(inner)), bulkhead_(options) {}

resilience::QueuedBulkhead::Permit BoundedPasswordHasher::Admit() const {
  auto permit = bulkhead_.Enter();
  if (!permit) {
    throw application::DependencyUnavailable(
        "password hashing", std::to_string(bulkhead_.limit()) +
                                " hashes running and none finished within " +
                                std::to_string(bulkhead_.max_wait().count()) + " ms");
  }
  return permit;
}

std::string BoundedPasswordHasher::Hash(std::string_view password) const {
  const auto permit = Admit();
  return inner_->Hash(password);
}

bool BoundedPasswordHasher::Verify(std::string_view hash, std::string_view password) const {
  const auto permit = Admit();
  return inner_->Verify(hash, password);
}

bool BoundedPasswordHasher::NeedsRehash(std::string_view hash) const {
  return inner_->NeedsRehash(hash);
}

void BoundedPasswordHasher::VerifyDummy(std::string_view password) const {
  const auto permit = Admit();
  inner_->VerifyDummy(password);
}

}  // namespace rampart::infrastructure

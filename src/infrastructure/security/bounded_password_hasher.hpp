#pragma once
// A bulkhead around the password hasher: each Argon2id hash or verification holds
// argon2.memory_kib of memory for tens of milliseconds, so a login burst on N workers would
// take N times that at once (16 workers x 19 MiB = 304 MiB). At most `limit` run at once; the
// others wait in line up to `max_wait`, then the request gets 503 (DependencyUnavailable).
// Peak hashing memory is therefore limit x argon2.memory_kib, whatever the worker count.
#include <memory>

#include "application/ports/password_hasher.hpp"
#include "infrastructure/resilience/queued_bulkhead.hpp"

namespace rampart::infrastructure {

class BoundedPasswordHasher final : public application::PasswordHasher {
 public:
  BoundedPasswordHasher(std::unique_ptr<application::PasswordHasher> inner,
                        resilience::QueuedBulkheadOptions options);

  std::string Hash(std::string_view password) const override;
  bool Verify(std::string_view hash, std::string_view password) const override;
  bool NeedsRehash(std::string_view hash) const override;  // cheap: not bounded
  void VerifyDummy(std::string_view password) const override;

  // bulkhead: for the metrics (hashes running, waiting, refused).
  const resilience::QueuedBulkhead& bulkhead() const { return bulkhead_; }

 private:
  // Admit returns a slot; throws DependencyUnavailable when none came free within max_wait.
  resilience::QueuedBulkhead::Permit Admit() const;

  std::unique_ptr<application::PasswordHasher> inner_;
  mutable resilience::QueuedBulkhead bulkhead_;
};

}  // namespace rampart::infrastructure

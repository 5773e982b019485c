#pragma once
// The life of the signing keys in a running process and in `rampart keys`: reads the key store,
// builds the ring that is published and signs (KeyRing::Published), rotates on the automatic
// schedule, and carries out the operator's rotate and retire (docs/security.md#signing-keys).
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "application/ports/clock.hpp"
#include "infrastructure/security/key_ring.hpp"
#include "infrastructure/security/key_set.hpp"
#include "infrastructure/security/key_store.hpp"

namespace rampart::infrastructure {

struct KeyPolicy {
  // How long a retired key stays published (RetiredKeyGrace).
  std::chrono::seconds grace{0};
  // The algorithm of the keys this process creates (the first ones, every new next key).
  SigningAlgorithm algorithm = SigningAlgorithm::kEs256;
  // Rotate when the active key has signed this long; 0: only when the operator says so.
  std::chrono::seconds rotation_interval{0};
  // Create the first keys when the store holds none (development); false makes an empty
  // store an error (production must not sign with keys it made up on the spot).
  bool create_when_empty = true;
};

class KeyManager {
 public:
  // KeyManager: `store` and `clock` must outlive the manager.
  KeyManager(KeyStore& store, KeyPolicy policy, const application::Clock& clock,
             KeyGenerator generate = DefaultKeyGenerator());

  // Start returns the ring to start with. Creates the first keys (an active and a next key) when
  // the store is empty and the policy allows it. Throws KeyError naming the store.
  std::shared_ptr<const KeyRing> Start();

  struct Reload {
    std::shared_ptr<const KeyRing> ring;  // what to sign and verify with now
    bool changed = false;                 // another active key, or another set of published keys
    std::vector<std::string> removed;     // kids that were published and no longer are
    std::optional<Rotation> rotation;     // this call rotated (the automatic schedule was due)
  };
  // Refresh reads the store again (after a rotation by another process, or as time passes: a
  // retired key leaves when its grace ends). With a rotation interval, first rotates when the
  // active key is due — under the store's lock and checked again there, so that of several
  // instances sharing the store exactly one rotates. Throws KeyError; the previous ring stays
  // valid.
  Reload Refresh();

  // NextDeadline returns the next moment at which the ring changes by time alone (a retired key's
  // grace ends, an automatic rotation is due); nullopt when there is none. Valid after Start or
  // Refresh.
  std::optional<domain::TimePoint> NextDeadline() const;

  // RotateNow: `rampart keys rotate` (Rotate on the stored set); `keys retire` (Retire); `keys
  // list`.
  Rotation RotateNow();
  std::string RetireNow(const std::string& kid, bool immediately);
  KeySet List() const;

  const KeyPolicy& Policy() const { return policy_; }
  std::string DescribeStore() const { return store_.Describe(); }

 private:
  std::shared_ptr<const KeyRing> Publish(const KeySet& set);

  KeyStore& store_;
  KeyPolicy policy_;
  const application::Clock& clock_;
  KeyGenerator generate_;
  mutable std::mutex mutex_;  // guards the two members below
  std::shared_ptr<const KeyRing> current_;
  std::optional<domain::TimePoint> next_rotation_;
};

}  // namespace rampart::infrastructure

#pragma once
// Where the signing keys come from: the port behind which a key directory, a single operator
// key file, or a secret store (AWS Secrets Manager: a JSON secret holding the key set) keep
// them. KeyManager (key_manager.hpp) reads it at start and at every reload, and writes through
// it to rotate.
#include <functional>
#include <string>

#include "infrastructure/security/key_set.hpp"

namespace rampart::infrastructure {

class KeyStore {
 public:
  virtual ~KeyStore() = default;

  // Describe names the store in messages, e.g. "key directory /var/lib/rampart/keys".
  virtual std::string Describe() const = 0;

  // Load returns the keys now: empty when the store holds none yet. Throws KeyError when it cannot
  // be read or is inconsistent (the caller keeps the keys it has).
  virtual KeySet Load() = 0;

  // Writable returns whether Update can change the keys (a single operator key file cannot rotate).
  virtual bool Writable() const = 0;

  // Update reads the keys, lets `change` modify them (it returns false when it changed nothing),
  // and stores the result atomically, so that no other writer — in this process or another one
  // sharing the store — interleaves between the read and the write. Returns the keys as stored.
  // Throws KeyError (nothing is changed then).
  virtual KeySet Update(const std::function<bool(KeySet&)>& change) = 0;
};

}  // namespace rampart::infrastructure

#pragma once
#include <string>
#include <string_view>

namespace rampart::application {

// PasswordHasher: slow, salted password hashing (Argon2id). Calls are CPU-heavy (tens of ms): the
// API layer runs use cases on the worker pool, never on an I/O thread.
class PasswordHasher {
 public:
  virtual ~PasswordHasher() = default;
  // Hash returns a self-describing PHC string ("$argon2id$v=19$m=...,t=...,p=...$salt$hash").
  virtual std::string Hash(std::string_view password) const = 0;
  // Verify: constant-time verification of `password` against `hash`.
  virtual bool Verify(std::string_view hash, std::string_view password) const = 0;
  // NeedsRehash returns true when `hash` was made with other parameters than the current ones.
  virtual bool NeedsRehash(std::string_view hash) const = 0;
  // VerifyDummy spends the same time as a Verify against a real hash; used for unknown users so
  // that a failed login takes equally long whether or not the account exists.
  virtual void VerifyDummy(std::string_view password) const = 0;
};

}  // namespace rampart::application

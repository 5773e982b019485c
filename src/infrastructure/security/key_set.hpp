#pragma once
// The signing keys of a deployment and where each stands in its life
// (docs/security.md#signing-keys):
//
//   next ──rotate──▶ active ──rotate──▶ retired ──(access-token lifetime + skew + reload)──▶ gone
//
// A next key is published in the JWKS before it signs anything, so that every verifier (other
// instances, other services caching the JWKS) knows it by the time it becomes active; a retired
// key stays published until every token it signed has expired. These are pure operations on
// the set; a KeyStore (key_store.hpp) persists it.
#include <chrono>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/time.hpp"
#include "infrastructure/security/signing_key.hpp"

namespace rampart::infrastructure {

enum class KeyState { kNext, kActive, kRetired };
std::string_view ToString(KeyState state);  // "next", "active", "retired"
std::optional<KeyState> ParseKeyState(std::string_view text);

struct KeyEntry {
  std::shared_ptr<const SigningKey> key;  // never null
  KeyState state = KeyState::kNext;
  domain::TimePoint created_at{};
  std::optional<domain::TimePoint> activated_at;  // when it began to sign
  std::optional<domain::TimePoint> retired_at;    // when it stopped signing

  const std::string& Kid() const { return key->Kid(); }
};

// KeySet: every key of a store, in the store's order. A consistent set has exactly one active key,
// or no key at all (a store not initialised yet).
struct KeySet {
  std::vector<KeyEntry> keys;

  const KeyEntry* Active() const;
  const KeyEntry* Find(std::string_view kid) const;
  KeyEntry* Find(std::string_view kid);
};

// A fresh key of that algorithm (SigningKey::Generate; tests substitute their own).
using KeyGenerator = std::function<std::shared_ptr<const SigningKey>(SigningAlgorithm)>;
KeyGenerator DefaultKeyGenerator();

// RetiredKeyGrace returns how long a retired key stays published: the access-token lifetime (its
// last token was signed at most that long before it expires), plus the tolerated clock skew
// (verifiers accept a token that long past `exp`), plus the reload interval (an instance that has
// not reloaded yet may still sign with the key that long after the rotation).
std::chrono::seconds RetiredKeyGrace(std::chrono::seconds access_token_ttl,
                                     std::chrono::seconds clock_skew,
                                     std::chrono::milliseconds reload_interval);

// IsPublished returns whether `entry` is in the JWKS at `now`: the active and next keys always, a
// retired key until retired_at + grace.
bool IsPublished(const KeyEntry& entry, domain::TimePoint now, std::chrono::seconds grace);

// CheckConsistent throws KeyError unless `set` is empty or has exactly one active key, unique kids,
// and the timestamps its states need.
void CheckConsistent(const KeySet& set);

// Initialise: an empty set's first keys: an active key and a next key, both of `algorithm`.
void Initialise(KeySet& set, domain::TimePoint now, SigningAlgorithm algorithm,
                const KeyGenerator& generate);

struct Rotation {
  std::string retired_kid;               // the key that stopped signing
  std::string activated_kid;             // the key that signs from now on
  bool activated_was_published = false;  // false: no next key existed, a fresh one signs at once
  std::string next_kid;                  // the new next key (of the configured algorithm)
};

// Rotate: the next key (the oldest one, if several) becomes active now; the active key retires now;
// a new next key of `algorithm` is published. Without a next key (a store written before next keys
// existed) a fresh key becomes active at once. Retired keys past their grace are pruned first.
// Throws KeyError on an empty set.
Rotation Rotate(KeySet& set, domain::TimePoint now, std::chrono::seconds grace,
                SigningAlgorithm algorithm, const KeyGenerator& generate);

// Retire stops publishing `kid`:
// - a next key is dropped (it never signed) and a fresh next key of `algorithm` replaces it;
// - a retired key is dropped only with `immediately` (a compromised key: the tokens it signed
//   stop verifying at once); without it this explains when it leaves by itself;
// - the active key is refused: rotate first.
// Returns a one-line description of what happened. Throws KeyError for an unknown kid, the
// active key, or a retired key without `immediately`.
std::string Retire(KeySet& set, std::string_view kid, bool immediately, domain::TimePoint now,
                   std::chrono::seconds grace, SigningAlgorithm algorithm,
                   const KeyGenerator& generate);

// Prune removes the retired keys whose grace has ended; returns their kids.
std::vector<std::string> Prune(KeySet& set, domain::TimePoint now, std::chrono::seconds grace);

}  // namespace rampart::infrastructure

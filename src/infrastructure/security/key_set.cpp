#include "infrastructure/security/key_set.hpp"

#include <algorithm>
#include <set>
#include <utility>

namespace rampart::infrastructure {
namespace {

KeyEntry NewEntry(const KeyGenerator& generate, SigningAlgorithm algorithm, KeyState state,
                  domain::TimePoint now) {
  KeyEntry entry{.key = generate(algorithm), .state = state, .created_at = now};
  if (!entry.key) throw KeyError("key generation returned no key");
  if (state == KeyState::kActive) entry.activated_at = now;
  return entry;
}

}  // namespace

std::string_view ToString(KeyState state) {
  switch (state) {
    case KeyState::kNext:
      return "next";
    case KeyState::kActive:
      return "active";
    case KeyState::kRetired:
      return "retired";
  }
  return "retired";
}

std::optional<KeyState> ParseKeyState(std::string_view text) {
  if (text == "next") return KeyState::kNext;
  if (text == "active") return KeyState::kActive;
  if (text == "retired") return KeyState::kRetired;
  return std::nullopt;
}

const KeyEntry* KeySet::Active() const {
  const auto it = std::find_if(keys.begin(), keys.end(),
                               [](const KeyEntry& e) { return e.state == KeyState::kActive; });
  return it == keys.end() ? nullptr : &*it;
}

const KeyEntry* KeySet::Find(std::string_view kid) const {
  const auto it =
      std::find_if(keys.begin(), keys.end(), [&](const KeyEntry& e) { return e.Kid() == kid; });
  return it == keys.end() ? nullptr : &*it;
}

KeyEntry* KeySet::Find(std::string_view kid) {
  return const_cast<KeyEntry*>(std::as_const(*this).Find(kid));
}

KeyGenerator DefaultKeyGenerator() {
  return [](SigningAlgorithm algorithm) {
    return std::make_shared<const SigningKey>(SigningKey::Generate(algorithm));
  };
}

std::chrono::seconds RetiredKeyGrace(std::chrono::seconds access_token_ttl,
                                     std::chrono::seconds clock_skew,
                                     std::chrono::milliseconds reload_interval) {
  return access_token_ttl + clock_skew + std::chrono::ceil<std::chrono::seconds>(reload_interval);
}

bool IsPublished(const KeyEntry& entry, domain::TimePoint now, std::chrono::seconds grace) {
  if (entry.state != KeyState::kRetired) return true;
  return entry.retired_at && now < *entry.retired_at + grace;
}

void CheckConsistent(const KeySet& set) {
  if (set.keys.empty()) return;
  std::set<std::string_view> kids;
  int active = 0;
  for (const auto& entry : set.keys) {
    if (!entry.key) throw KeyError("key set: an entry has no key");
    if (!kids.insert(entry.Kid()).second) throw KeyError("key set: key " + entry.Kid() + " twice");
    if (entry.state == KeyState::kActive) ++active;
    if (entry.state == KeyState::kRetired && !entry.retired_at) {
      throw KeyError("key set: retired key " + entry.Kid() + " has no retirement time");
    }
  }
  if (active != 1) {
    throw KeyError("key set: " + std::to_string(active) + " active keys (exactly one must sign)");
  }
}

void Initialise(KeySet& set, domain::TimePoint now, SigningAlgorithm algorithm,
                const KeyGenerator& generate) {
  if (!set.keys.empty()) throw KeyError("key set: already initialised");
  set.keys.push_back(NewEntry(generate, algorithm, KeyState::kActive, now));
  set.keys.push_back(NewEntry(generate, algorithm, KeyState::kNext, now));
}

Rotation Rotate(KeySet& set, domain::TimePoint now, std::chrono::seconds grace,
                SigningAlgorithm algorithm, const KeyGenerator& generate) {
  Prune(set, now, grace);
  auto active = std::find_if(set.keys.begin(), set.keys.end(),
                             [](const KeyEntry& e) { return e.state == KeyState::kActive; });
  if (active == set.keys.end()) throw KeyError("no signing keys yet: nothing to rotate");

  // The oldest next key has been published longest: every cache of the JWKS knows it.
  auto next = set.keys.end();
  for (auto it = set.keys.begin(); it != set.keys.end(); ++it) {
    if (it->state == KeyState::kNext &&
        (next == set.keys.end() || it->created_at < next->created_at)) {
      next = it;
    }
  }
  Rotation rotation{.retired_kid = active->Kid()};
  active->state = KeyState::kRetired;
  active->retired_at = now;
  if (next != set.keys.end()) {
    next->state = KeyState::kActive;
    next->activated_at = now;
    rotation.activated_kid = next->Kid();
    rotation.activated_was_published = true;
  } else {
    set.keys.push_back(NewEntry(generate, algorithm, KeyState::kActive, now));
    rotation.activated_kid = set.keys.back().Kid();
  }
  set.keys.push_back(NewEntry(generate, algorithm, KeyState::kNext, now));
  rotation.next_kid = set.keys.back().Kid();
  return rotation;
}

std::string Retire(KeySet& set, std::string_view kid, bool immediately, domain::TimePoint now,
                   std::chrono::seconds grace, SigningAlgorithm algorithm,
                   const KeyGenerator& generate) {
  KeyEntry* entry = set.Find(kid);
  if (entry == nullptr) throw KeyError("no key " + std::string(kid) + " in the key store");
  switch (entry->state) {
    case KeyState::kActive:
      throw KeyError("key " + std::string(kid) +
                     " is the active signing key: rotate first (`rampart keys rotate`), then "
                     "retire it");
    case KeyState::kNext: {
      std::erase_if(set.keys, [&](const KeyEntry& e) { return e.Kid() == kid; });
      set.keys.push_back(NewEntry(generate, algorithm, KeyState::kNext, now));
      return "dropped next key " + std::string(kid) + " (it never signed); published next key " +
             set.keys.back().Kid() + " instead";
    }
    case KeyState::kRetired:
      break;
  }
  if (!immediately) {
    const auto until = *entry->retired_at + grace;
    throw KeyError("key " + std::string(kid) +
                   " is retired already and leaves the JWKS by itself " +
                   (now < until ? "at " + domain::FormatRfc3339(until) : "now") +
                   "; --now drops it at once (the tokens it signed stop verifying)");
  }
  std::erase_if(set.keys, [&](const KeyEntry& e) { return e.Kid() == kid; });
  return "dropped retired key " + std::string(kid) +
         " at once: the tokens it signed no longer verify";
}

std::vector<std::string> Prune(KeySet& set, domain::TimePoint now, std::chrono::seconds grace) {
  std::vector<std::string> pruned;
  std::erase_if(set.keys, [&](const KeyEntry& e) {
    if (IsPublished(e, now, grace)) return false;
    pruned.push_back(e.Kid());
    return true;
  });
  return pruned;
}

}  // namespace rampart::infrastructure

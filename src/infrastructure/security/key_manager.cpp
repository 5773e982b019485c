#include "infrastructure/security/key_manager.hpp"

#include <algorithm>

namespace rampart::infrastructure {
namespace {

bool RotationDue(const KeySet& set, domain::TimePoint now, std::chrono::seconds interval) {
  if (interval.count() <= 0) return false;
  const KeyEntry* active = set.Active();
  return active != nullptr && active->activated_at && *active->activated_at + interval <= now;
}

}  // namespace

KeyManager::KeyManager(KeyStore& store, KeyPolicy policy, const application::Clock& clock,
                       KeyGenerator generate)
    : store_(store), policy_(policy), clock_(clock), generate_(std::move(generate)) {}

std::shared_ptr<const KeyRing> KeyManager::Start() {
  KeySet set = store_.Load();
  if (set.keys.empty()) {
    if (!policy_.create_when_empty || !store_.Writable()) {
      throw KeyError(store_.Describe() +
                     " holds no signing keys; create them with `rampart keys rotate` (same "
                     "configuration as `serve`) before starting");
    }
    // Another instance starting at the same moment may create them first: then its keys stay.
    set = store_.Update([&](KeySet& keys) {
      if (!keys.keys.empty()) return false;
      Initialise(keys, clock_.Now(), policy_.algorithm, generate_);
      return true;
    });
  }
  return Publish(set);
}

std::shared_ptr<const KeyRing> KeyManager::Publish(const KeySet& set) {
  const auto now = clock_.Now();
  auto ring = std::make_shared<const KeyRing>(KeyRing::Published(set, now, policy_.grace));
  std::optional<domain::TimePoint> next_rotation;
  if (policy_.rotation_interval.count() > 0 && store_.Writable()) {
    const KeyEntry* active = set.Active();
    if (active != nullptr && active->activated_at) {
      next_rotation = *active->activated_at + policy_.rotation_interval;
    }
  }
  std::lock_guard lock(mutex_);
  current_ = ring;
  next_rotation_ = next_rotation;
  return ring;
}

KeyManager::Reload KeyManager::Refresh() {
  Reload result;
  KeySet set = store_.Load();
  if (set.keys.empty()) throw KeyError(store_.Describe() + " holds no signing keys any more");
  if (store_.Writable() && RotationDue(set, clock_.Now(), policy_.rotation_interval)) {
    set = store_.Update([&](KeySet& keys) {
      const auto now = clock_.Now();
      if (!RotationDue(keys, now, policy_.rotation_interval)) return false;  // another did it
      result.rotation = Rotate(keys, now, policy_.grace, policy_.algorithm, generate_);
      return true;
    });
  }
  std::shared_ptr<const KeyRing> previous;
  {
    std::lock_guard lock(mutex_);
    previous = current_;
  }
  result.ring = Publish(set);
  const auto kids = result.ring->Kids();
  if (!previous) {
    result.changed = true;
    return result;
  }
  const auto old_kids = previous->Kids();
  result.changed = kids != old_kids;
  for (const auto& kid : old_kids) {
    if (std::find(kids.begin(), kids.end(), kid) == kids.end()) result.removed.push_back(kid);
  }
  return result;
}

std::optional<domain::TimePoint> KeyManager::NextDeadline() const {
  std::lock_guard lock(mutex_);
  std::optional<domain::TimePoint> deadline = next_rotation_;
  if (current_ && current_->NextExpiry() && (!deadline || *current_->NextExpiry() < *deadline)) {
    deadline = current_->NextExpiry();
  }
  return deadline;
}

Rotation KeyManager::RotateNow() {
  Rotation rotation;
  store_.Update([&](KeySet& keys) {
    const auto now = clock_.Now();
    if (keys.keys.empty()) {
      // The first rotation of a new store creates its keys: the way production provisions them.
      Initialise(keys, now, policy_.algorithm, generate_);
      rotation = Rotation{.activated_kid = keys.keys[0].Kid(), .next_kid = keys.keys[1].Kid()};
      return true;
    }
    rotation = Rotate(keys, now, policy_.grace, policy_.algorithm, generate_);
    return true;
  });
  return rotation;
}

std::string KeyManager::RetireNow(const std::string& kid, bool immediately) {
  std::string outcome;
  store_.Update([&](KeySet& keys) {
    const auto now = clock_.Now();
    const auto pruned = Prune(keys, now, policy_.grace);
    if (std::find(pruned.begin(), pruned.end(), kid) != pruned.end()) {
      outcome = "key " + kid + " had left the JWKS already (its grace ended); removed it";
      return true;
    }
    outcome = Retire(keys, kid, immediately, now, policy_.grace, policy_.algorithm, generate_);
    return true;
  });
  return outcome;
}

KeySet KeyManager::List() const { return store_.Load(); }

}  // namespace rampart::infrastructure

#include "main/key_commands.hpp"

#include <boost/json.hpp>

#include <fmt/format.h>
#include <iostream>

#include "infrastructure/security/key_manager.hpp"
#include "infrastructure/security/system_clock.hpp"
#include "main/commands.hpp"
#include "main/config/value_parsers.hpp"
#include "main/signing_keys.hpp"

namespace rampart {
namespace {

using namespace infrastructure;

std::string TimeOrDash(const std::optional<domain::TimePoint>& time) {
  return time ? domain::FormatRfc3339(*time) : "-";
}

boost::json::value TimeOrNull(const std::optional<domain::TimePoint>& time) {
  if (!time) return nullptr;
  return boost::json::string(domain::FormatRfc3339(*time));
}

// When the key leaves the JWKS: never for active and next keys.
std::optional<domain::TimePoint> PublishedUntil(const KeyEntry& entry, std::chrono::seconds grace) {
  if (entry.state != KeyState::kRetired || !entry.retired_at) return std::nullopt;
  return *entry.retired_at + grace;
}

std::string HowInstancesFollow(const config::Settings& settings) {
  if (settings.reload_interval.count() == 0) {
    return "running instances pick it up on SIGHUP (reload.interval is off)";
  }
  return fmt::format("running instances pick it up within {} (reload.interval), at once on SIGHUP",
                     config::FormatDuration(settings.reload_interval));
}

// One manager on the configured store, with this process's clock.
struct Keys {
  Keys(const config::Settings& settings, SecretsRuntime& secrets)
      : store(MakeKeyStore(settings, &secrets)), manager(*store, KeyPolicyOf(settings), clock) {}
  SystemClock clock;
  std::unique_ptr<KeyStore> store;
  KeyManager manager;
};

}  // namespace

int KeysList(const config::Settings& settings, SecretsRuntime& secrets,
             const KeysListOptions& options) {
  PrepareCliOutput(settings);
  try {
    Keys keys(settings, secrets);
    const KeySet set = keys.manager.List();
    const auto grace = keys.manager.Policy().grace;
    const auto now = keys.clock.Now();
    if (options.json) {
      boost::json::array items;
      for (const auto& entry : set.keys) {
        const auto until = PublishedUntil(entry, grace);
        items.push_back(boost::json::object{{"kid", entry.Kid()},
                                            {"alg", ToString(entry.key->Algorithm())},
                                            {"state", ToString(entry.state)},
                                            {"published", IsPublished(entry, now, grace)},
                                            {"createdAt", domain::FormatRfc3339(entry.created_at)},
                                            {"activatedAt", TimeOrNull(entry.activated_at)},
                                            {"retiredAt", TimeOrNull(entry.retired_at)},
                                            {"publishedUntil", TimeOrNull(until)}});
      }
      std::cout << boost::json::serialize(boost::json::object{
                       {"store", keys.manager.DescribeStore()}, {"keys", std::move(items)}})
                << '\n';
      return 0;
    }
    std::cout << keys.manager.DescribeStore() << ": " << set.keys.size() << " key(s)";
    if (set.keys.empty()) std::cout << "; `rampart keys rotate` creates the first ones";
    std::cout << '\n';
    if (set.keys.empty()) return 0;
    std::cout << fmt::format("{:<44} {:<6} {:<8} {:<21} {:<21} {:<21} {}\n", "KID", "ALG", "STATE",
                             "CREATED", "ACTIVATED", "RETIRED", "IN JWKS UNTIL");
    for (const auto& entry : set.keys) {
      const auto until = PublishedUntil(entry, grace);
      const std::string published =
          !until ? "-" : (now < *until ? domain::FormatRfc3339(*until) : "expired");
      std::cout << fmt::format("{:<44} {:<6} {:<8} {:<21} {:<21} {:<21} {}\n", entry.Kid(),
                               ToString(entry.key->Algorithm()), ToString(entry.state),
                               domain::FormatRfc3339(entry.created_at),
                               TimeOrDash(entry.activated_at), TimeOrDash(entry.retired_at),
                               published);
    }
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "keys list: " << error.what() << '\n';
    return 1;
  }
}

int KeysRotate(const config::Settings& settings, SecretsRuntime& secrets) {
  PrepareCliOutput(settings);
  try {
    Keys keys(settings, secrets);
    const Rotation rotation = keys.manager.RotateNow();
    if (rotation.retired_kid.empty()) {
      std::cerr << "keys rotate: created the first keys in " << keys.manager.DescribeStore() << ": "
                << rotation.activated_kid << " signs, " << rotation.next_kid
                << " is published as the next key\n";
      return 0;
    }
    const auto until = keys.clock.Now() + keys.manager.Policy().grace;
    std::cerr << "keys rotate: " << rotation.activated_kid << " signs from now on";
    if (!rotation.activated_was_published) {
      std::cerr << " (no next key was published in advance: verifiers that cached the JWKS "
                   "learn it at their next fetch)";
    }
    std::cerr << "; " << rotation.retired_kid << " retired, in the JWKS until "
              << domain::FormatRfc3339(until) << "; next key " << rotation.next_kid
              << " published; " << HowInstancesFollow(settings) << '\n';
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "keys rotate: " << error.what() << '\n';
    return 1;
  }
}

int KeysRetire(const config::Settings& settings, SecretsRuntime& secrets,
               const KeysRetireOptions& options) {
  PrepareCliOutput(settings);
  try {
    Keys keys(settings, secrets);
    const std::string outcome = keys.manager.RetireNow(options.kid, options.now);
    std::cerr << "keys retire: " << outcome << "; " << HowInstancesFollow(settings) << '\n';
    return 0;
  } catch (const std::exception& error) {
    std::cerr << "keys retire: " << error.what() << '\n';
    return 1;
  }
}

}  // namespace rampart

#pragma once
// Key naming of every cached entity: `rampart:<env>:<entity>:<id>:v<schema>`. The schema number
// changes when an entity's cached encoding changes, so that old entries are simply never read.
#include <string>
#include <string_view>

namespace rampart::application {

class CacheKeys {
 public:
  static constexpr int kSchema = 1;

  explicit CacheKeys(std::string env) : base_("rampart:" + std::move(env) + ":") {}

  std::string User(std::string_view user_id) const { return Key("user", user_id); }
  std::string Session(std::string_view session_id) const { return Key("session", session_id); }
  // Permissions: the key of a user's or a service account's permissions (ids are UUIDs: they never
  // collide).
  std::string Permissions(std::string_view user_id) const { return Key("permissions", user_id); }
  std::string ServiceAccount(std::string_view id) const { return Key("service_account", id); }
  std::string ApiKey(std::string_view key_id) const { return Key("api_key", key_id); }
  // PermissionsPrefix: the prefix of every user's permissions (a role's grants changed).
  std::string PermissionsPrefix() const { return base_ + "permissions:"; }
  // UsersPrefix: the prefix of every user (a role was renamed or deleted: cached users carry their
  // role names).
  std::string UsersPrefix() const { return base_ + "user:"; }

 private:
  std::string Key(std::string_view entity, std::string_view id) const {
    std::string key;
    key.reserve(base_.size() + entity.size() + id.size() + 8);
    key.append(base_).append(entity).append(":").append(id).append(":v").append(
        std::to_string(kSchema));
    return key;
  }
  std::string base_;
};

}  // namespace rampart::application

#include "application/cache/cached_entities.hpp"

#include <charconv>

namespace rampart::application {
namespace {

// Fields are `<length>:<bytes>` one after the other.
class Writer {
 public:
  Writer& Text(std::string_view text) {
    out_.append(std::to_string(text.size())).append(":").append(text);
    return *this;
  }
  Writer& Number(long long number) { return Text(std::to_string(number)); }
  Writer& Time(domain::TimePoint time) { return Number(time.time_since_epoch().count()); }
  Writer& OptionalTime(const std::optional<domain::TimePoint>& time) {
    return time ? Time(*time) : Text("");
  }
  std::string Take() { return std::move(out_); }

 private:
  std::string out_;
};

class Reader {
 public:
  explicit Reader(std::string_view in) : in_(in) {}
  bool Ok() const { return ok_; }
  bool AtEnd() const { return in_.empty(); }

  std::string_view Text() {
    std::size_t length = 0;
    const auto colon = in_.find(':');
    if (!ok_ || colon == std::string_view::npos ||
        std::from_chars(in_.data(), in_.data() + colon, length).ptr != in_.data() + colon ||
        colon + 1 + length > in_.size()) {
      ok_ = false;
      return {};
    }
    const std::string_view text = in_.substr(colon + 1, length);
    in_.remove_prefix(colon + 1 + length);
    return text;
  }
  long long Number() {
    const std::string_view text = Text();
    long long number = 0;
    if (!ok_ ||
        std::from_chars(text.data(), text.data() + text.size(), number).ptr !=
            text.data() + text.size() ||
        text.empty()) {
      ok_ = false;
    }
    return number;
  }
  domain::TimePoint Time() { return domain::TimePoint(std::chrono::seconds(Number())); }
  std::optional<domain::TimePoint> OptionalTime() {
    const std::string_view peek = in_;
    if (Text().empty()) return std::nullopt;
    in_ = peek;
    return Time();
  }

 private:
  std::string_view in_;
  bool ok_ = true;
};

constexpr std::string_view kUserTag = "user1";
constexpr std::string_view kSessionTag = "session1";
constexpr std::string_view kNamesTag = "names1";
constexpr std::string_view kServiceAccountTag = "service_account1";
constexpr std::string_view kApiKeyTag = "api_key1";

}  // namespace

std::string EncodeUser(const domain::User& user) {
  Writer writer;
  writer.Text(kUserTag)
      .Text(user.id)
      .Text(user.email.value())
      .Text(user.display_name)
      .Number(user.email_verified)
      .Number(user.locked)
      .Number(user.token_version)
      .Time(user.created_at)
      .Time(user.updated_at)
      .Number(static_cast<long long>(user.roles.size()));
  for (const auto& role : user.roles) writer.Text(role);
  return writer.Take();
}

std::optional<domain::User> DecodeUser(std::string_view value) {
  Reader reader(value);
  if (reader.Text() != kUserTag) return std::nullopt;
  std::string id(reader.Text());
  domain::User user{.id = std::move(id), .email = domain::Email::FromStored(std::string(reader.Text()))};
  user.display_name = std::string(reader.Text());
  user.email_verified = reader.Number() != 0;
  user.locked = reader.Number() != 0;
  user.token_version = static_cast<int>(reader.Number());
  user.created_at = reader.Time();
  user.updated_at = reader.Time();
  const long long roles = reader.Number();
  for (long long i = 0; reader.Ok() && i < roles; ++i) user.roles.emplace_back(reader.Text());
  if (!reader.Ok() || !reader.AtEnd()) return std::nullopt;
  return user;
}

std::string EncodeSession(const domain::Session& session) {
  return Writer()
      .Text(kSessionTag)
      .Text(session.id)
      .Text(session.user_id)
      .Time(session.created_at)
      .Time(session.last_used_at)
      .Time(session.idle_expires_at)
      .Time(session.absolute_expires_at)
      .OptionalTime(session.revoked_at)
      .Text(session.revoked_reason)
      .Take();
}

std::optional<domain::Session> DecodeSession(std::string_view value) {
  Reader reader(value);
  if (reader.Text() != kSessionTag) return std::nullopt;
  domain::Session session;
  session.id = std::string(reader.Text());
  session.user_id = std::string(reader.Text());
  session.created_at = reader.Time();
  session.last_used_at = reader.Time();
  session.idle_expires_at = reader.Time();
  session.absolute_expires_at = reader.Time();
  session.revoked_at = reader.OptionalTime();
  session.revoked_reason = std::string(reader.Text());
  if (!reader.Ok() || !reader.AtEnd()) return std::nullopt;
  return session;
}

std::string EncodeServiceAccount(const domain::ServiceAccount& account) {
  return Writer()
      .Text(kServiceAccountTag)
      .Text(account.id)
      .Text(account.name)
      .Text(account.client_id)
      .Number(account.disabled)
      .Number(account.token_version)
      .Take();
}

std::optional<domain::ServiceAccount> DecodeServiceAccount(std::string_view value) {
  Reader reader(value);
  if (reader.Text() != kServiceAccountTag) return std::nullopt;
  domain::ServiceAccount account;
  account.id = std::string(reader.Text());
  account.name = std::string(reader.Text());
  account.client_id = std::string(reader.Text());
  account.disabled = reader.Number() != 0;
  account.token_version = static_cast<int>(reader.Number());
  if (!reader.Ok() || !reader.AtEnd()) return std::nullopt;
  return account;
}

std::string EncodeApiKey(const domain::ApiKey& key) {
  Writer writer;
  writer.Text(kApiKeyTag)
      .Text(key.id)
      .Text(key.public_id)
      .Text(key.name)
      .Number(key.owner_kind == domain::PrincipalKind::kServiceAccount)
      .Text(key.owner_id)
      .OptionalTime(key.expires_at)
      .Time(key.created_at)
      .OptionalTime(key.revoked_at)
      .Number(key.permissions ? static_cast<long long>(key.permissions->size()) : -1);
  if (key.permissions) {
    for (const auto& name : *key.permissions) writer.Text(name);
  }
  return writer.Take();
}

std::optional<domain::ApiKey> DecodeApiKey(std::string_view value) {
  Reader reader(value);
  if (reader.Text() != kApiKeyTag) return std::nullopt;
  domain::ApiKey key;
  key.id = std::string(reader.Text());
  key.public_id = std::string(reader.Text());
  key.name = std::string(reader.Text());
  key.owner_kind =
      reader.Number() != 0 ? domain::PrincipalKind::kServiceAccount : domain::PrincipalKind::kUser;
  key.owner_id = std::string(reader.Text());
  key.expires_at = reader.OptionalTime();
  key.created_at = reader.Time();
  key.revoked_at = reader.OptionalTime();
  const long long count = reader.Number();
  if (count >= 0) {
    key.permissions.emplace();
    for (long long i = 0; reader.Ok() && i < count; ++i)
      key.permissions->emplace_back(reader.Text());
  }
  if (!reader.Ok() || !reader.AtEnd()) return std::nullopt;
  return key;
}

std::string EncodeNames(const std::vector<std::string>& names) {
  Writer writer;
  writer.Text(kNamesTag).Number(static_cast<long long>(names.size()));
  for (const auto& name : names) writer.Text(name);
  return writer.Take();
}

std::optional<std::vector<std::string>> DecodeNames(std::string_view value) {
  Reader reader(value);
  if (reader.Text() != kNamesTag) return std::nullopt;
  const long long count = reader.Number();
  std::vector<std::string> names;
  for (long long i = 0; reader.Ok() && i < count; ++i) names.emplace_back(reader.Text());
  if (!reader.Ok() || !reader.AtEnd()) return std::nullopt;
  return names;
}

}  // namespace rampart::application

#include "integration/repository_contract.hpp"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <random>
#include <stdexcept>

#include "domain/audit_event.hpp"
#include "domain/permission.hpp"

namespace rampart::integration {

using domain::TimePoint;

TimePoint At(long long unix_seconds) { return TimePoint(std::chrono::seconds(unix_seconds)); }

// rampart:begin(iam)
domain::Email EmailOf(std::string_view raw) {
  auto email = domain::Email::Parse(raw);
  if (!email) throw std::invalid_argument("test email is invalid");
  return *email;
}

// rampart:end

std::vector<std::string> Sorted(std::vector<std::string> values) {
  std::sort(values.begin(), values.end());
  return values;
}

std::vector<std::string> Catalogue() {
  std::vector<std::string> names;
  for (const auto& permission : domain::PermissionCatalogue()) names.emplace_back(permission.name);
  return Sorted(names);
}

// rampart:begin(iam)
void ExpectSameUser(const domain::User& actual, const domain::User& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.email.value(), expected.email.value());
  EXPECT_EQ(actual.display_name, expected.display_name);
  EXPECT_EQ(actual.password_hash, expected.password_hash);
  EXPECT_EQ(actual.email_verified, expected.email_verified);
  EXPECT_EQ(actual.locked, expected.locked);
  EXPECT_EQ(actual.token_version, expected.token_version);
  EXPECT_EQ(actual.failed_logins, expected.failed_logins);
  EXPECT_EQ(actual.last_failed_login_at, expected.last_failed_login_at);
  EXPECT_EQ(actual.locked_until, expected.locked_until);
  EXPECT_EQ(actual.created_at, expected.created_at);
  EXPECT_EQ(actual.updated_at, expected.updated_at);
  EXPECT_EQ(Sorted(actual.roles), Sorted(expected.roles));
}

void ExpectSameSession(const domain::Session& actual, const domain::Session& expected) {
  EXPECT_EQ(actual.id, expected.id);
  EXPECT_EQ(actual.user_id, expected.user_id);
  EXPECT_EQ(actual.created_at, expected.created_at);
  EXPECT_EQ(actual.last_used_at, expected.last_used_at);
  EXPECT_EQ(actual.idle_expires_at, expected.idle_expires_at);
  EXPECT_EQ(actual.absolute_expires_at, expected.absolute_expires_at);
  EXPECT_EQ(actual.revoked_at, expected.revoked_at);
  EXPECT_EQ(actual.revoked_reason, expected.revoked_reason);
  EXPECT_EQ(actual.ip, expected.ip);
  EXPECT_EQ(actual.user_agent, expected.user_agent);
  EXPECT_EQ(actual.amr, expected.amr);
}
// rampart:end

domain::AuditEvent MakeEvent(std::string id, long long at, std::string action, std::string actor,
                             std::string target) {
  return {.id = std::move(id),
          .at = At(at),
          .action = std::move(action),
          .actor_id = std::move(actor),
          .target_type = "user",
          .target_id = std::move(target),
          .ip = "203.0.113.7",
          .user_agent = "contract-test/1.0",
          .correlation_id = "corr-1",
          .details_json = R"({"reason":"test"})"};
}

std::vector<std::string> IdsOf(const std::vector<domain::AuditEvent>& events) {
  std::vector<std::string> ids;
  for (const auto& event : events) ids.push_back(event.id);
  return ids;
}

void RepositoryContract::SetUp() {
  factory_ = GetParam().make_factory();
  ASSERT_NE(factory_, nullptr);
}

std::string RepositoryContract::NewId() {
  thread_local std::mt19937_64 random{std::random_device{}()};
  const unsigned long long high = random();
  const unsigned long long low = random();
  char text[37];
  std::snprintf(text, sizeof text, "%08llx-%04llx-4%03llx-%04llx-%012llx", high >> 32,
                (high >> 16) & 0xFFFF, high & 0x0FFF, ((low >> 48) & 0x3FFF) | 0x8000,
                low & 0xFFFFFFFFFFFFULL);
  return text;
}

// rampart:begin(iam)
domain::User RepositoryContract::MakeUser(std::string_view email) {
  return domain::User{.id = NewId(),
                      .email = EmailOf(email),
                      .display_name = "Ada Lovelace",
                      .password_hash = "$argon2id$v=19$m=19456,t=2,p=1$c2FsdHNhbHQ$aGFzaGhhc2g",
                      .email_verified = true,
                      .locked = false,
                      .token_version = 3,
                      .failed_logins = 2,
                      .last_failed_login_at = At(kT0 + 10),
                      .locked_until = At(kT0 + 70),
                      .roles = {},
                      .created_at = At(kT0),
                      .updated_at = At(kT0 + 5)};
}

domain::Session RepositoryContract::MakeSession(const std::string& user_id, TimePoint created_at) {
  return domain::Session{.id = NewId(),
                         .user_id = user_id,
                         .created_at = created_at,
                         .last_used_at = created_at,
                         .idle_expires_at = created_at + std::chrono::days(14),
                         .absolute_expires_at = created_at + std::chrono::days(90),
                         .revoked_at = std::nullopt,
                         .revoked_reason = "",
                         .ip = "198.51.100.4",
                         .user_agent = "Mozilla/5.0",
                         .amr = {"pwd", "otp"}};
}

domain::User RepositoryContract::AddUser(std::string_view email) {
  auto user = MakeUser(email);
  auto uow = Write();
  EXPECT_TRUE(uow->Users().Add(user).has_value());
  uow->Commit();
  return user;
}

domain::Role RepositoryContract::AddRole(std::string name, std::vector<std::string> permissions) {
  auto uow = Write();
  uow->Roles().SyncPermissions();
  auto role = uow->Roles().Upsert({.id = "",
                                   .name = std::move(name),
                                   .description = "A test role.",
                                   .permissions = std::move(permissions),
                                   .built_in = false});
  uow->Commit();
  return role;
}
// rampart:end

domain::Note RepositoryContract::NewNote(const std::string& owner_id, std::string title) {
  return {.id = NewId(),
          .owner_id = owner_id,
          .title = std::move(title),
          .body = "",
          .created_at = At(kT0),
          .updated_at = At(kT0)};
}

domain::Note RepositoryContract::AddNote(const std::string& owner_id, std::string title) {
  auto note = NewNote(owner_id, std::move(title));
  auto uow = Write();
  uow->Notes().Add(note);
  uow->Commit();
  return note;
}

// --- connectivity and transactions -----------------------------------------------------

TEST_P(RepositoryContract, PingSucceeds) { EXPECT_NO_THROW(factory_->Ping()); }

// The transactions are shown on the notes and the audit log, which every service has.
TEST_P(RepositoryContract, UnitOfWorkDestroyedWithoutCommitRollsBack) {
  const auto owner = NewId();
  const auto kept = AddNote(owner, "kept");
  const auto note = NewNote(owner, "discarded");
  {
    auto uow = Write();
    uow->Notes().Add(note);
    uow->Audit().Append(MakeEvent(NewId(), kT0, domain::audit::kNoteCreated, "", note.id));
    auto changed = kept;
    changed.title = "Changed";
    ASSERT_TRUE(uow->Notes().Update(changed));
    EXPECT_TRUE(uow->Notes().Find(owner, note.id).has_value());  // visible inside its transaction
  }
  auto uow = Read();
  EXPECT_FALSE(uow->Notes().Find(owner, note.id).has_value());
  EXPECT_TRUE(uow->Audit().List({}).empty());
  EXPECT_EQ(uow->Notes().Find(owner, kept.id)->title, kept.title);
  EXPECT_EQ(uow->Notes().Count(owner), 1);
}

TEST_P(RepositoryContract, CommittedChangesAreVisibleToOtherUnitsOfWork) {
  const auto note = NewNote(NewId(), "visible");
  auto writer = Write();
  writer->Notes().Add(note);
  writer->Commit();
  // The committed unit of work is still alive: the commit alone must publish the change.
  EXPECT_TRUE(Read()->Notes().Find(note.owner_id, note.id).has_value());
  auto next_writer = Write();
  EXPECT_TRUE(next_writer->Notes().Find(note.owner_id, note.id).has_value());
}

TEST_P(RepositoryContract, ReadUnitOfWorkSeesNothingUncommitted) {
  auto writer = Write();
  const auto note = NewNote(NewId(), "pending");
  writer->Notes().Add(note);
  // A reader runs alongside the open write transaction and does not see its changes.
  EXPECT_FALSE(Read()->Notes().Find(note.owner_id, note.id).has_value());
  writer->Commit();
  EXPECT_TRUE(Read()->Notes().Find(note.owner_id, note.id).has_value());
}

}  // namespace rampart::integration

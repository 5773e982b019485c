#pragma once
// The persistence contract every database adapter passes: a parameterised GoogleTest suite that
// drives the repository and unit-of-work ports only, so it runs unchanged against SQLite and
// PostgreSQL. An adapter's test instantiates it with a maker that returns a factory over a
// fresh, migrated, empty database:
//
//   INSTANTIATE_TEST_SUITE_P(Sqlite, RepositoryContract,
//                            ::testing::Values(ContractDatabase{"sqlite", &MakeFactory}),
//                            ContractDatabaseName);
#include <gtest/gtest.h>

#include <functional>
#include <map>
#include <memory>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

#include "application/ports/unit_of_work.hpp"
#include "domain/audit_event.hpp"
#include "domain/note.hpp"
// rampart:begin(iam)
#include "domain/role.hpp"
#include "domain/session.hpp"
#include "domain/user.hpp"
// rampart:end

namespace rampart::integration {

using UnitOfWorkFactoryMaker = std::function<std::unique_ptr<application::UnitOfWorkFactory>()>;

// One adapter under test. Called once per test, `make_factory` returns a factory over a fresh,
// migrated, empty database that it owns (and cleans up when destroyed).
struct ContractDatabase {
  std::string name;  // a C identifier: it ends every test name
  UnitOfWorkFactoryMaker make_factory;

  friend void PrintTo(const ContractDatabase& database, std::ostream* out) {
    *out << database.name;
  }
};

inline std::string ContractDatabaseName(const ::testing::TestParamInfo<ContractDatabase>& info) {
  return info.param.name;
}

// Shared by the contract's test files.
inline constexpr long long kT0 = 1767225600;  // 2026-01-01T00:00:00Z
domain::TimePoint At(long long unix_seconds);
std::vector<std::string> Sorted(std::vector<std::string> values);
// The names of domain::PermissionCatalogue(), sorted.
std::vector<std::string> Catalogue();
// rampart:begin(iam)
domain::Email EmailOf(std::string_view raw);
void ExpectSameUser(const domain::User& actual, const domain::User& expected);
void ExpectSameSession(const domain::Session& actual, const domain::Session& expected);
// rampart:end
domain::AuditEvent MakeEvent(std::string id, long long at, std::string action, std::string actor,
                             std::string target);
std::vector<std::string> IdsOf(const std::vector<domain::AuditEvent>& events);

class RepositoryContract : public ::testing::TestWithParam<ContractDatabase> {
 protected:
  void SetUp() override;

  std::unique_ptr<application::UnitOfWork> Write() {
    return factory_->Begin(application::TransactionMode::kWrite);
  }
  std::unique_ptr<application::UnitOfWork> Read() {
    return factory_->Begin(application::TransactionMode::kRead);
  }

  // A random version 4 UUID (the adapters may store ids in a UUID column).
  static std::string NewId();
  // A note of `owner_id` (empty body, written at kT0); AddNote adds and commits one.
  static domain::Note NewNote(const std::string& owner_id, std::string title);
  domain::Note AddNote(const std::string& owner_id, std::string title);
  // rampart:begin(iam)
  // A valid user (no roles) with every optional field set, unique by `email`.
  static domain::User MakeUser(std::string_view email);
  static domain::Session MakeSession(const std::string& user_id, domain::TimePoint created_at);
  // Adds and commits a user built by MakeUser.
  domain::User AddUser(std::string_view email);
  // Syncs the permission catalogue, then adds and commits a role granting `permissions`.
  domain::Role AddRole(std::string name, std::vector<std::string> permissions);
  // Five users (and the role `editor`, held by two) for the list tests; e-mail → id.
  std::map<std::string, std::string> AddListedUsers();
  application::UserListPage ListUsers(application::UserListQuery query);
  // rampart:end

  std::unique_ptr<application::UnitOfWorkFactory> factory_;
};

}  // namespace rampart::integration

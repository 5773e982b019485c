// Contract: users (RepositoryContract, see repository_contract.hpp).
#include "integration/repository_contract.hpp"

#include <atomic>
#include <thread>
#include <vector>

namespace rampart::integration {

TEST_P(RepositoryContract, AddedUserIsFoundByIdAndByEmail) {
  const auto user = AddUser("ada@example.com");
  auto uow = Read();
  const auto by_id = uow->Users().FindById(user.id);
  ASSERT_TRUE(by_id.has_value());
  ExpectSameUser(*by_id, user);
  const auto by_email = uow->Users().FindByEmail(user.email);
  ASSERT_TRUE(by_email.has_value());
  ExpectSameUser(*by_email, user);

  EXPECT_FALSE(uow->Users().FindById(NewId()).has_value());
  EXPECT_FALSE(uow->Users().FindByEmail(EmailOf("nobody@example.com")).has_value());
}

TEST_P(RepositoryContract, UserWithoutOptionalFieldsRoundTrips) {
  auto user = MakeUser("plain@example.com");
  user.last_failed_login_at.reset();
  user.locked_until.reset();
  user.email_verified = false;
  user.locked = true;
  user.failed_logins = 0;
  {
    auto uow = Write();
    ASSERT_TRUE(uow->Users().Add(user).has_value());
    uow->Commit();
  }
  const auto found = Read()->Users().FindById(user.id);
  ASSERT_TRUE(found.has_value());
  ExpectSameUser(*found, user);
}

TEST_P(RepositoryContract, FindByEmailIgnoresCase) {
  const auto user = AddUser("Grace.Hopper@Example.COM");
  const auto found = Read()->Users().FindByEmail(EmailOf("GRACE.HOPPER@example.com"));
  ASSERT_TRUE(found.has_value());
  EXPECT_EQ(found->id, user.id);
  EXPECT_EQ(found->email.value(), "grace.hopper@example.com");
}

TEST_P(RepositoryContract, DuplicateEmailIsAConflictAndTheUnitOfWorkStaysUsable) {
  const auto first = AddUser("taken@example.com");
  auto uow = Write();
  for (const char* raw : {"taken@example.com", "TAKEN@Example.com"}) {
    const auto added = uow->Users().Add(MakeUser(raw));
    ASSERT_FALSE(added.has_value()) << raw;
    EXPECT_EQ(added.error().code, domain::ErrorCode::kConflict);
    EXPECT_EQ(added.error().detail, "Email is already registered.");
  }
  // The seed relies on this: after the conflict it looks the owner up in the same transaction.
  const auto owner = uow->Users().FindByEmail(first.email);
  ASSERT_TRUE(owner.has_value());
  EXPECT_EQ(owner->id, first.id);
  ASSERT_TRUE(uow->Users().Add(MakeUser("other@example.com")).has_value());
  uow->Commit();
  EXPECT_EQ(Read()->Users().Count(), 2);
}

TEST_P(RepositoryContract, UpdateWritesEveryFieldButIdCreatedAtAndRoles) {
  AddRole("editor", {});
  auto user = AddUser("before@example.com");
  {
    auto uow = Write();
    uow->Users().SetRoles(user.id, {"editor"});
    uow->Commit();
  }
  auto changed = user;
  changed.email = EmailOf("after@example.com");
  changed.display_name = "Renamed";
  changed.password_hash = "$argon2id$v=19$m=19456,t=2,p=1$bmV3c2FsdA$bmV3aGFzaA";
  changed.email_verified = false;
  changed.locked = true;
  changed.token_version = 4;
  changed.failed_logins = 0;
  changed.last_failed_login_at.reset();
  changed.locked_until = At(kT0 + 900);
  changed.created_at = At(kT0 + 999);  // must be ignored
  changed.updated_at = At(kT0 + 1000);
  changed.roles = {};  // must be ignored
  {
    auto uow = Write();
    ASSERT_TRUE(uow->Users().Update(changed).has_value());
    uow->Commit();
  }
  auto uow = Read();
  const auto found = uow->Users().FindById(user.id);
  ASSERT_TRUE(found.has_value());
  auto expected = changed;
  expected.created_at = user.created_at;
  expected.roles = {"editor"};
  ExpectSameUser(*found, expected);
  EXPECT_FALSE(uow->Users().FindByEmail(EmailOf("before@example.com")).has_value());
  EXPECT_TRUE(uow->Users().FindByEmail(EmailOf("AFTER@example.com")).has_value());
}

TEST_P(RepositoryContract, UpdateToATakenEmailIsAConflict) {
  AddUser("first@example.com");
  auto second = AddUser("second@example.com");
  second.email = EmailOf("First@Example.com");
  auto uow = Write();
  const auto updated = uow->Users().Update(second);
  ASSERT_FALSE(updated.has_value());
  EXPECT_EQ(updated.error().code, domain::ErrorCode::kConflict);
  EXPECT_EQ(updated.error().detail, "Email is already registered.");
}

TEST_P(RepositoryContract, UpdateOfAnUnknownUserIsNotFound) {
  auto uow = Write();
  const auto updated = uow->Users().Update(MakeUser("ghost@example.com"));
  ASSERT_FALSE(updated.has_value());
  EXPECT_EQ(updated.error().code, domain::ErrorCode::kNotFound);
}

TEST_P(RepositoryContract, CountsUsersAndUsersWithARole) {
  AddRole("admin", Catalogue());
  AddRole("user", {});
  const auto a = AddUser("a@example.com");
  const auto b = AddUser("b@example.com");
  AddUser("c@example.com");
  {
    auto uow = Write();
    uow->Users().SetRoles(a.id, {"admin", "user"});
    uow->Users().SetRoles(b.id, {"user"});
    uow->Commit();
  }
  auto uow = Read();
  EXPECT_EQ(uow->Users().Count(), 3);
  EXPECT_EQ(uow->Users().CountWithRole("admin"), 1);
  EXPECT_EQ(uow->Users().CountWithRole("user"), 2);
  EXPECT_EQ(uow->Users().CountWithRole("nobody"), 0);
}

TEST_P(RepositoryContract, FindByIdForUpdateReadsLikeFindById) {
  AddRole("user", {});
  const auto user = AddUser("locked-read@example.com");
  {
    auto uow = Write();
    uow->Users().SetRoles(user.id, {"user"});
    uow->Commit();
  }
  auto uow = Write();
  const auto found = uow->Users().FindByIdForUpdate(user.id);
  ASSERT_TRUE(found.has_value());
  auto expected = user;
  expected.roles = {"user"};
  ExpectSameUser(*found, expected);
  EXPECT_FALSE(uow->Users().FindByIdForUpdate(NewId()).has_value());
  EXPECT_FALSE(uow->Users().FindByIdForUpdate("not-a-uuid").has_value());
}

// Failed-login counting reads the user and writes the count back in one write unit of work:
// concurrent ones must not lose increments (the brute-force lockout depends on it).
TEST_P(RepositoryContract, ConcurrentReadModifyWritesThroughFindByIdForUpdateLoseNothing) {
  const auto user = AddUser("counted@example.com");
  constexpr int kThreads = 4;
  constexpr int kEach = 10;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kEach; ++i) {
        try {
          auto uow = Write();
          auto current = uow->Users().FindByIdForUpdate(user.id);
          current->failed_logins += 1;
          if (!uow->Users().Update(*current)) ++failures;
          uow->Commit();
        } catch (...) {
          ++failures;
        }
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Read()->Users().FindById(user.id)->failed_logins,
            user.failed_logins + kThreads * kEach);
}

}  // namespace rampart::integration

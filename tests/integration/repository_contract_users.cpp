// Contract: users (RepositoryContract, see repository_contract.hpp).
#include "integration/repository_contract.hpp"

#include <algorithm>
#include <atomic>
#include <map>
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

// --- the admin list, soft delete, the last-administrator count --------------------------------

namespace {

std::vector<std::string> EmailsOf(const application::UserListPage& page) {
  std::vector<std::string> emails;
  for (const auto& user : page.items) emails.push_back(user.email.value());
  return emails;
}

}  // namespace

std::map<std::string, std::string> RepositoryContract::AddListedUsers() {
  AddRole("editor", {});
  const std::vector<std::pair<std::string, std::string>> people{
      {"carol@example.com", "zed Carol"},
      {"alan.turing@example.org", "Alan Turing"},
      {"b_100%@example.com", "Bea Percent"},
      {"dora@example.net", "dora Explorer"},
      {"eve@example.com", "Eve TURING"}};
  std::map<std::string, std::string> ids;
  long long at = kT0;
  for (const auto& [email, name] : people) {
    auto user = MakeUser(email);
    user.display_name = name;
    user.created_at = At(at += 60);
    auto uow = Write();
    EXPECT_TRUE(uow->Users().Add(user).has_value());
    if (email.starts_with("alan") || email.starts_with("eve")) {
      uow->Users().SetRoles(user.id, {"editor"});
    }
    uow->Commit();
    ids[email] = user.id;
  }
  return ids;
}

application::UserListPage RepositoryContract::ListUsers(application::UserListQuery query) {
  return Read()->Users().List(query);
}

TEST_P(RepositoryContract, DefaultOrderIsNewestFirstWithRolesAndTheExactTotal) {
  auto ids = AddListedUsers();
  const auto page = ListUsers({});
  EXPECT_EQ(EmailsOf(page),
            (std::vector<std::string>{"eve@example.com", "dora@example.net", "b_100%@example.com",
                                      "alan.turing@example.org", "carol@example.com"}));
  EXPECT_EQ(page.total, 5);
  EXPECT_EQ(page.items[0].roles, std::vector<std::string>{"editor"});
  EXPECT_TRUE(page.items[1].roles.empty());
  EXPECT_EQ(page.items[0].id, ids["eve@example.com"]);
  EXPECT_EQ(page.items[0].created_at, At(kT0 + 300));
}

TEST_P(RepositoryContract, SortsByEmailAndByDisplayNameIgnoringCaseBothWays) {
  AddListedUsers();
  using Sort = application::UserListQuery::SortField;
  EXPECT_EQ(EmailsOf(ListUsers({.sort = Sort::kEmail, .descending = false})),
            (std::vector<std::string>{"alan.turing@example.org", "b_100%@example.com",
                                      "carol@example.com", "dora@example.net", "eve@example.com"}));
  EXPECT_EQ(EmailsOf(ListUsers({.sort = Sort::kDisplayName, .descending = false})),
            (std::vector<std::string>{"alan.turing@example.org", "b_100%@example.com",
                                      "dora@example.net", "eve@example.com", "carol@example.com"}));
  EXPECT_EQ(EmailsOf(ListUsers({.sort = Sort::kDisplayName, .descending = true})),
            (std::vector<std::string>{"carol@example.com", "eve@example.com", "dora@example.net",
                                      "b_100%@example.com", "alan.turing@example.org"}));
  EXPECT_EQ(EmailsOf(ListUsers({.sort = Sort::kCreatedAt, .descending = false})).front(),
            "carol@example.com");
}

TEST_P(RepositoryContract, SearchIsACaseInsensitiveSubstringOfEmailOrDisplayName) {
  AddListedUsers();
  auto turing = ListUsers({.search = "TuRiNg"});  // alan's address and name, eve's name
  EXPECT_EQ(EmailsOf(turing),
            (std::vector<std::string>{"eve@example.com", "alan.turing@example.org"}));
  EXPECT_EQ(turing.total, 2);
  EXPECT_EQ(EmailsOf(ListUsers({.search = "example.net"})),
            std::vector<std::string>{"dora@example.net"});
  EXPECT_EQ(EmailsOf(ListUsers({.search = "explorer"})),
            std::vector<std::string>{"dora@example.net"});
  EXPECT_TRUE(ListUsers({.search = "nobody-matches"}).items.empty());
  EXPECT_EQ(ListUsers({.search = "nobody-matches"}).total, 0);
}

// A term with one '@' and no space is served from address indexes on PostgreSQL (migration
// 0005): the matches must be those of the plain substring rule, on either side of the '@',
// in either part of the address, or in a display name, and never across the two.
TEST_P(RepositoryContract, AnAddressShapedSearchIsStillASubstringOfEmailOrDisplayName) {
  long long at = kT0;
  for (const auto& [email, name] : std::vector<std::pair<std::string, std::string>>{
           {"Ada.Lovelace@Example.com", "Ada L"},
           {"xada.lovelace@example.com.au", "X"},
           {"lovelace@example.org", "Countess"},
           {"someone@else.net", "ada.lovelace@example.com fan"},
           {"plain@other.io", "Plain"}}) {
    auto user = MakeUser(email);
    user.display_name = name;
    user.created_at = At(at += 60);
    auto uow = Write();
    EXPECT_TRUE(uow->Users().Add(user).has_value());
    uow->Commit();
  }
  const auto matches = [&](std::string term) {
    auto page = ListUsers({.search = std::move(term)});
    auto emails = EmailsOf(page);
    std::sort(emails.begin(), emails.end());
    EXPECT_EQ(page.total, static_cast<long long>(emails.size()));
    return emails;
  };
  using Emails = std::vector<std::string>;
  EXPECT_EQ(
      matches("ADA.LOVELACE@EXAMPLE.COM"),
      (Emails{"ada.lovelace@example.com", "someone@else.net", "xada.lovelace@example.com.au"}));
  EXPECT_EQ(matches("lovelace@"), (Emails{"ada.lovelace@example.com", "lovelace@example.org",
                                          "someone@else.net", "xada.lovelace@example.com.au"}));
  EXPECT_EQ(matches("@example.org"), Emails{"lovelace@example.org"});
  EXPECT_EQ(matches("e@e"), (Emails{"ada.lovelace@example.com", "lovelace@example.org",
                                    "someone@else.net", "xada.lovelace@example.com.au"}));
  EXPECT_EQ(matches("@"),
            (Emails{"ada.lovelace@example.com", "lovelace@example.org", "plain@other.io",
                    "someone@else.net", "xada.lovelace@example.com.au"}));
  EXPECT_EQ(matches("x.io@"), Emails{});
  EXPECT_EQ(matches("a@b@c"), Emails{});
  // Never across the address and the name: "...@example.com" + "Ada L" holds no "com ada".
  EXPECT_EQ(matches("ce@example.com "), Emails{"someone@else.net"});
  EXPECT_EQ(matches("com ada"), Emails{});
  EXPECT_EQ(matches("COM FAN"), Emails{"someone@else.net"});
  const auto page = ListUsers({.search = "lovelace@", .limit = 2, .offset = 2});
  EXPECT_EQ(page.items.size(), 2U);
  EXPECT_EQ(page.total, 4);
}

TEST_P(RepositoryContract, SearchWildcardsMatchLiterally) {
  AddListedUsers();
  EXPECT_EQ(EmailsOf(ListUsers({.search = "%"})), std::vector<std::string>{"b_100%@example.com"});
  EXPECT_EQ(EmailsOf(ListUsers({.search = "b_1"})), std::vector<std::string>{"b_100%@example.com"});
  EXPECT_TRUE(ListUsers({.search = "a_a"}).items.empty());  // `_` is not "any character"
  EXPECT_TRUE(ListUsers({.search = "\\"}).items.empty());
}

TEST_P(RepositoryContract, FiltersByRoleAloneAndWithSearch) {
  AddListedUsers();
  auto editors = ListUsers({.role = "editor"});
  EXPECT_EQ(EmailsOf(editors),
            (std::vector<std::string>{"eve@example.com", "alan.turing@example.org"}));
  EXPECT_EQ(editors.total, 2);
  EXPECT_EQ(EmailsOf(ListUsers({.search = "eve", .role = "editor"})),
            std::vector<std::string>{"eve@example.com"});
  EXPECT_TRUE(ListUsers({.search = "dora", .role = "editor"}).items.empty());
  // An address-shaped term with a role (its own statement on PostgreSQL).
  EXPECT_EQ(EmailsOf(ListUsers({.search = "@example.org", .role = "editor"})),
            std::vector<std::string>{"alan.turing@example.org"});
  EXPECT_TRUE(ListUsers({.search = "dora@", .role = "editor"}).items.empty());
  EXPECT_EQ(ListUsers({.search = "e@example.", .role = "editor", .limit = 1}).total, 1);
  EXPECT_TRUE(ListUsers({.role = "no-such-role"}).items.empty());
  EXPECT_EQ(ListUsers({.role = "no-such-role"}).total, 0);
}

TEST_P(RepositoryContract, PagesCarryTheTotalOfEveryMatchIncludingPastTheEnd) {
  AddListedUsers();
  auto first = ListUsers({.limit = 2, .offset = 0});
  EXPECT_EQ(EmailsOf(first), (std::vector<std::string>{"eve@example.com", "dora@example.net"}));
  EXPECT_EQ(first.total, 5);
  auto last = ListUsers({.limit = 2, .offset = 4});
  EXPECT_EQ(EmailsOf(last), std::vector<std::string>{"carol@example.com"});
  EXPECT_EQ(last.total, 5);
  auto past = ListUsers({.limit = 2, .offset = 10});
  EXPECT_TRUE(past.items.empty());
  EXPECT_EQ(past.total, 5);
  auto searched_past = ListUsers({.search = "example", .limit = 2, .offset = 10});
  EXPECT_TRUE(searched_past.items.empty());
  EXPECT_EQ(searched_past.total, 5);
  auto searched_full = ListUsers({.search = "example.com", .limit = 2, .offset = 0});
  EXPECT_EQ(searched_full.items.size(), 2u);
  EXPECT_EQ(searched_full.total, 3);
}

TEST_P(RepositoryContract, SoftDeletedUsersDisappearAndFreeTheirEmail) {
  auto ids = AddListedUsers();
  const auto dora = ids["dora@example.net"];
  {
    auto uow = Write();
    EXPECT_TRUE(uow->Users().SoftDelete(dora, At(kT0 + 1000)));
    EXPECT_FALSE(uow->Users().SoftDelete(dora, At(kT0 + 1001))) << "already deleted";
    EXPECT_FALSE(uow->Users().SoftDelete(NewId(), At(kT0 + 1001)));
    EXPECT_FALSE(uow->Users().SoftDelete("not-a-uuid", At(kT0 + 1001)));
    uow->Commit();
  }
  auto uow = Read();
  EXPECT_FALSE(uow->Users().FindById(dora).has_value());
  EXPECT_FALSE(uow->Users().FindByEmail(EmailOf("dora@example.net")).has_value());
  EXPECT_EQ(uow->Users().Count(), 4);
  EXPECT_EQ(ListUsers({}).total, 4);
  EXPECT_TRUE(ListUsers({.search = "dora"}).items.empty());
  uow.reset();
  const auto again = AddUser("dora@example.net");  // the address is free again
  EXPECT_EQ(Read()->Users().FindByEmail(EmailOf("dora@example.net"))->id, again.id);
}

TEST_P(RepositoryContract, ListedRoleNamesRoundTripWhateverTheirCharacters) {
  const std::string odd = "a, \"quoted\" {role} \\ x";
  AddRole(odd, {});
  AddRole("NULL", {});
  const auto user = AddUser("odd@example.com");
  {
    auto uow = Write();
    uow->Users().SetRoles(user.id, {odd, "NULL"});
    uow->Commit();
  }
  for (const auto& query :
       {application::UserListQuery{}, application::UserListQuery{.search = "odd@"}}) {
    const auto page = ListUsers(query);
    ASSERT_EQ(page.items.size(), 1u);
    EXPECT_EQ(page.items[0].roles, Sorted({odd, "NULL"}));
  }
}

// PostgreSQL answers the unfiltered total from a trigger-maintained count: it must follow every
// way the number of live users changes, and none of the ways it does not.
TEST_P(RepositoryContract, UnfilteredTotalFollowsAddsDeletesRollbacksAndConflicts) {
  auto total = [&] { return ListUsers({.limit = 1}).total; };
  EXPECT_EQ(total(), 0);
  const auto first = AddUser("t1@example.com");
  AddUser("t2@example.com");
  EXPECT_EQ(total(), 2);
  {
    auto uow = Write();
    ASSERT_TRUE(uow->Users().Add(MakeUser("rolled-back@example.com")).has_value());
    EXPECT_FALSE(uow->Users().Add(MakeUser("t1@example.com")).has_value());
  }  // rolled back
  EXPECT_EQ(total(), 2);
  {
    auto uow = Write();
    auto renamed = first;
    renamed.display_name = "Renamed";
    ASSERT_TRUE(uow->Users().Update(renamed).has_value());
    EXPECT_TRUE(uow->Users().SoftDelete(first.id, At(kT0 + 9)));
    EXPECT_EQ(uow->Users().List({.limit = 1}).total, 1) << "its own change, before commit";
    uow->Commit();
  }
  EXPECT_EQ(total(), 1);
  AddUser("t1@example.com");  // the freed address again
  EXPECT_EQ(total(), 2);
  EXPECT_EQ(Read()->Users().Count(), 2);
}

TEST_P(RepositoryContract, CountActiveWithRoleSkipsLockedAndDeletedUsers) {
  AddRole("keeper", {});
  std::vector<domain::User> keepers;
  for (const char* email : {"k1@example.com", "k2@example.com", "k3@example.com"}) {
    keepers.push_back(AddUser(email));
  }
  AddUser("other@example.com");
  {
    auto uow = Write();
    for (const auto& user : keepers) uow->Users().SetRoles(user.id, {"keeper"});
    auto locked = keepers[0];
    locked.locked = true;
    ASSERT_TRUE(uow->Users().Update(locked).has_value());
    EXPECT_TRUE(uow->Users().SoftDelete(keepers[1].id, At(kT0 + 5)));
    EXPECT_EQ(uow->Users().CountActiveWithRoleForUpdate("keeper"), 1);
    uow->Commit();
  }
  auto uow = Write();
  EXPECT_EQ(uow->Users().CountActiveWithRoleForUpdate("keeper"), 1);
  EXPECT_EQ(uow->Users().CountActiveWithRoleForUpdate("nobody-has-this"), 0);
  EXPECT_EQ(uow->Users().CountWithRole("keeper"), 2) << "locked users still hold the role";
}

// The last-administrator guard: each thread locks its own keeper only while another active one
// remains. Without serialisation two guards could both see "two left" and lock both.
TEST_P(RepositoryContract, ConcurrentLastHolderGuardsLeaveExactlyOneActiveHolder) {
  AddRole("keeper", {});
  constexpr int kKeepers = 4;
  std::vector<domain::User> keepers;
  for (int i = 0; i < kKeepers; ++i) keepers.push_back(AddUser("g" + std::to_string(i) + "@x.io"));
  {
    auto uow = Write();
    for (const auto& user : keepers) uow->Users().SetRoles(user.id, {"keeper"});
    uow->Commit();
  }
  std::atomic<int> failures{0};
  std::vector<std::thread> threads;
  for (const auto& keeper : keepers) {
    threads.emplace_back([&, keeper] {
      try {
        auto uow = Write();
        if (uow->Users().CountActiveWithRoleForUpdate("keeper") > 1) {
          auto locked = *uow->Users().FindById(keeper.id);
          locked.locked = true;
          if (!uow->Users().Update(locked)) ++failures;
        }
        uow->Commit();
      } catch (...) {
        ++failures;
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(Write()->Users().CountActiveWithRoleForUpdate("keeper"), 1);
}

}  // namespace rampart::integration

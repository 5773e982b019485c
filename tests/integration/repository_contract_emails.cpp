// The stored e-mail addresses an earlier version may have left out of today's normal form
// (docs/users.md, "E-mail addresses"): found by UserRepository::ListNonAsciiEmails, byte for byte.
#include "integration/repository_contract.hpp"

namespace rampart::integration {

TEST_P(RepositoryContract, ListsTheLiveUsersWhoseStoredAddressIsNotAscii) {
  const std::string nfd = "jose\xCC\x81@ex\xC3\xA4mple.com";  // e + U+0301, a U-label domain
  const std::string nfc = "caf\xC3\xA9@example.com";
  AddUser("plain@example.com");
  std::vector<domain::User> stored;
  for (const auto& [email, at] : {std::pair{nfd, kT0 + 1}, std::pair{nfc, kT0 + 2},
                                  std::pair{std::string("g\xC3\xB6ne@example.com"), kT0 + 3}}) {
    auto user = MakeUser("placeholder@example.com");
    user.email = domain::Email::FromStored(email);
    user.created_at = At(at);
    auto uow = Write();
    ASSERT_TRUE(uow->Users().Add(user));
    uow->Commit();
    stored.push_back(user);
  }
  {
    auto uow = Write();
    ASSERT_TRUE(uow->Users().SoftDelete(stored[2].id, At(kT0 + 100)));
    uow->Commit();
  }
  const auto found = Read()->Users().ListNonAsciiEmails();
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].user_id, stored[0].id);
  EXPECT_EQ(found[0].email, nfd) << "stored byte for byte, not normalised by the database";
  EXPECT_EQ(found[1].user_id, stored[1].id);
  EXPECT_EQ(found[1].email, nfc);
}

}  // namespace rampart::integration

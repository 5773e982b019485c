// Contract: the audit log.
#include "integration/repository_contract.hpp"

namespace rampart::integration {

TEST_P(RepositoryContract, AuditEventsRoundTripNewestFirst) {
  const auto old_event = MakeEvent(NewId(), kT0, domain::audit::kLoginFailed, "", "u1");
  auto new_event = MakeEvent(NewId(), kT0 + 20, domain::audit::kLoginSucceeded, "u1", "u1");
  new_event.details_json = R"({"method":"password","nested":{"n":1}})";
  const auto mid_event = MakeEvent(NewId(), kT0 + 10, domain::audit::kLogout, "u1", "s1");
  {
    auto uow = Write();
    for (const auto& event : {old_event, new_event, mid_event}) uow->Audit().Append(event);
    uow->Commit();
  }
  const auto events = Read()->Audit().List({});
  ASSERT_EQ(events.size(), 3U);
  EXPECT_EQ(IdsOf(events), (std::vector<std::string>{new_event.id, mid_event.id, old_event.id}));
  const auto& first = events[0];
  EXPECT_EQ(first.at, new_event.at);
  EXPECT_EQ(first.action, new_event.action);
  EXPECT_EQ(first.actor_id, "u1");
  EXPECT_EQ(first.target_type, "user");
  EXPECT_EQ(first.target_id, "u1");
  EXPECT_EQ(first.ip, "203.0.113.7");
  EXPECT_EQ(first.user_agent, "contract-test/1.0");
  EXPECT_EQ(first.correlation_id, "corr-1");
  EXPECT_EQ(first.details_json, new_event.details_json);
  EXPECT_EQ(events[2].actor_id, "");  // anonymous stays empty
}

TEST_P(RepositoryContract, AuditListFiltersByActorActionAndTarget) {
  const auto e1 = MakeEvent(NewId(), kT0 + 1, domain::audit::kLoginSucceeded, "alice", "alice");
  const auto e2 = MakeEvent(NewId(), kT0 + 2, domain::audit::kUserUpdated, "admin", "alice");
  const auto e3 = MakeEvent(NewId(), kT0 + 3, domain::audit::kUserUpdated, "admin", "bob");
  const auto e4 = MakeEvent(NewId(), kT0 + 4, domain::audit::kLoginSucceeded, "bob", "bob");
  {
    auto uow = Write();
    for (const auto& event : {e1, e2, e3, e4}) uow->Audit().Append(event);
    uow->Commit();
  }
  auto uow = Read();
  auto list = [&](std::string actor, std::string action, std::string target) {
    return IdsOf(uow->Audit().List({.actor_id = std::move(actor),
                                    .action = std::move(action),
                                    .target_id = std::move(target)}));
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(list("admin", "", ""), (Ids{e3.id, e2.id}));
  EXPECT_EQ(list("", domain::audit::kLoginSucceeded, ""), (Ids{e4.id, e1.id}));
  EXPECT_EQ(list("", "", "alice"), (Ids{e2.id, e1.id}));
  EXPECT_EQ(list("admin", domain::audit::kUserUpdated, "bob"), (Ids{e3.id}));
  EXPECT_EQ(list("", domain::audit::kUserUpdated, "alice"), (Ids{e2.id}));
  EXPECT_EQ(list("alice", "", "bob"), Ids{});
  EXPECT_EQ(list("nobody", "", ""), Ids{});
}

TEST_P(RepositoryContract, AuditListPages) {
  std::vector<std::string> newest_first;
  {
    auto uow = Write();
    for (int i = 0; i < 7; ++i) {
      auto event = MakeEvent(NewId(), kT0 + i, domain::audit::kUserUpdated, "admin", "x");
      newest_first.insert(newest_first.begin(), event.id);
      uow->Audit().Append(event);
    }
    uow->Commit();
  }
  auto uow = Read();
  auto page = [&](int limit, int offset) {
    return IdsOf(uow->Audit().List({.limit = limit, .offset = offset}));
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(page(3, 0), (Ids{newest_first.begin(), newest_first.begin() + 3}));
  EXPECT_EQ(page(3, 3), (Ids{newest_first.begin() + 3, newest_first.begin() + 6}));
  EXPECT_EQ(page(3, 6), (Ids{newest_first.begin() + 6, newest_first.end()}));
  EXPECT_EQ(page(3, 9), Ids{});
  EXPECT_EQ(page(50, 0), newest_first);
  EXPECT_EQ(IdsOf(uow->Audit().List({.actor_id = "admin", .limit = 2, .offset = 1})),
            (Ids{newest_first[1], newest_first[2]}));
}

}  // namespace rampart::integration

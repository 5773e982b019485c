// Contract: the audit log.
#include "integration/repository_contract.hpp"

namespace rampart::integration {

TEST_P(RepositoryContract, AuditEventsRoundTripNewestFirst) {
  const auto old_event = MakeEvent(NewId(), kT0, domain::audit::kNoteCreated, "", "u1");
  auto new_event = MakeEvent(NewId(), kT0 + 20, domain::audit::kNoteUpdated, "u1", "u1");
  new_event.details_json = R"({"method":"password","nested":{"n":1}})";
  const auto mid_event = MakeEvent(NewId(), kT0 + 10, domain::audit::kNoteDeleted, "u1", "s1");
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
  const auto e1 = MakeEvent(NewId(), kT0 + 1, domain::audit::kNoteUpdated, "alice", "alice");
  const auto e2 = MakeEvent(NewId(), kT0 + 2, domain::audit::kFeatureChanged, "admin", "alice");
  const auto e3 = MakeEvent(NewId(), kT0 + 3, domain::audit::kFeatureChanged, "admin", "bob");
  const auto e4 = MakeEvent(NewId(), kT0 + 4, domain::audit::kNoteUpdated, "bob", "bob");
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
  EXPECT_EQ(list("", domain::audit::kNoteUpdated, ""), (Ids{e4.id, e1.id}));
  EXPECT_EQ(list("", "", "alice"), (Ids{e2.id, e1.id}));
  EXPECT_EQ(list("admin", domain::audit::kFeatureChanged, "bob"), (Ids{e3.id}));
  EXPECT_EQ(list("", domain::audit::kFeatureChanged, "alice"), (Ids{e2.id}));
  EXPECT_EQ(list("alice", "", "bob"), Ids{});
  EXPECT_EQ(list("nobody", "", ""), Ids{});
}

TEST_P(RepositoryContract, AuditListPages) {
  std::vector<std::string> newest_first;
  {
    auto uow = Write();
    for (int i = 0; i < 7; ++i) {
      auto event = MakeEvent(NewId(), kT0 + i, domain::audit::kFeatureChanged, "admin", "x");
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

TEST_P(RepositoryContract, AuditListFiltersByInclusiveTimeRange) {
  std::vector<domain::AuditEvent> events;
  {
    auto uow = Write();
    for (int i = 0; i < 5; ++i) {
      events.push_back(MakeEvent(NewId(), kT0 + 10LL * i, domain::audit::kNoteCreated, "", "u1"));
      uow->Audit().Append(events.back());
    }
    uow->Commit();
  }
  auto uow = Read();
  using Ids = std::vector<std::string>;
  EXPECT_EQ(IdsOf(uow->Audit().List({.from = At(kT0 + 10), .to = At(kT0 + 30)})),
            (Ids{events[3].id, events[2].id, events[1].id}));
  EXPECT_EQ(IdsOf(uow->Audit().List({.from = At(kT0 + 35)})), (Ids{events[4].id}));
  EXPECT_EQ(IdsOf(uow->Audit().List({.to = At(kT0)})), (Ids{events[0].id}));
  EXPECT_EQ(IdsOf(uow->Audit().List({.from = At(kT0 + 20), .to = At(kT0 + 20)})),
            (Ids{events[2].id}));
  EXPECT_EQ(IdsOf(uow->Audit().List({.from = At(kT0 + 41)})), Ids{});
  EXPECT_EQ(IdsOf(uow->Audit().List({.actor_id = "nobody", .from = At(kT0)})), Ids{});
}

TEST_P(RepositoryContract, AuditCountMatchesTheFiltersAndIgnoresPaging) {
  {
    auto uow = Write();
    for (int i = 0; i < 6; ++i) {
      uow->Audit().Append(MakeEvent(
          NewId(), kT0 + i, i % 2 ? domain::audit::kNoteDeleted : domain::audit::kNoteUpdated,
          "alice", i < 3 ? "s1" : "s2"));
    }
    uow->Commit();
  }
  auto uow = Read();
  EXPECT_EQ(uow->Audit().Count({}), 6);
  EXPECT_EQ(uow->Audit().Count({.limit = 1, .offset = 4}), 6);
  EXPECT_EQ(uow->Audit().Count({.action = domain::audit::kNoteDeleted}), 3);
  EXPECT_EQ(uow->Audit().Count({.actor_id = "alice", .target_id = "s2"}), 3);
  EXPECT_EQ(uow->Audit().Count({.from = At(kT0 + 2), .to = At(kT0 + 3)}), 2);
  EXPECT_EQ(uow->Audit().Count({.actor_id = "bob"}), 0);
}

TEST_P(RepositoryContract, AuditCountAndListAgreeOnEveryFilterCombination) {
  // Two actors x two actions x two targets x four seconds; every one of the 32 combinations of
  // the five filters must count exactly what it lists.
  {
    auto uow = Write();
    for (int i = 0; i < 32; ++i) {
      uow->Audit().Append(MakeEvent(
          NewId(), kT0 + i % 4, i % 2 ? domain::audit::kNoteDeleted : domain::audit::kNoteCreated,
          i % 3 ? "alice" : "bob", i % 5 ? "t1" : "t2"));
    }
    uow->Commit();
  }
  auto uow = Read();
  const auto all = uow->Audit().List({.limit = 100});
  ASSERT_EQ(all.size(), 32U);
  for (int mask = 0; mask < 32; ++mask) {
    application::AuditLog::Query filter{.limit = 100};
    if (mask & 1) filter.actor_id = "alice";
    if (mask & 2) filter.action = domain::audit::kNoteDeleted;
    if (mask & 4) filter.target_id = "t1";
    if (mask & 8) filter.from = At(kT0 + 1);
    if (mask & 16) filter.to = At(kT0 + 2);
    std::vector<std::string> expected;
    for (const auto& event : all) {
      if ((mask & 1) && event.actor_id != filter.actor_id) continue;
      if ((mask & 2) && event.action != filter.action) continue;
      if ((mask & 4) && event.target_id != filter.target_id) continue;
      if ((mask & 8) && event.at < *filter.from) continue;
      if ((mask & 16) && event.at > *filter.to) continue;
      expected.push_back(event.id);
    }
    EXPECT_EQ(IdsOf(uow->Audit().List(filter)), expected) << "mask " << mask;
    EXPECT_EQ(uow->Audit().Count(filter), static_cast<long long>(expected.size()))
        << "mask " << mask;
  }
}

TEST_P(RepositoryContract, AuditEventsOfTheSameSecondListLatestAppendedFirst) {
  std::vector<std::string> appended;
  {
    auto uow = Write();
    for (int i = 0; i < 4; ++i) {
      auto event = MakeEvent(NewId(), kT0, domain::audit::kNoteCreated, "", "u1");
      appended.push_back(event.id);
      uow->Audit().Append(event);
    }
    uow->Commit();
  }
  auto uow = Read();
  using Ids = std::vector<std::string>;
  EXPECT_EQ(IdsOf(uow->Audit().List({.from = At(kT0), .to = At(kT0), .limit = 2})),
            (Ids{appended[3], appended[2]}));
  EXPECT_EQ(IdsOf(uow->Audit().List({.from = At(kT0), .limit = 2, .offset = 2})),
            (Ids{appended[1], appended[0]}));
}

TEST_P(RepositoryContract, AuditAppendIsReadableInsideItsOwnUnitOfWork) {
  // A command that appends and then reads (or counts) in the same transaction sees its event.
  auto uow = Write();
  const auto event = MakeEvent(NewId(), kT0, domain::audit::kQueueRedriven, "", "u1");
  uow->Audit().Append(event);
  EXPECT_EQ(uow->Audit().Count({.action = domain::audit::kQueueRedriven}), 1);
  EXPECT_EQ(IdsOf(uow->Audit().List({.target_id = "u1"})), std::vector<std::string>{event.id});
  EXPECT_EQ(Read()->Audit().Count({}), 0);  // not committed yet
  uow->Commit();
  EXPECT_EQ(Read()->Audit().Count({}), 1);
}

TEST_P(RepositoryContract, AuditDeleteOlderThanRemovesTheOldestFirstInBatches) {
  // Older than the bound: one event 100 s before, three in the same second 50 s before, one a
  // second before. At the bound and after it: kept, whatever the batch size.
  const auto bound = At(kT0);
  std::vector<domain::AuditEvent> older;
  older.push_back(MakeEvent(NewId(), kT0 - 100, domain::audit::kNoteCreated, "", "u1"));
  for (int i = 0; i < 3; ++i) {
    older.push_back(MakeEvent(NewId(), kT0 - 50, domain::audit::kNoteDeleted, "u1", "s1"));
  }
  older.push_back(MakeEvent(NewId(), kT0 - 1, domain::audit::kNoteUpdated, "u1", "s2"));
  const auto at_bound = MakeEvent(NewId(), kT0, domain::audit::kQueueRedriven, "", "u1");
  const auto newer = MakeEvent(NewId(), kT0 + 10, domain::audit::kFeatureChanged, "u1", "u1");
  {
    auto uow = Write();
    // Appended newest first, so the deletion order cannot come from insertion order alone.
    uow->Audit().Append(newer);
    uow->Audit().Append(at_bound);
    for (auto it = older.rbegin(); it != older.rend(); ++it) uow->Audit().Append(*it);
    uow->Commit();
  }
  auto delete_batch = [&](int limit) {
    auto uow = Write();
    const int deleted = uow->Audit().DeleteOlderThan(bound, limit);
    uow->Commit();
    return deleted;
  };
  using Ids = std::vector<std::string>;
  EXPECT_EQ(delete_batch(0), 0);
  EXPECT_EQ(Read()->Audit().Count({}), 7);

  // The first batch takes the oldest event and one of the second-oldest.
  EXPECT_EQ(delete_batch(2), 2);
  {
    auto uow = Read();
    EXPECT_EQ(uow->Audit().Count({.to = At(kT0 - 100)}), 0);
    EXPECT_EQ(uow->Audit().Count({.from = At(kT0 - 50), .to = At(kT0 - 50)}), 2);
    EXPECT_EQ(uow->Audit().Count({}), 5);
  }
  EXPECT_EQ(delete_batch(2), 2);
  EXPECT_EQ(IdsOf(Read()->Audit().List({})), (Ids{newer.id, at_bound.id, older.back().id}));
  // A short batch: the trail before the bound is empty now.
  EXPECT_EQ(delete_batch(2), 1);
  EXPECT_EQ(delete_batch(2), 0);
  EXPECT_EQ(IdsOf(Read()->Audit().List({})), (Ids{newer.id, at_bound.id}));
}

TEST_P(RepositoryContract, AuditDeleteOlderThanIsUndoneByARollback) {
  {
    auto uow = Write();
    uow->Audit().Append(MakeEvent(NewId(), kT0 - 10, domain::audit::kNoteDeleted, "u1", "s1"));
    uow->Commit();
  }
  {
    auto uow = Write();
    EXPECT_EQ(uow->Audit().DeleteOlderThan(At(kT0), 100), 1);
    EXPECT_EQ(uow->Audit().Count({}), 0);
  }  // not committed
  EXPECT_EQ(Read()->Audit().Count({}), 1);
}

}  // namespace rampart::integration

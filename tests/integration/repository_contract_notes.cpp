// Contract: notes — round trip, one owner's notes newest first in pages, no note of another owner
// found, listed, changed or deleted, and a change read for update never lost to a concurrent one.
#include <chrono>
#include <thread>

#include "integration/repository_contract.hpp"

namespace rampart::integration {

namespace {

domain::Note MakeNote(std::string id, std::string owner_id, std::string title,
                      long long created_at) {
  return {.id = std::move(id),
          .owner_id = std::move(owner_id),
          .title = std::move(title),
          .body = "Line one\nline two, \"quoted\" \xE2\x9C\x93",
          .created_at = At(created_at),
          .updated_at = At(created_at)};
}

std::vector<std::string> TitlesOf(const std::vector<domain::Note>& notes) {
  std::vector<std::string> titles;
  for (const auto& note : notes) titles.push_back(note.title);
  return titles;
}

}  // namespace

TEST_P(RepositoryContract, NotesRoundTrip) {
  // The owner is a token's subject, not a row of users: no user exists here.
  const auto note = MakeNote(NewId(), NewId(), "Groceries", kT0);
  {
    auto uow = Write();
    uow->Notes().Add(note);
    uow->Commit();
  }
  const auto found = Read()->Notes().Find(note.owner_id, note.id);
  ASSERT_TRUE(found);
  EXPECT_EQ(found->id, note.id);
  EXPECT_EQ(found->owner_id, note.owner_id);
  EXPECT_EQ(found->title, "Groceries");
  EXPECT_EQ(found->body, note.body);
  EXPECT_EQ(found->created_at, note.created_at);
  EXPECT_EQ(found->updated_at, note.updated_at);
  EXPECT_FALSE(Read()->Notes().Find(note.owner_id, NewId()));
  EXPECT_FALSE(Read()->Notes().Find(note.owner_id, "not-a-uuid"));
}

TEST_P(RepositoryContract, NotesListOneOwnersNewestFirstInPages) {
  const auto owner = NewId();
  const auto other = NewId();
  {
    auto uow = Write();
    uow->Notes().Add(MakeNote(NewId(), owner, "second", kT0 + 10));
    uow->Notes().Add(MakeNote(NewId(), owner, "first", kT0));
    uow->Notes().Add(MakeNote(NewId(), other, "someone else's", kT0 + 30));
    // Two in the same second: the later insertion is the newer.
    uow->Notes().Add(MakeNote(NewId(), owner, "third", kT0 + 20));
    uow->Notes().Add(MakeNote(NewId(), owner, "fourth", kT0 + 20));
    uow->Commit();
  }
  auto uow = Read();
  using Titles = std::vector<std::string>;
  EXPECT_EQ(TitlesOf(uow->Notes().List(owner, 10, 0)),
            (Titles{"fourth", "third", "second", "first"}));
  EXPECT_EQ(TitlesOf(uow->Notes().List(owner, 2, 0)), (Titles{"fourth", "third"}));
  EXPECT_EQ(TitlesOf(uow->Notes().List(owner, 2, 2)), (Titles{"second", "first"}));
  EXPECT_TRUE(uow->Notes().List(owner, 2, 4).empty());
  EXPECT_EQ(uow->Notes().Count(owner), 4);
  EXPECT_EQ(TitlesOf(uow->Notes().List(other, 10, 0)), Titles{"someone else's"});
  EXPECT_EQ(uow->Notes().Count(other), 1);
  EXPECT_EQ(uow->Notes().Count(NewId()), 0);
}

TEST_P(RepositoryContract, NotesOfAnotherOwnerAreNeitherFoundNorChangedNorDeleted) {
  const auto note = MakeNote(NewId(), NewId(), "Mine", kT0);
  const auto intruder = NewId();
  {
    auto uow = Write();
    uow->Notes().Add(note);
    uow->Commit();
  }
  {
    auto uow = Write();
    EXPECT_FALSE(uow->Notes().Find(intruder, note.id));
    EXPECT_FALSE(uow->Notes().FindForUpdate(intruder, note.id));
    auto stolen = note;
    stolen.owner_id = intruder;
    stolen.title = "Stolen";
    EXPECT_FALSE(uow->Notes().Update(stolen));
    EXPECT_FALSE(uow->Notes().Remove(intruder, note.id));
    EXPECT_FALSE(uow->Notes().Remove(note.owner_id, "not-a-uuid"));
    uow->Commit();
  }
  const auto kept = Read()->Notes().Find(note.owner_id, note.id);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->title, "Mine");
  EXPECT_EQ(kept->owner_id, note.owner_id);
}

TEST_P(RepositoryContract, NotesUpdateAndRemoveTheOwnersNote) {
  auto note = MakeNote(NewId(), NewId(), "Draft", kT0);
  {
    auto uow = Write();
    uow->Notes().Add(note);
    uow->Commit();
  }
  {
    auto uow = Write();
    auto held = uow->Notes().FindForUpdate(note.owner_id, note.id);
    ASSERT_TRUE(held);
    held->title = "Final";
    held->body = "";
    held->updated_at = At(kT0 + 60);
    held->created_at = At(kT0 + 99);  // not stored: a note keeps its creation time
    EXPECT_TRUE(uow->Notes().Update(*held));
    uow->Commit();
  }
  const auto updated = Read()->Notes().Find(note.owner_id, note.id);
  ASSERT_TRUE(updated);
  EXPECT_EQ(updated->title, "Final");
  EXPECT_EQ(updated->body, "");
  EXPECT_EQ(updated->created_at, At(kT0));
  EXPECT_EQ(updated->updated_at, At(kT0 + 60));
  {
    auto uow = Write();
    EXPECT_TRUE(uow->Notes().Remove(note.owner_id, note.id));
    EXPECT_FALSE(uow->Notes().Remove(note.owner_id, note.id)) << "already gone";
    uow->Commit();
  }
  EXPECT_FALSE(Read()->Notes().Find(note.owner_id, note.id));
  EXPECT_EQ(Read()->Notes().Count(note.owner_id), 0);
}

TEST_P(RepositoryContract, NoteChangesReadForUpdateDoNotOverwriteEachOther) {
  const auto note = MakeNote(NewId(), NewId(), "Before", kT0);
  {
    auto uow = Write();
    uow->Notes().Add(note);
    uow->Commit();
  }
  auto first = Write();
  auto held = first->Notes().FindForUpdate(note.owner_id, note.id);
  ASSERT_TRUE(held);
  // The second change waits (for the database's write lock, or for the row's) and must then read
  // the first one's title, or it would put "Before" back.
  std::thread second([&] {
    auto uow = Write();
    auto other = uow->Notes().FindForUpdate(note.owner_id, note.id);
    ASSERT_TRUE(other);
    other->body = "changed by the second";
    EXPECT_TRUE(uow->Notes().Update(*other));
    uow->Commit();
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  held->title = "changed by the first";
  EXPECT_TRUE(first->Notes().Update(*held));
  first->Commit();
  first.reset();
  second.join();
  const auto stored = Read()->Notes().Find(note.owner_id, note.id);
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->title, "changed by the first");
  EXPECT_EQ(stored->body, "changed by the second");
}

}  // namespace rampart::integration

// The note use cases (the example resource) through the Dispatcher on the real adapters (the
// database, ES256 JWT) behind the identity cache's unit of work: a principal's own notes from
// create to delete; another principal's note is 404 for every use case and never changes; a refused
// command records nothing; each change writes its audit event and its CloudEvent (the same id) in
// its own transaction, the event carrying the note as the change left it.
#include <gtest/gtest.h>

#include <boost/json.hpp>

#include "application/notes/create_note.hpp"
#include "application/notes/delete_note.hpp"
#include "application/notes/note_queries.hpp"
#include "application/notes/update_note.hpp"
#include "integration/use_cases/admin_use_case_harness.hpp"

namespace rampart::application {
namespace {

namespace json = boost::json;

// The error code of a result that must be a failure.
template <class T>
domain::ErrorCode CodeOf(const domain::Result<T>& result) {
  EXPECT_FALSE(result.has_value());
  return result.has_value() ? domain::ErrorCode{} : result.error().code;
}

class Notes : public test_support::AdminUseCaseHarness {
 protected:
  void SetUp() override {
    AdminUseCaseHarness::SetUp();
    if (HasFatalFailure()) return;
    ada_ = NewPrincipal("ada@example.com");
    bob_ = NewPrincipal("bob@example.com");
  }

  domain::Note Create(const std::string& title, const AccessClaims& who) {
    auto note = Send(CreateNoteCommand{.title = title, .body = "body of " + title}, &who);
    EXPECT_TRUE(note) << note.error().detail;
    return note ? *note : domain::Note{};
  }

  // The CloudEvents of the outbox's `events` stream about notes, oldest first.
  std::vector<OutboxMessage> NoteEvents() {
    std::vector<OutboxMessage> events;
    for (auto& message :
         database_->Begin(TransactionMode::kRead)->Outbox().Pending(kEventsStream, 1000)) {
      if (message.type.starts_with("rampart.note.")) events.push_back(std::move(message));
    }
    return events;
  }

  AccessClaims ada_;
  AccessClaims bob_;
};

TEST_F(Notes, APrincipalCreatesListsGetsUpdatesAndDeletesItsOwnNotes) {
  auto created = Send(CreateNoteCommand{.title = "  Groceries\t", .body = "milk\neggs"}, &ada_);
  ASSERT_TRUE(created) << created.error().detail;
  EXPECT_EQ(created->title, "Groceries") << "trimmed";
  EXPECT_EQ(created->body, "milk\neggs");
  EXPECT_EQ(created->owner_id, ada_.subject);
  EXPECT_EQ(created->created_at, created->updated_at);
  const auto second = Create("Books", ada_);

  auto page = Send(ListNotesQuery{}, &ada_);
  ASSERT_TRUE(page);
  ASSERT_EQ(page->items.size(), 2u);
  EXPECT_EQ(page->items[0].id, second.id) << "newest first";
  EXPECT_EQ(page->items[1].id, created->id);
  EXPECT_EQ(page->total, 2);
  EXPECT_EQ(page->page, 1);
  EXPECT_EQ(page->page_size, kDefaultNotePageSize);
  auto paged = Send(ListNotesQuery{.page = "2", .page_size = "1"}, &ada_);
  ASSERT_TRUE(paged);
  ASSERT_EQ(paged->items.size(), 1u);
  EXPECT_EQ(paged->items[0].id, created->id);
  EXPECT_EQ(paged->total, 2);

  auto got = Send(GetNoteQuery{.note_id = created->id}, &ada_);
  ASSERT_TRUE(got);
  EXPECT_EQ(got->title, "Groceries");

  auto updated = Send(UpdateNoteCommand{.note_id = created->id, .body = ""}, &ada_);
  ASSERT_TRUE(updated) << updated.error().detail;
  EXPECT_EQ(updated->title, "Groceries") << "only the fields given change";
  EXPECT_EQ(updated->body, "");
  EXPECT_EQ(Send(GetNoteQuery{.note_id = created->id}, &ada_)->body, "");

  ASSERT_TRUE(Send(DeleteNoteCommand{.note_id = created->id}, &ada_));
  EXPECT_EQ(CodeOf(Send(GetNoteQuery{.note_id = created->id}, &ada_)),
            domain::ErrorCode::kNotFound);
  EXPECT_EQ(CodeOf(Send(DeleteNoteCommand{.note_id = created->id}, &ada_)),
            domain::ErrorCode::kNotFound);
  EXPECT_EQ(Send(ListNotesQuery{}, &ada_)->total, 1);
}

TEST_F(Notes, AnotherPrincipalsNoteIsNotFoundAndNeverChanges) {
  const auto note = Create("Diary", ada_);
  const auto not_found = [](const auto& result) {
    return CodeOf(result) == domain::ErrorCode::kNotFound &&
           result.error().detail == "No note with this id.";
  };
  EXPECT_TRUE(not_found(Send(GetNoteQuery{.note_id = note.id}, &bob_)));
  EXPECT_TRUE(not_found(Send(UpdateNoteCommand{.note_id = note.id, .title = "Mine"}, &bob_)));
  EXPECT_TRUE(not_found(Send(DeleteNoteCommand{.note_id = note.id}, &bob_)));
  // The same answer as for a note that does not exist at all: nothing tells them apart.
  EXPECT_TRUE(
      not_found(Send(GetNoteQuery{.note_id = "00000000-0000-4000-8000-000000000000"}, &bob_)));
  EXPECT_TRUE(not_found(Send(GetNoteQuery{.note_id = "not-a-uuid"}, &bob_)));
  EXPECT_EQ(Send(ListNotesQuery{}, &bob_)->total, 0);
  EXPECT_EQ(Send(ListNotesQuery{}, &admin_)->total, 0) << "no permission reads another's notes";

  auto kept = Send(GetNoteQuery{.note_id = note.id}, &ada_);
  ASSERT_TRUE(kept);
  EXPECT_EQ(kept->title, "Diary");
  EXPECT_EQ(Actions(note.id), std::vector<std::string>{"note.created"});
}

TEST_F(Notes, SignedInOnlyAndInvalidFieldsAreNamed) {
  EXPECT_EQ(CodeOf(Send(ListNotesQuery{})), domain::ErrorCode::kUnauthorized);
  EXPECT_EQ(CodeOf(Send(CreateNoteCommand{.title = "t"})), domain::ErrorCode::kUnauthorized);

  auto invalid = Send(CreateNoteCommand{.title = " ", .body = std::string(10'001, 'b')}, &ada_);
  ASSERT_EQ(CodeOf(invalid), domain::ErrorCode::kValidation);
  ASSERT_EQ(invalid.error().fields.size(), 2u);
  EXPECT_EQ(invalid.error().fields[0].field, "title");
  EXPECT_EQ(invalid.error().fields[1].field, "body");
  auto long_title = Send(CreateNoteCommand{.title = std::string(201, 't')}, &ada_);
  ASSERT_EQ(CodeOf(long_title), domain::ErrorCode::kValidation);
  EXPECT_EQ(long_title.error().fields.at(0).message, "Title must be at most 200 characters.");
  const auto note = Create("Kept", ada_);
  auto bad_update = Send(UpdateNoteCommand{.note_id = note.id,
                                           .title = "a\x01"
                                                    "b",
                                           .body = "ok"},
                         &ada_);
  ASSERT_EQ(CodeOf(bad_update), domain::ErrorCode::kValidation);
  EXPECT_EQ(bad_update.error().fields.at(0).field, "title");
  auto bad_page = Send(ListNotesQuery{.page = "0", .page_size = "101"}, &ada_);
  ASSERT_EQ(CodeOf(bad_page), domain::ErrorCode::kValidation);
  EXPECT_EQ(bad_page.error().fields.size(), 2u);

  EXPECT_EQ(Send(GetNoteQuery{.note_id = note.id}, &ada_)->body, "body of Kept");
  EXPECT_EQ(Events(domain::audit::kNoteUpdated).size(), 0u) << "a refused change records nothing";
  EXPECT_EQ(Events(domain::audit::kNoteCreated).size(), 1u);
}

TEST_F(Notes, EachChangeWritesItsAuditEventAndItsCloudEventTogether) {
  const auto note = Create("Plans", ada_);
  ASSERT_TRUE(Send(UpdateNoteCommand{.note_id = note.id, .title = "Plans", .body = "body of Plans"},
                   &ada_));  // the same values: no change, nothing recorded
  ASSERT_TRUE(Send(UpdateNoteCommand{.note_id = note.id, .title = "Holiday plans"}, &ada_));
  ASSERT_FALSE(Send(DeleteNoteCommand{.note_id = note.id}, &bob_));  // refused: nothing
  ASSERT_TRUE(Send(DeleteNoteCommand{.note_id = note.id}, &ada_));

  EXPECT_EQ(Actions(note.id),
            (std::vector<std::string>{"note.deleted", "note.updated", "note.created"}));
  const auto updated_audit = Events(domain::audit::kNoteUpdated);
  ASSERT_EQ(updated_audit.size(), 1u);
  EXPECT_EQ(updated_audit[0].actor_id, ada_.subject);
  EXPECT_EQ(updated_audit[0].target_type, "note");
  EXPECT_EQ(updated_audit[0].details_json, R"({"changed":["title"]})");

  const auto events = NoteEvents();
  ASSERT_EQ(events.size(), 3u);
  const std::vector<std::string> types{"rampart.note.created", "rampart.note.updated",
                                       "rampart.note.deleted"};
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i].type, types[i]);
    EXPECT_EQ(events[i].aggregate_id, note.id) << "one message group per note";
  }
  EXPECT_EQ(events[1].id, updated_audit[0].id) << "the CloudEvent is the audit event's";

  const auto created = json::parse(events[0].payload).as_object();
  EXPECT_EQ(created.at("subject").as_string(), "notes/" + note.id);
  const auto& data = created.at("data").as_object();
  EXPECT_EQ(data.at("noteId").as_string(), note.id);
  EXPECT_EQ(data.at("actorId").as_string(), ada_.subject);
  // The state as the transaction left it: the creation's own, not the later rename.
  EXPECT_EQ(data.at("note").at("title").as_string(), "Plans");
  EXPECT_EQ(data.at("note").at("ownerId").as_string(), ada_.subject);
  EXPECT_EQ(data.at("note").at("body").as_string(), "body of Plans");
  const auto renamed = json::parse(events[1].payload).as_object();
  EXPECT_EQ(renamed.at("data").at("note").at("title").as_string(), "Holiday plans");
  const auto deleted = json::parse(events[2].payload).as_object();
  EXPECT_FALSE(deleted.at("data").as_object().contains("note")) << "a deleted note has no state";
}

}  // namespace
}  // namespace rampart::application

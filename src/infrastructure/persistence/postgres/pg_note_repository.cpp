#include "infrastructure/persistence/postgres/pg_note_repository.hpp"

#include <algorithm>

namespace rampart::infrastructure::postgres {

namespace {

#define RAMPART_NOTE_SELECT                                                   \
  "SELECT id, owner_id, title, body, extract(epoch from created_at)::bigint," \
  " extract(epoch from updated_at)::bigint FROM notes"

constexpr Statement kInsert{"notes_insert",
                            "INSERT INTO notes (id, owner_id, title, body, created_at, updated_at)"
                            " VALUES ($1, $2, $3, $4, to_timestamp($5), to_timestamp($6))"};
constexpr Statement kFind{"notes_find", RAMPART_NOTE_SELECT " WHERE id = $1 AND owner_id = $2"};
constexpr Statement kFindForUpdate{
    "notes_find_for_update", RAMPART_NOTE_SELECT " WHERE id = $1 AND owner_id = $2 FOR UPDATE"};
// Walks notes_owner_idx (owner_id, created_at, seq) backwards: seq orders notes of one second.
constexpr Statement kList{
    "notes_list", RAMPART_NOTE_SELECT
    " WHERE owner_id = $1 ORDER BY created_at DESC, seq DESC LIMIT $2 OFFSET $3"};
constexpr Statement kCount{"notes_count", "SELECT count(*) FROM notes WHERE owner_id = $1"};
constexpr Statement kUpdate{"notes_update",
                            "UPDATE notes SET title = $3, body = $4, updated_at = to_timestamp($5)"
                            " WHERE id = $1 AND owner_id = $2"};
constexpr Statement kDelete{"notes_delete", "DELETE FROM notes WHERE id = $1 AND owner_id = $2"};

#undef RAMPART_NOTE_SELECT

domain::Note ReadNote(const PgResult& result, int row) {
  return {.id = result.Text(row, 0),
          .owner_id = result.Text(row, 1),
          .title = result.Text(row, 2),
          .body = result.Text(row, 3),
          .created_at = result.Time(row, 4),
          .updated_at = result.Time(row, 5)};
}

}  // namespace

void PgNoteRepository::Add(const domain::Note& note) {
  transaction_.Query(kInsert, ParamsOf(note.id, note.owner_id, note.title, note.body,
                                       note.created_at, note.updated_at));
}

std::optional<domain::Note> PgNoteRepository::Find(std::string_view owner_id, std::string_view id) {
  if (!IsUuid(id)) return std::nullopt;  // a uuid parameter would fail the transaction
  const auto result = transaction_.Query(kFind, ParamsOf(id, owner_id));
  if (result.Rows() == 0) return std::nullopt;
  return ReadNote(result, 0);
}

std::optional<domain::Note> PgNoteRepository::FindForUpdate(std::string_view owner_id,
                                                            std::string_view id) {
  if (!IsUuid(id)) return std::nullopt;
  const auto result = transaction_.Query(kFindForUpdate, ParamsOf(id, owner_id));
  if (result.Rows() == 0) return std::nullopt;
  return ReadNote(result, 0);
}

std::vector<domain::Note> PgNoteRepository::List(std::string_view owner_id, int limit, int offset) {
  const auto result =
      transaction_.Query(kList, ParamsOf(owner_id, std::max(limit, 0), std::max(offset, 0)));
  std::vector<domain::Note> notes;
  notes.reserve(static_cast<std::size_t>(result.Rows()));
  for (int row = 0; row < result.Rows(); ++row) notes.push_back(ReadNote(result, row));
  return notes;
}

long long PgNoteRepository::Count(std::string_view owner_id) {
  return transaction_.Query(kCount, ParamsOf(owner_id)).Int(0, 0);
}

bool PgNoteRepository::Update(const domain::Note& note) {
  if (!IsUuid(note.id)) return false;
  return transaction_
             .Query(kUpdate,
                    ParamsOf(note.id, note.owner_id, note.title, note.body, note.updated_at))
             .Affected() > 0;
}

bool PgNoteRepository::Remove(std::string_view owner_id, std::string_view id) {
  if (!IsUuid(id)) return false;
  return transaction_.Query(kDelete, ParamsOf(id, owner_id)).Affected() > 0;
}

}  // namespace rampart::infrastructure::postgres

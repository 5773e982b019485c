#include "infrastructure/persistence/sqlite/sqlite_note_repository.hpp"

#include <algorithm>

namespace rampart::infrastructure::sqlite {

namespace {

domain::Note ReadNote(const Query& query) {
  return {.id = query.Text(0),
          .owner_id = query.Text(1),
          .title = query.Text(2),
          .body = query.Text(3),
          .created_at = query.Time(4),
          .updated_at = query.Time(5)};
}

}  // namespace

void SqliteNoteRepository::Add(const domain::Note& note) {
  connection_
      .Prepare(
          "INSERT INTO notes (id, owner_id, title, body, created_at, updated_at)"
          " VALUES (?, ?, ?, ?, ?, ?)")
      .BindAll(note.id, note.owner_id, note.title, note.body, note.created_at, note.updated_at)
      .Execute();
}

std::optional<domain::Note> SqliteNoteRepository::Find(std::string_view owner_id,
                                                       std::string_view id) {
  auto query = connection_.Prepare(
      "SELECT id, owner_id, title, body, created_at, updated_at FROM notes"
      " WHERE id = ? AND owner_id = ?");
  query.BindAll(id, owner_id);
  if (!query.Next()) return std::nullopt;
  return ReadNote(query);
}

std::vector<domain::Note> SqliteNoteRepository::List(std::string_view owner_id, int limit,
                                                     int offset) {
  // notes_owner_idx (owner_id, created_at) holds the rowid too: the order is read off the index.
  auto query = connection_.Prepare(
      "SELECT id, owner_id, title, body, created_at, updated_at FROM notes WHERE owner_id = ?"
      " ORDER BY created_at DESC, rowid DESC LIMIT ? OFFSET ?");
  query.BindAll(owner_id, std::max(limit, 0), std::max(offset, 0));
  std::vector<domain::Note> notes;
  while (query.Next()) notes.push_back(ReadNote(query));
  return notes;
}

long long SqliteNoteRepository::Count(std::string_view owner_id) {
  auto query = connection_.Prepare("SELECT COUNT(*) FROM notes WHERE owner_id = ?");
  query.Bind(1, owner_id);
  query.Next();
  return query.Int(0);
}

bool SqliteNoteRepository::Update(const domain::Note& note) {
  return connection_
             .Prepare(
                 "UPDATE notes SET title = ?, body = ?, updated_at = ? WHERE id = ? AND owner_id = "
                 "?")
             .BindAll(note.title, note.body, note.updated_at, note.id, note.owner_id)
             .Execute() > 0;
}

bool SqliteNoteRepository::Remove(std::string_view owner_id, std::string_view id) {
  return connection_.Prepare("DELETE FROM notes WHERE id = ? AND owner_id = ?")
             .BindAll(id, owner_id)
             .Execute() > 0;
}

}  // namespace rampart::infrastructure::sqlite

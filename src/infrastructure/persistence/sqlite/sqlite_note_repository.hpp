#pragma once
#include "application/ports/repositories.hpp"
#include "infrastructure/sqlite/connection.hpp"

namespace rampart::infrastructure::sqlite {

// SqliteNoteRepository is the `notes` table (migrations/sqlite/0012_notes.sql).
class SqliteNoteRepository final : public application::NoteRepository {
 public:
  explicit SqliteNoteRepository(Connection& connection) : connection_(connection) {}

  void Add(const domain::Note& note) override;
  std::optional<domain::Note> Find(std::string_view owner_id, std::string_view id) override;
  // FindForUpdate is Find: a write unit of work holds the database's only write lock.
  std::optional<domain::Note> FindForUpdate(std::string_view owner_id,
                                            std::string_view id) override {
    return Find(owner_id, id);
  }
  // List: a negative limit or offset counts as 0.
  std::vector<domain::Note> List(std::string_view owner_id, int limit, int offset) override;
  long long Count(std::string_view owner_id) override;
  bool Update(const domain::Note& note) override;
  bool Remove(std::string_view owner_id, std::string_view id) override;

 private:
  Connection& connection_;
};

}  // namespace rampart::infrastructure::sqlite

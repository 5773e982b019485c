#pragma once
#include "application/ports/repositories.hpp"
#include "infrastructure/persistence/postgres/pg_transaction.hpp"

namespace rampart::infrastructure::postgres {

// PgNoteRepository is the `notes` table (migrations/postgres/0012_notes.sql).
class PgNoteRepository final : public application::NoteRepository {
 public:
  explicit PgNoteRepository(PgTransaction& transaction) : transaction_(transaction) {}

  void Add(const domain::Note& note) override;
  std::optional<domain::Note> Find(std::string_view owner_id, std::string_view id) override;
  std::optional<domain::Note> FindForUpdate(std::string_view owner_id,
                                            std::string_view id) override;
  // List: a negative limit or offset counts as 0.
  std::vector<domain::Note> List(std::string_view owner_id, int limit, int offset) override;
  long long Count(std::string_view owner_id) override;
  bool Update(const domain::Note& note) override;
  bool Remove(std::string_view owner_id, std::string_view id) override;

 private:
  PgTransaction& transaction_;
};

}  // namespace rampart::infrastructure::postgres

#pragma once
#include "application/ports/repositories.hpp"
#include "infrastructure/persistence/postgres/pg_read_ahead.hpp"
#include "infrastructure/persistence/postgres/pg_transaction.hpp"

namespace rampart::infrastructure::postgres {

// PgSessionRepository: session and refresh-token writes whose outcome the caller does not read
// (Add, Update, AddRefreshToken) are deferred: they travel with the next statement or the COMMIT.
// FindRefreshToken reads the token's session, user and permissions in the same statement
// (PgReadAhead): a refresh is three round trips (BEGIN + look-up, spend, COMMIT).
class PgSessionRepository final : public application::SessionRepository {
 public:
  PgSessionRepository(PgTransaction& transaction, PgReadAhead& read_ahead)
      : transaction_(transaction), read_ahead_(read_ahead) {}

  void Add(const domain::Session& session) override;
  std::optional<domain::Session> FindById(std::string_view id) override;
  void Update(const domain::Session& session) override;
  std::vector<domain::Session> ListByUser(std::string_view user_id) override;
  int RevokeAllForUser(std::string_view user_id, domain::TimePoint at,
                       std::string_view reason) override;
  std::optional<application::AccessState> FindAccessState(std::string_view session_id) override;
  void AddRefreshToken(const domain::RefreshToken& token) override;
  std::optional<domain::RefreshToken> FindRefreshToken(std::string_view token_hash) override;
  bool SpendRefreshToken(std::string_view token_hash, domain::TimePoint at) override;

 private:
  PgTransaction& transaction_;
  PgReadAhead& read_ahead_;  // filled by FindRefreshToken (PgReadAhead)
};

}  // namespace rampart::infrastructure::postgres

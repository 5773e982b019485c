#pragma once
#include "application/ports/repositories.hpp"
#include "infrastructure/sqlite/connection.hpp"

namespace rampart::infrastructure::sqlite {

// SqliteSessionRepository: login sessions and the hashes of their refresh tokens.
class SqliteSessionRepository final : public application::SessionRepository {
 public:
  explicit SqliteSessionRepository(Connection& connection) : connection_(connection) {}

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
  Connection& connection_;
};

}  // namespace rampart::infrastructure::sqlite

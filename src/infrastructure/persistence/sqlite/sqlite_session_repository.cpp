#include "infrastructure/persistence/sqlite/sqlite_session_repository.hpp"

#include "domain/second_factor.hpp"

namespace rampart::infrastructure::sqlite {

namespace {

constexpr const char* kColumns =
    "id, user_id, created_at, last_used_at, idle_expires_at, absolute_expires_at, revoked_at,"
    " revoked_reason, ip, user_agent, amr";

domain::Session ReadSession(const Query& query) {
  return domain::Session{.id = query.Text(0),
                         .user_id = query.Text(1),
                         .created_at = query.Time(2),
                         .last_used_at = query.Time(3),
                         .idle_expires_at = query.Time(4),
                         .absolute_expires_at = query.Time(5),
                         .revoked_at = query.OptionalTime(6),
                         .revoked_reason = query.Text(7),
                         .ip = query.Text(8),
                         .user_agent = query.Text(9),
                         .amr = domain::SplitAmr(query.Text(10))};
}

}  // namespace

void SqliteSessionRepository::Add(const domain::Session& session) {
  connection_
      .Prepare(
          "INSERT INTO sessions (id, user_id, created_at, last_used_at, idle_expires_at,"
          " absolute_expires_at, revoked_at, revoked_reason, ip, user_agent, amr)"
          " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
      .BindAll(session.id, session.user_id, session.created_at, session.last_used_at,
               session.idle_expires_at, session.absolute_expires_at, session.revoked_at,
               session.revoked_reason, session.ip, session.user_agent,
               domain::JoinAmr(session.amr))
      .Execute();
}

std::optional<domain::Session> SqliteSessionRepository::FindById(std::string_view id) {
  static const std::string sql = std::string("SELECT ") + kColumns + " FROM sessions WHERE id = ?";
  auto query = connection_.Prepare(sql);
  query.Bind(1, id);
  if (!query.Next()) return std::nullopt;
  return ReadSession(query);
}

void SqliteSessionRepository::Update(const domain::Session& session) {
  connection_
      .Prepare(
          "UPDATE sessions SET last_used_at = ?, idle_expires_at = ?, revoked_at = ?,"
          " revoked_reason = ? WHERE id = ?")
      .BindAll(session.last_used_at, session.idle_expires_at, session.revoked_at,
               session.revoked_reason, session.id)
      .Execute();
}

std::vector<domain::Session> SqliteSessionRepository::ListByUser(std::string_view user_id) {
  // rowid breaks ties between sessions opened within the same second: later insert first.
  static const std::string sql = std::string("SELECT ") + kColumns +
                                 " FROM sessions WHERE user_id = ?"
                                 " ORDER BY created_at DESC, rowid DESC";
  auto query = connection_.Prepare(sql);
  query.Bind(1, user_id);
  std::vector<domain::Session> sessions;
  while (query.Next()) sessions.push_back(ReadSession(query));
  return sessions;
}

int SqliteSessionRepository::RevokeAllForUser(std::string_view user_id, domain::TimePoint at,
                                              std::string_view reason) {
  return connection_
      .Prepare(
          "UPDATE sessions SET revoked_at = ?, revoked_reason = ?"
          " WHERE user_id = ? AND revoked_at IS NULL")
      .BindAll(at, reason, user_id)
      .Execute();
}

std::optional<application::AccessState> SqliteSessionRepository::FindAccessState(
    std::string_view session_id) {
  auto query = connection_.Prepare(
      "SELECT s.user_id, u.token_version, u.locked, s.revoked_at, s.idle_expires_at,"
      " s.absolute_expires_at FROM sessions s JOIN users u ON u.id = s.user_id"
      " WHERE s.id = ? AND u.deleted_at IS NULL");
  query.Bind(1, session_id);
  if (!query.Next()) return std::nullopt;
  return application::AccessState{.user_id = query.Text(0),
                                  .token_version = static_cast<int>(query.Int(1)),
                                  .user_locked = query.Bool(2),
                                  .session_revoked_at = query.OptionalTime(3),
                                  .session_idle_expires_at = query.Time(4),
                                  .session_absolute_expires_at = query.Time(5)};
}

void SqliteSessionRepository::AddRefreshToken(const domain::RefreshToken& token) {
  connection_
      .Prepare(
          "INSERT INTO refresh_tokens (token_hash, session_id, issued_at, spent_at)"
          " VALUES (?, ?, ?, ?)")
      .BindAll(token.token_hash, token.session_id, token.issued_at, token.spent_at)
      .Execute();
}

std::optional<domain::RefreshToken> SqliteSessionRepository::FindRefreshToken(
    std::string_view token_hash) {
  auto query = connection_.Prepare(
      "SELECT token_hash, session_id, issued_at, spent_at FROM refresh_tokens"
      " WHERE token_hash = ?");
  query.Bind(1, token_hash);
  if (!query.Next()) return std::nullopt;
  return domain::RefreshToken{.token_hash = query.Text(0),
                              .session_id = query.Text(1),
                              .issued_at = query.Time(2),
                              .spent_at = query.OptionalTime(3)};
}

bool SqliteSessionRepository::SpendRefreshToken(std::string_view token_hash, domain::TimePoint at) {
  // The condition and the write are one statement, so two refreshes racing with the same token
  // cannot both see it unspent.
  return connection_
             .Prepare(
                 "UPDATE refresh_tokens SET spent_at = ? WHERE token_hash = ? AND spent_at IS NULL")
             .BindAll(at, token_hash)
             .Execute() == 1;
}

}  // namespace rampart::infrastructure::sqlite

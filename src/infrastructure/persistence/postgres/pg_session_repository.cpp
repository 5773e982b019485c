#include "infrastructure/persistence/postgres/pg_session_repository.hpp"

#include "domain/second_factor.hpp"
#include "infrastructure/persistence/postgres/pg_user_row.hpp"

namespace rampart::infrastructure::postgres {

namespace {

#define RAMPART_SESSION_COLUMNS                                                               \
  "id, user_id, extract(epoch from created_at)::bigint,"                                      \
  " extract(epoch from last_used_at)::bigint, extract(epoch from idle_expires_at)::bigint,"   \
  " extract(epoch from absolute_expires_at)::bigint, extract(epoch from revoked_at)::bigint," \
  " revoked_reason, ip, user_agent, amr"

constexpr Statement kInsert{
    "sessions_insert",
    "INSERT INTO sessions (id, user_id, created_at, last_used_at, idle_expires_at,"
    " absolute_expires_at, revoked_at, revoked_reason, ip, user_agent, amr)"
    " VALUES ($1, $2, to_timestamp($3), to_timestamp($4), to_timestamp($5), to_timestamp($6),"
    " to_timestamp($7), $8, $9, $10, $11)"};
constexpr Statement kById{"sessions_by_id",
                          "SELECT " RAMPART_SESSION_COLUMNS " FROM sessions WHERE id = $1"};
// A revocation is never undone: a refresh that read the session before a concurrent logout
// revoked it must not write the stale "not revoked" back (sessions are not locked on read, so
// that refresh and logout-all cannot deadlock over the user and session rows).
constexpr Statement kUpdate{
    "sessions_update",
    "UPDATE sessions SET last_used_at = to_timestamp($1), idle_expires_at = to_timestamp($2),"
    " revoked_at = COALESCE(revoked_at, to_timestamp($3)),"
    " revoked_reason = CASE WHEN revoked_at IS NULL THEN $4 ELSE revoked_reason END"
    " WHERE id = $5"};
constexpr Statement kByUser{"sessions_by_user",
                            "SELECT " RAMPART_SESSION_COLUMNS
                            " FROM sessions WHERE user_id = $1 ORDER BY created_at DESC, seq DESC"};
constexpr Statement kRevokeAll{
    "sessions_revoke_all",
    "UPDATE sessions SET revoked_at = to_timestamp($1), revoked_reason = $2"
    " WHERE user_id = $3 AND revoked_at IS NULL"};
constexpr Statement kAccessState{
    "sessions_access_state",
    "SELECT s.user_id, u.token_version, u.locked, extract(epoch from s.revoked_at)::bigint,"
    " extract(epoch from s.idle_expires_at)::bigint,"
    " extract(epoch from s.absolute_expires_at)::bigint"
    " FROM sessions s JOIN users u ON u.id = s.user_id"
    " WHERE s.id = $1 AND u.deleted_at IS NULL"};
constexpr Statement kInsertToken{
    "refresh_tokens_insert",
    "INSERT INTO refresh_tokens (token_hash, session_id, issued_at, spent_at)"
    " VALUES ($1, $2, to_timestamp($3), to_timestamp($4))"};
// The token with what a refresh reads next (PgReadAhead): its session (columns 4-14), the
// session's live user (15-26, NULL when deleted), the user's role names (27) and permissions
// (28) as text[] (NULL when none). Primary-key look-ups all; one round trip instead of four.
constexpr Statement kTokenWithReadAhead{
    "refresh_tokens_by_hash_read_ahead",
    "SELECT t.token_hash, t.session_id, extract(epoch from t.issued_at)::bigint,"
    " extract(epoch from t.spent_at)::bigint,"
    " s.id, s.user_id, extract(epoch from s.created_at)::bigint,"
    " extract(epoch from s.last_used_at)::bigint, extract(epoch from s.idle_expires_at)::bigint,"
    " extract(epoch from s.absolute_expires_at)::bigint, extract(epoch from s.revoked_at)::bigint,"
    " s.revoked_reason, s.ip, s.user_agent, s.amr, " RAMPART_USER_COLUMNS
    ","
    " (SELECT array_agg(r.name ORDER BY r.name) FROM user_roles ur JOIN roles r"
    " ON r.id = ur.role_id WHERE ur.user_id = u.id),"
    " (SELECT array_agg(DISTINCT rp.permission ORDER BY rp.permission) FROM user_roles ur"
    " JOIN role_permissions rp ON rp.role_id = ur.role_id WHERE ur.user_id = u.id)"
    " FROM refresh_tokens t LEFT JOIN sessions s ON s.id = t.session_id"
    " LEFT JOIN users u ON u.id = s.user_id AND u.deleted_at IS NULL WHERE t.token_hash = $1"};
constexpr int kReadAheadSession = 4;
constexpr int kReadAheadUser = 15;
constexpr int kReadAheadRoles = kReadAheadUser + kUserColumnCount;
constexpr int kReadAheadPermissions = kReadAheadRoles + 1;
// The condition and the write are one statement, so two refreshes racing with the same token
// cannot both see it unspent.
constexpr Statement kSpendToken{"refresh_tokens_spend",
                                "UPDATE refresh_tokens SET spent_at = to_timestamp($1)"
                                " WHERE token_hash = $2 AND spent_at IS NULL"};

domain::Session ReadSession(const PgResult& result, int row, int first = 0) {
  return domain::Session{.id = result.Text(row, first),
                         .user_id = result.Text(row, first + 1),
                         .created_at = result.Time(row, first + 2),
                         .last_used_at = result.Time(row, first + 3),
                         .idle_expires_at = result.Time(row, first + 4),
                         .absolute_expires_at = result.Time(row, first + 5),
                         .revoked_at = result.OptionalTime(row, first + 6),
                         .revoked_reason = result.Text(row, first + 7),
                         .ip = result.Text(row, first + 8),
                         .user_agent = result.Text(row, first + 9),
                         .amr = domain::SplitAmr(result.Text(row, first + 10))};
}

std::vector<std::string> OptionalTextArray(const PgResult& result, int row, int column) {
  if (result.IsNull(row, column)) return {};
  return ParseTextArray(result.Text(row, column));
}

}  // namespace

void PgSessionRepository::Add(const domain::Session& session) {
  transaction_.Defer(
      kInsert, ParamsOf(session.id, session.user_id, session.created_at, session.last_used_at,
                        session.idle_expires_at, session.absolute_expires_at, session.revoked_at,
                        session.revoked_reason, session.ip, session.user_agent,
                        domain::JoinAmr(session.amr)));
}

std::optional<domain::Session> PgSessionRepository::FindById(std::string_view id) {
  if (!IsUuid(id)) return std::nullopt;
  if (read_ahead_.session && read_ahead_.session->id == id) {
    auto session = std::move(read_ahead_.session);
    read_ahead_.session.reset();
    return session;
  }
  const auto result = transaction_.Query(kById, ParamsOf(id));
  if (result.Rows() == 0) return std::nullopt;
  return ReadSession(result, 0);
}

void PgSessionRepository::Update(const domain::Session& session) {
  read_ahead_.ForgetSession();
  transaction_.Defer(kUpdate, ParamsOf(session.last_used_at, session.idle_expires_at,
                                       session.revoked_at, session.revoked_reason, session.id));
}

std::vector<domain::Session> PgSessionRepository::ListByUser(std::string_view user_id) {
  std::vector<domain::Session> sessions;
  if (!IsUuid(user_id)) return sessions;
  const auto result = transaction_.Query(kByUser, ParamsOf(user_id));
  for (int row = 0; row < result.Rows(); ++row) sessions.push_back(ReadSession(result, row));
  return sessions;
}

int PgSessionRepository::RevokeAllForUser(std::string_view user_id, domain::TimePoint at,
                                          std::string_view reason) {
  read_ahead_.ForgetSession();
  if (!IsUuid(user_id)) return 0;
  return static_cast<int>(transaction_.Query(kRevokeAll, ParamsOf(at, reason, user_id)).Affected());
}

std::optional<application::AccessState> PgSessionRepository::FindAccessState(
    std::string_view session_id) {
  if (!IsUuid(session_id)) return std::nullopt;
  const auto result = transaction_.Query(kAccessState, ParamsOf(session_id));
  if (result.Rows() == 0) return std::nullopt;
  return application::AccessState{.user_id = result.Text(0, 0),
                                  .token_version = static_cast<int>(result.Int(0, 1)),
                                  .user_locked = result.Bool(0, 2),
                                  .session_revoked_at = result.OptionalTime(0, 3),
                                  .session_idle_expires_at = result.Time(0, 4),
                                  .session_absolute_expires_at = result.Time(0, 5)};
}

void PgSessionRepository::AddRefreshToken(const domain::RefreshToken& token) {
  transaction_.Defer(kInsertToken,
                     ParamsOf(token.token_hash, token.session_id, token.issued_at, token.spent_at));
}

std::optional<domain::RefreshToken> PgSessionRepository::FindRefreshToken(
    std::string_view token_hash) {
  const auto result = transaction_.Query(kTokenWithReadAhead, ParamsOf(token_hash));
  if (result.Rows() == 0) return std::nullopt;
  if (!result.IsNull(0, kReadAheadSession)) {
    read_ahead_.session = ReadSession(result, 0, kReadAheadSession);
  }
  if (!result.IsNull(0, kReadAheadUser)) {
    read_ahead_.user = UserAt(result, 0, kReadAheadUser);
    read_ahead_.user->roles = OptionalTextArray(result, 0, kReadAheadRoles);
    read_ahead_.permissions = OptionalTextArray(result, 0, kReadAheadPermissions);
    read_ahead_.permissions_user_id = read_ahead_.user->id;
  }
  return domain::RefreshToken{.token_hash = result.Text(0, 0),
                              .session_id = result.Text(0, 1),
                              .issued_at = result.Time(0, 2),
                              .spent_at = result.OptionalTime(0, 3)};
}

bool PgSessionRepository::SpendRefreshToken(std::string_view token_hash, domain::TimePoint at) {
  return transaction_.Query(kSpendToken, ParamsOf(at, token_hash)).Affected() == 1;
}

}  // namespace rampart::infrastructure::postgres

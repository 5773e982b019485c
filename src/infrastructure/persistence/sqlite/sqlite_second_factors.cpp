#include "infrastructure/persistence/sqlite/sqlite_second_factors.hpp"

#include <algorithm>

namespace rampart::infrastructure::sqlite {

std::optional<domain::TotpEnrolment> SqliteSecondFactorRepository::FindTotp(
    std::string_view user_id) {
  auto query = connection_.Prepare(
      "SELECT secret_sealed, created_at, confirmed_at, last_used_step FROM user_totp"
      " WHERE user_id = ?");
  query.Bind(1, user_id);
  if (!query.Next()) return std::nullopt;
  return domain::TotpEnrolment{
      .user_id = std::string(user_id),
      .sealed_secret = query.Text(0),
      .created_at = query.Time(1),
      .confirmed_at = query.OptionalTime(2),
      .last_used_step = query.IsNull(3) ? std::nullopt : std::optional<std::int64_t>(query.Int(3))};
}

void SqliteSecondFactorRepository::SaveTotp(const domain::TotpEnrolment& enrolment) {
  auto query = connection_.Prepare(
      "INSERT INTO user_totp (user_id, secret_sealed, created_at, confirmed_at, last_used_step)"
      " VALUES (?, ?, ?, ?, ?) ON CONFLICT (user_id) DO UPDATE SET"
      " secret_sealed = excluded.secret_sealed, created_at = excluded.created_at,"
      " confirmed_at = excluded.confirmed_at, last_used_step = excluded.last_used_step");
  query.BindAll(enrolment.user_id, enrolment.sealed_secret, enrolment.created_at,
                enrolment.confirmed_at);
  if (enrolment.last_used_step) {
    query.Bind(5, static_cast<long long>(*enrolment.last_used_step));
  } else {
    query.BindNull(5);
  }
  query.Execute();
}

bool SqliteSecondFactorRepository::DeleteTotp(std::string_view user_id) {
  return connection_.Prepare("DELETE FROM user_totp WHERE user_id = ?").BindAll(user_id).Execute() >
         0;
}

bool SqliteSecondFactorRepository::UseTotpStep(std::string_view user_id, std::int64_t step) {
  return connection_
             .Prepare(
                 "UPDATE user_totp SET last_used_step = ? WHERE user_id = ?"
                 " AND confirmed_at IS NOT NULL"
                 " AND (last_used_step IS NULL OR last_used_step < ?)")
             .BindAll(static_cast<long long>(step), user_id, static_cast<long long>(step))
             .Execute() == 1;
}

void SqliteSecondFactorRepository::ReplaceRecoveryCodes(
    std::string_view user_id, const std::vector<std::string>& code_hashes, domain::TimePoint at) {
  DeleteRecoveryCodes(user_id);
  for (const auto& hash : code_hashes) {
    connection_
        .Prepare("INSERT INTO recovery_codes (user_id, code_hash, created_at) VALUES (?, ?, ?)")
        .BindAll(user_id, hash, at)
        .Execute();
  }
}

bool SqliteSecondFactorRepository::RedeemRecoveryCode(std::string_view user_id,
                                                      std::string_view code_hash,
                                                      domain::TimePoint at) {
  return connection_
             .Prepare(
                 "UPDATE recovery_codes SET used_at = ?"
                 " WHERE user_id = ? AND code_hash = ? AND used_at IS NULL")
             .BindAll(at, user_id, code_hash)
             .Execute() == 1;
}

int SqliteSecondFactorRepository::CountUnusedRecoveryCodes(std::string_view user_id) {
  auto query = connection_.Prepare(
      "SELECT count(*) FROM recovery_codes WHERE user_id = ? AND used_at IS NULL");
  query.Bind(1, user_id);
  return query.Next() ? static_cast<int>(query.Int(0)) : 0;
}

void SqliteSecondFactorRepository::DeleteRecoveryCodes(std::string_view user_id) {
  connection_.Prepare("DELETE FROM recovery_codes WHERE user_id = ?").BindAll(user_id).Execute();
}

void SqliteSecondFactorRepository::AddChallenge(const domain::MfaChallenge& challenge) {
  connection_
      .Prepare(
          "INSERT INTO mfa_challenges (challenge_hash, user_id, token_version, created_at,"
          " expires_at, used_at) VALUES (?, ?, ?, ?, ?, ?)")
      .BindAll(challenge.challenge_hash, challenge.user_id, challenge.token_version,
               challenge.created_at, challenge.expires_at, challenge.used_at)
      .Execute();
}

std::optional<domain::MfaChallenge> SqliteSecondFactorRepository::FindChallenge(
    std::string_view challenge_hash) {
  auto query = connection_.Prepare(
      "SELECT user_id, token_version, created_at, expires_at, used_at FROM mfa_challenges"
      " WHERE challenge_hash = ?");
  query.Bind(1, challenge_hash);
  if (!query.Next()) return std::nullopt;
  return domain::MfaChallenge{.challenge_hash = std::string(challenge_hash),
                              .user_id = query.Text(0),
                              .token_version = static_cast<int>(query.Int(1)),
                              .created_at = query.Time(2),
                              .expires_at = query.Time(3),
                              .used_at = query.OptionalTime(4)};
}

bool SqliteSecondFactorRepository::ConsumeChallenge(std::string_view challenge_hash,
                                                    domain::TimePoint at) {
  return connection_
             .Prepare(
                 "UPDATE mfa_challenges SET used_at = ? WHERE challenge_hash = ?"
                 " AND used_at IS NULL")
             .BindAll(at, challenge_hash)
             .Execute() == 1;
}

int SqliteSecondFactorRepository::DeleteExpiredChallenges(domain::TimePoint bound, int limit) {
  return connection_
      .Prepare(
          "DELETE FROM mfa_challenges WHERE challenge_hash IN (SELECT challenge_hash FROM"
          " mfa_challenges WHERE expires_at < ? ORDER BY expires_at LIMIT ?)")
      .BindAll(bound, std::max(limit, 0))
      .Execute();
}

}  // namespace rampart::infrastructure::sqlite

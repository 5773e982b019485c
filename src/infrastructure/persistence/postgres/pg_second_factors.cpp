#include "infrastructure/persistence/postgres/pg_second_factors.hpp"

#include <algorithm>

namespace rampart::infrastructure::postgres {

namespace {

constexpr Statement kFindTotp{
    "user_totp_by_user",
    "SELECT secret_sealed, extract(epoch from created_at)::bigint,"
    " extract(epoch from confirmed_at)::bigint, last_used_step FROM user_totp WHERE user_id = $1"};
constexpr Statement kSaveTotp{
    "user_totp_save",
    "INSERT INTO user_totp (user_id, secret_sealed, created_at, confirmed_at, last_used_step)"
    " VALUES ($1, $2, to_timestamp($3), to_timestamp($4), $5::bigint) ON CONFLICT (user_id) DO"
    " UPDATE SET secret_sealed = excluded.secret_sealed, created_at = excluded.created_at,"
    " confirmed_at = excluded.confirmed_at, last_used_step = excluded.last_used_step"};
constexpr Statement kDeleteTotp{"user_totp_delete", "DELETE FROM user_totp WHERE user_id = $1"};
constexpr Statement kUseStep{"user_totp_use_step",
                             "UPDATE user_totp SET last_used_step = $1::bigint WHERE user_id = $2"
                             " AND confirmed_at IS NOT NULL"
                             " AND (last_used_step IS NULL OR last_used_step < $1::bigint)"};
constexpr Statement kDeleteCodes{"recovery_codes_delete",
                                 "DELETE FROM recovery_codes WHERE user_id = $1"};
constexpr Statement kInsertCodes{
    "recovery_codes_insert",
    "INSERT INTO recovery_codes (user_id, code_hash, created_at)"
    " SELECT $1, hash, to_timestamp($3) FROM unnest($2::text[]) AS hash"};
constexpr Statement kRedeemCode{"recovery_codes_redeem",
                                "UPDATE recovery_codes SET used_at = to_timestamp($1)"
                                " WHERE user_id = $2 AND code_hash = $3 AND used_at IS NULL"};
constexpr Statement kCountCodes{
    "recovery_codes_count_unused",
    "SELECT count(*) FROM recovery_codes WHERE user_id = $1 AND used_at IS NULL"};
constexpr Statement kAddChallenge{
    "mfa_challenges_insert",
    "INSERT INTO mfa_challenges (challenge_hash, user_id, token_version, created_at, expires_at,"
    " used_at) VALUES ($1, $2, $3, to_timestamp($4), to_timestamp($5), to_timestamp($6))"};
constexpr Statement kFindChallenge{
    "mfa_challenges_by_hash",
    "SELECT user_id, token_version, extract(epoch from created_at)::bigint,"
    " extract(epoch from expires_at)::bigint, extract(epoch from used_at)::bigint"
    " FROM mfa_challenges WHERE challenge_hash = $1"};
constexpr Statement kConsumeChallenge{
    "mfa_challenges_consume",
    "UPDATE mfa_challenges SET used_at = to_timestamp($1) WHERE challenge_hash = $2"
    " AND used_at IS NULL"};
constexpr Statement kDeleteExpired{
    "mfa_challenges_delete_expired",
    "DELETE FROM mfa_challenges WHERE challenge_hash IN (SELECT challenge_hash FROM"
    " mfa_challenges WHERE expires_at < to_timestamp($1) ORDER BY expires_at LIMIT $2"
    " FOR UPDATE SKIP LOCKED)"};

std::optional<std::string> StepParam(std::optional<std::int64_t> step) {
  if (!step) return std::nullopt;
  return Param(static_cast<long long>(*step));
}

}  // namespace

std::optional<domain::TotpEnrolment> PgSecondFactorRepository::FindTotp(std::string_view user_id) {
  if (!IsUuid(user_id)) return std::nullopt;
  const auto result = transaction_.Query(kFindTotp, ParamsOf(user_id));
  if (result.Rows() == 0) return std::nullopt;
  return domain::TotpEnrolment{
      .user_id = std::string(user_id),
      .sealed_secret = result.Text(0, 0),
      .created_at = result.Time(0, 1),
      .confirmed_at = result.OptionalTime(0, 2),
      .last_used_step = result.IsNull(0, 3) ? std::nullopt
                                            : std::optional<std::int64_t>(result.Int(0, 3))};
}

void PgSecondFactorRepository::SaveTotp(const domain::TotpEnrolment& enrolment) {
  auto params = ParamsOf(enrolment.user_id, enrolment.sealed_secret, enrolment.created_at,
                         enrolment.confirmed_at);
  params.push_back(StepParam(enrolment.last_used_step));
  transaction_.Query(kSaveTotp, std::move(params));
}

bool PgSecondFactorRepository::DeleteTotp(std::string_view user_id) {
  if (!IsUuid(user_id)) return false;
  return transaction_.Query(kDeleteTotp, ParamsOf(user_id)).Affected() > 0;
}

bool PgSecondFactorRepository::UseTotpStep(std::string_view user_id, std::int64_t step) {
  if (!IsUuid(user_id)) return false;
  return transaction_.Query(kUseStep, ParamsOf(static_cast<long long>(step), user_id))
             .Affected() == 1;
}

void PgSecondFactorRepository::ReplaceRecoveryCodes(std::string_view user_id,
                                                    const std::vector<std::string>& code_hashes,
                                                    domain::TimePoint at) {
  std::vector<Command> commands;
  commands.push_back({&kDeleteCodes, ParamsOf(user_id)});
  commands.push_back({&kInsertCodes, ParamsOf(user_id, TextArray(code_hashes), at)});
  transaction_.Run(std::move(commands));
}

bool PgSecondFactorRepository::RedeemRecoveryCode(std::string_view user_id,
                                                  std::string_view code_hash,
                                                  domain::TimePoint at) {
  if (!IsUuid(user_id)) return false;
  return transaction_.Query(kRedeemCode, ParamsOf(at, user_id, code_hash)).Affected() == 1;
}

int PgSecondFactorRepository::CountUnusedRecoveryCodes(std::string_view user_id) {
  if (!IsUuid(user_id)) return 0;
  return static_cast<int>(transaction_.Query(kCountCodes, ParamsOf(user_id)).Int(0, 0));
}

void PgSecondFactorRepository::DeleteRecoveryCodes(std::string_view user_id) {
  if (!IsUuid(user_id)) return;
  transaction_.Query(kDeleteCodes, ParamsOf(user_id));
}

void PgSecondFactorRepository::AddChallenge(const domain::MfaChallenge& challenge) {
  transaction_.Query(kAddChallenge,
                     ParamsOf(challenge.challenge_hash, challenge.user_id, challenge.token_version,
                              challenge.created_at, challenge.expires_at, challenge.used_at));
}

std::optional<domain::MfaChallenge> PgSecondFactorRepository::FindChallenge(
    std::string_view challenge_hash) {
  const auto result = transaction_.Query(kFindChallenge, ParamsOf(challenge_hash));
  if (result.Rows() == 0) return std::nullopt;
  return domain::MfaChallenge{.challenge_hash = std::string(challenge_hash),
                              .user_id = result.Text(0, 0),
                              .token_version = static_cast<int>(result.Int(0, 1)),
                              .created_at = result.Time(0, 2),
                              .expires_at = result.Time(0, 3),
                              .used_at = result.OptionalTime(0, 4)};
}

bool PgSecondFactorRepository::ConsumeChallenge(std::string_view challenge_hash,
                                                domain::TimePoint at) {
  return transaction_.Query(kConsumeChallenge, ParamsOf(at, challenge_hash)).Affected() == 1;
}

int PgSecondFactorRepository::DeleteExpiredChallenges(domain::TimePoint bound, int limit) {
  return static_cast<int>(
      transaction_.Query(kDeleteExpired, ParamsOf(bound, std::max(limit, 0))).Affected());
}

}  // namespace rampart::infrastructure::postgres

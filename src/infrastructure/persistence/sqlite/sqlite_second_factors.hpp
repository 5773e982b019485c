#pragma once
#include "application/ports/second_factor_repository.hpp"
#include "infrastructure/sqlite/connection.hpp"

namespace rampart::infrastructure::sqlite {

// SqliteSecondFactorRepository: TOTP enrolments, recovery codes and login challenges (tables
// user_totp, recovery_codes, mfa_challenges). The conditional writes are single statements;
// SQLite's one writer serialises them anyway.
class SqliteSecondFactorRepository final : public application::SecondFactorRepository {
 public:
  explicit SqliteSecondFactorRepository(Connection& connection) : connection_(connection) {}

  std::optional<domain::TotpEnrolment> FindTotp(std::string_view user_id) override;
  void SaveTotp(const domain::TotpEnrolment& enrolment) override;
  bool DeleteTotp(std::string_view user_id) override;
  bool UseTotpStep(std::string_view user_id, std::int64_t step) override;

  void ReplaceRecoveryCodes(std::string_view user_id, const std::vector<std::string>& code_hashes,
                            domain::TimePoint at) override;
  bool RedeemRecoveryCode(std::string_view user_id, std::string_view code_hash,
                          domain::TimePoint at) override;
  int CountUnusedRecoveryCodes(std::string_view user_id) override;
  void DeleteRecoveryCodes(std::string_view user_id) override;

  void AddChallenge(const domain::MfaChallenge& challenge) override;
  std::optional<domain::MfaChallenge> FindChallenge(std::string_view challenge_hash) override;
  bool ConsumeChallenge(std::string_view challenge_hash, domain::TimePoint at) override;
  int DeleteExpiredChallenges(domain::TimePoint bound, int limit) override;

 private:
  Connection& connection_;
};

}  // namespace rampart::infrastructure::sqlite

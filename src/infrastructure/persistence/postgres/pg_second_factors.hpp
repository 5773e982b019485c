#pragma once
#include "application/ports/second_factor_repository.hpp"
#include "infrastructure/persistence/postgres/pg_transaction.hpp"

namespace rampart::infrastructure::postgres {

// PgSecondFactorRepository: TOTP enrolments, recovery codes and login challenges (tables user_totp,
// recovery_codes, mfa_challenges). The conditional writes (a step used, a code redeemed, a
// challenge consumed) are single UPDATEs whose condition PostgreSQL re-checks under the row lock at
// READ COMMITTED: of two concurrent ones exactly one changes the row.
class PgSecondFactorRepository final : public application::SecondFactorRepository {
 public:
  explicit PgSecondFactorRepository(PgTransaction& transaction) : transaction_(transaction) {}

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
  PgTransaction& transaction_;
};

}  // namespace rampart::infrastructure::postgres

#pragma once
// Persistence of two-factor sign-in (domain/second_factor.hpp): TOTP enrolments, recovery codes
// and login challenges. Part of the unit of work (UnitOfWork::SecondFactors()); both adapters
// pass tests/integration/repository_contract_second_factor.cpp.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "domain/second_factor.hpp"

namespace rampart::application {

class SecondFactorRepository {
 public:
  virtual ~SecondFactorRepository() = default;

  // FindTotp returns the user's TOTP enrolment, confirmed or not.
  virtual std::optional<domain::TotpEnrolment> FindTotp(std::string_view user_id) = 0;
  // SaveTotp inserts the enrolment or replaces the user's one (a new enrolment, a confirmation).
  virtual void SaveTotp(const domain::TotpEnrolment& enrolment) = 0;
  // DeleteTotp deletes the user's enrolment; false when there was none.
  virtual bool DeleteTotp(std::string_view user_id) = 0;
  // UseTotpStep records `step` as the last used step of the user's confirmed enrolment if it is
  // later than the one stored, in one statement: false when a code of this step or a later one was
  // already accepted (a replay; of two concurrent uses of one code exactly one wins) or there is no
  // confirmed enrolment.
  virtual bool UseTotpStep(std::string_view user_id, std::int64_t step) = 0;

  // ReplaceRecoveryCodes replaces every recovery code of the user (used or not) by these hashes,
  // issued at `at`.
  virtual void ReplaceRecoveryCodes(std::string_view user_id,
                                    const std::vector<std::string>& code_hashes,
                                    domain::TimePoint at) = 0;
  // RedeemRecoveryCode marks the user's code with this hash used if it was unused, in one
  // statement: false when it is unknown or used (of two concurrent redemptions of one code exactly
  // one wins).
  virtual bool RedeemRecoveryCode(std::string_view user_id, std::string_view code_hash,
                                  domain::TimePoint at) = 0;
  virtual int CountUnusedRecoveryCodes(std::string_view user_id) = 0;
  virtual void DeleteRecoveryCodes(std::string_view user_id) = 0;

  virtual void AddChallenge(const domain::MfaChallenge& challenge) = 0;
  virtual std::optional<domain::MfaChallenge> FindChallenge(std::string_view challenge_hash) = 0;
  // ConsumeChallenge marks the challenge used if it was unused, in one statement: false when it was
  // used (or is unknown).
  virtual bool ConsumeChallenge(std::string_view challenge_hash, domain::TimePoint at) = 0;
  // DeleteExpiredChallenges deletes at most `limit` challenges that expired before `bound` (never
  // one expiring at or after it); returns how many went. Every new challenge prunes a few, so the
  // table holds about the challenges of one challenge lifetime.
  virtual int DeleteExpiredChallenges(domain::TimePoint bound, int limit) = 0;
};

}  // namespace rampart::application

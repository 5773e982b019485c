#include "application/setup/normalise_stored_emails.hpp"

#include "application/common/email_input.hpp"

namespace rampart::application {

namespace {

struct Rewrite {
  StoredEmail stored;
  domain::Email normal;
};

}  // namespace

domain::Result<NormaliseStoredEmailsCommand::Response> Handle(const NormaliseStoredEmailsCommand&,
                                                              UseCaseContext& context) {
  auto& services = context.services;
  NormaliseStoredEmailsCommand::Response result;
  if (services.emails == nullptr) return result;
  std::vector<Rewrite> rewrites;
  context.Begin(TransactionMode::kRead);
  for (auto& stored : context.Uow().Users().ListNonAsciiEmails()) {
    auto normal = ParseEmail(services, stored.email);
    if (!normal) {
      result.kept.push_back({stored.user_id, normal.error().fields.empty()
                                                 ? normal.error().detail
                                                 : normal.error().fields.front().message});
    } else if (normal->value() != stored.email) {
      rewrites.push_back({std::move(stored), std::move(*normal)});
    }
  }
  if (rewrites.empty()) return result;

  context.Begin(TransactionMode::kWrite);
  auto& users = context.Uow().Users();
  const auto now = services.clock.Now();
  for (const auto& rewrite : rewrites) {
    auto user = users.FindByIdForUpdate(rewrite.stored.user_id);
    // Changed or deleted since the read: whatever it holds now was written by this version.
    if (!user || user->email.value() != rewrite.stored.email) continue;
    if (const auto holder = users.FindByEmail(rewrite.normal); holder && holder->id != user->id) {
      result.kept.push_back({user->id, "the account " + holder->id + " has its normal form"});
      continue;
    }
    user->email = rewrite.normal;
    user->updated_at = now;
    if (auto updated = users.Update(*user); !updated) {
      result.kept.push_back({user->id, updated.error().detail});
      continue;
    }
    context.Audit(domain::audit::kUserUpdated, "user", user->id,
                  R"({"fields":["email"],"via":"normalisation"})");
    ++result.normalised;
  }
  context.Commit();
  return result;
}

}  // namespace rampart::application

#pragma once
// Start-up maintenance (`rampart serve`, `rampart migrate`): rewrites the stored e-mail
// addresses that an earlier version left out of today's normal form (docs/users.md, "E-mail
// addresses"). Earlier versions lower-cased ASCII only, so only addresses with a non-ASCII
// character can differ: an NFD spelling, a U-label domain, an upper-case non-ASCII letter.
// Idempotent: a second run finds nothing to do.
#include <string>
#include <vector>

#include "application/dispatch/use_case.hpp"

namespace rampart::application {

struct NormaliseStoredEmailsCommand {
  struct Kept {
    std::string user_id;
    std::string reason;  // why the stored address stays as it is
  };
  struct Response {
    int normalised = 0;       // addresses rewritten (each audited as `user.updated`)
    std::vector<Kept> kept;   // addresses left as they are
  };
  static constexpr std::string_view kName = "setup.normalise_stored_emails";
  static constexpr Requirement kRequires = Requirement::System();
  static constexpr Transaction kTransaction = Transaction::kOwn;  // a read, then one write
};

// Handle: an address whose normal form another live account has, or that today's rules
// refuse (fullwidth letters, say), is kept and reported: an administrator decides (PATCH
// /users/{id}). Without Services::emails (ASCII rules only) there is nothing to rewrite.
domain::Result<NormaliseStoredEmailsCommand::Response> Handle(
    const NormaliseStoredEmailsCommand& command, UseCaseContext& context);

}  // namespace rampart::application

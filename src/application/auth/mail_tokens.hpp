#pragma once
// What the verification and reset flows share: issuing a one-time token (random, stored as its
// SHA-256, superseding the user's older ones of the same purpose), checking one, and writing
// the mail that carries it to the outbox — all inside the caller's write unit of work, so the
// mail exists exactly when the change commits.
#include <string>
#include <string_view>

#include "application/dispatch/use_case.hpp"
#include "application/ports/outbox.hpp"
#include "domain/user.hpp"

namespace rampart::application {

// IssueOneTimeToken issues a token of `purpose` for `user` (valid for `ttl`) and returns it in
// clear: it goes into the mail only.
std::string IssueOneTimeToken(UseCaseContext& context, const domain::User& user,
                              std::string_view purpose, std::chrono::seconds ttl);

// FindUsableToken returns the unused, unexpired token of `purpose` with this clear value; else a
// 422 naming the field `token` (one message for unknown, used, superseded and expired tokens).
domain::Result<OneTimeToken> FindUsableToken(UseCaseContext& context, std::string_view token,
                                             std::string_view purpose);
// BadTokenError returns the same 422, for a token whose user is gone or no longer has the address
// it was mailed to.
domain::Error BadTokenError();
// StillAddressedTo returns whether `user` still has the address `token` was mailed to.
bool StillAddressedTo(const OneTimeToken& token, const domain::User& user);

// EnqueueVerificationMail appends the verification mail (a link with the token) to the outbox.
void EnqueueVerificationMail(UseCaseContext& context, const domain::User& user,
                             std::string_view token);
// EnqueueResetMail appends the password-reset mail to the outbox.
void EnqueueResetMail(UseCaseContext& context, const domain::User& user, std::string_view token);

// MailPayload returns the JSON body of a mail message on the queue (docs/messaging.md): `text` is
// the plain-text body, `html` (omitted when empty) the HTML alternative, already escaped where it
// holds user-controlled text.
std::string MailPayload(std::string_view id, std::string_view to, std::string_view subject,
                        std::string_view text, std::string_view html = {});

}  // namespace rampart::application

#pragma once
// Domain events for other services, derived from the audit events the use cases record (as the
// rampart:begin(iam)
// business counters are): every security-relevant change to a user or a role, every change of a
// feature flag's value, and every change of a note (the example resource), becomes a
// rampart:else
// // business counters are): every change of a feature flag's value and every change of a note
// // (the example resource) becomes a
// rampart:end
// CloudEvents 1.0 message (structured JSON) in the outbox's `events` stream, written in the
// same transaction as the change (UseCaseContext::Commit flushes them), so an event exists
// exactly when its change committed. No handler writes an event by hand. docs/events.md
// ("Domain events") lists the types with an example each.
#include <optional>
#include <string>
#include <string_view>

#include "application/dispatch/business_metrics.hpp"
#include "application/ports/unit_of_work.hpp"
#include "domain/audit_event.hpp"

namespace rampart::application {

namespace event_types {
// rampart:begin(iam)
inline constexpr std::string_view kUserRegistered = "rampart.user.registered";
inline constexpr std::string_view kUserCreated = "rampart.user.created";
inline constexpr std::string_view kUserUpdated = "rampart.user.updated";
inline constexpr std::string_view kUserDeleted = "rampart.user.deleted";
inline constexpr std::string_view kUserLocked = "rampart.user.locked";
inline constexpr std::string_view kUserUnlocked = "rampart.user.unlocked";
inline constexpr std::string_view kUserRolesChanged = "rampart.user.roles.changed";
inline constexpr std::string_view kUserPasswordChanged = "rampart.user.password.changed";
inline constexpr std::string_view kUserPasswordReset = "rampart.user.password.reset";
inline constexpr std::string_view kUserEmailVerified = "rampart.user.email.verified";
inline constexpr std::string_view kUserSessionsRevoked = "rampart.user.sessions.revoked";
inline constexpr std::string_view kRoleCreated = "rampart.role.created";
inline constexpr std::string_view kRoleUpdated = "rampart.role.updated";
inline constexpr std::string_view kRoleDeleted = "rampart.role.deleted";
// rampart:end
inline constexpr std::string_view kFeatureChanged = "rampart.feature.changed";
inline constexpr std::string_view kNoteCreated = "rampart.note.created";
inline constexpr std::string_view kNoteUpdated = "rampart.note.updated";
inline constexpr std::string_view kNoteDeleted = "rampart.note.deleted";
}  // namespace event_types

// rampart:begin(iam)
// DomainEventTypeOf returns the CloudEvent type announcing this audit event, or nullopt when it is
// not announced (logins, logouts, refresh-token reuse, lockouts, requests for mails: activity, not
// changes other services act on). `user.created` is `rampart.user.registered` when the use case
// marked it a self-registration, else `rampart.user.created`; every other type is `rampart.` + the
// action.
// rampart:else
// // DomainEventTypeOf returns the CloudEvent type announcing this audit event (`rampart.` + the
// // action), or nullopt when it is not announced.
// rampart:end
std::optional<std::string_view> DomainEventTypeOf(const domain::AuditEvent& audit,
                                                  BusinessEvent event = BusinessEvent::kNone);

// CloudEventJson returns the CloudEvent (structured JSON, datacontenttype application/json) for an
// announced audit event: `id` is the audit event's id, `source` the given URI, `time` the audit
// event's. `data` carries the aggregate's id, the actor (null for the process or an anonymous
// caller), the correlation id, the audit details (never a secret), and the aggregate's state as
// this transaction leaves it, read through `uow`.
// rampart:begin(iam)
// `subject` is `users/<id>`, `roles/<id>`, `notes/<id>` or `features/<name>`. The state of a user is
// its id, e-mail address, display name, verification and lock flags, roles and times; for a role
// its name, description, built-in flag and permissions; for a note its id, owner, title, body and
// times. Never a password hash, token or token version. A deleted aggregate has no state.
// rampart:else
// // `subject` is `notes/<id>` or `features/<name>`. The state of a note is its id, owner, title,
// // body and times. A deleted aggregate has no state.
// rampart:end
// A feature flag's event carries `name` and the details (`from`,
// `to`, `source`: its old and new value and where the new one came from).
std::string CloudEventJson(std::string_view type, const domain::AuditEvent& audit,
                           std::string_view source, UnitOfWork& uow);

// AppendDomainEvent appends the CloudEvent to the outbox's `events` stream of `uow` (the aggregate
// is the message group, the event id the deduplication id).
void AppendDomainEvent(std::string_view type, const domain::AuditEvent& audit,
                       std::string_view source, UnitOfWork& uow);

}  // namespace rampart::application

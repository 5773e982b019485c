#include "application/events/domain_events.hpp"

#include <array>
#include <utility>

#include "application/common/audit.hpp"

namespace rampart::application {

namespace {

namespace audit = domain::audit;

// rampart:begin(iam)
// Audit action → event type, for every announced action but user.created (which depends on
// the use case's mark).
constexpr std::array<std::pair<std::string_view, std::string_view>, 16> kAnnounced{{
// rampart:else
// // Audit action → event type, for every announced action.
// constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kAnnounced{{
// rampart:end
    // rampart:begin(iam)
    {audit::kUserUpdated, event_types::kUserUpdated},
    {audit::kUserDeleted, event_types::kUserDeleted},
    {audit::kUserLocked, event_types::kUserLocked},
    {audit::kUserUnlocked, event_types::kUserUnlocked},
    {audit::kUserRolesChanged, event_types::kUserRolesChanged},
    {audit::kPasswordChanged, event_types::kUserPasswordChanged},
    {audit::kPasswordReset, event_types::kUserPasswordReset},
    {audit::kEmailVerified, event_types::kUserEmailVerified},
    {audit::kUserSessionsRevoked, event_types::kUserSessionsRevoked},
    {audit::kRoleCreated, event_types::kRoleCreated},
    {audit::kRoleUpdated, event_types::kRoleUpdated},
    {audit::kRoleDeleted, event_types::kRoleDeleted},
    // rampart:end
    {audit::kFeatureChanged, event_types::kFeatureChanged},
    {audit::kNoteCreated, event_types::kNoteCreated},
    {audit::kNoteUpdated, event_types::kNoteUpdated},
    {audit::kNoteDeleted, event_types::kNoteDeleted},
}};

std::string JsonStringOrNull(std::string_view text) {
  return text.empty() ? std::string("null") : JsonString(text);
}

// rampart:begin(iam)
std::string UserState(const domain::User& user) {
  std::string out = R"({"id":)" + JsonString(user.id) + R"(,"email":)" +
                    JsonString(user.email.value()) + R"(,"displayName":)" +
                    JsonString(user.display_name) + R"(,"emailVerified":)" +
                    (user.email_verified ? "true" : "false") + R"(,"locked":)" +
                    (user.locked ? "true" : "false") + R"(,"roles":)" +
                    JsonStringArray(user.roles) + R"(,"createdAt":")";
  domain::AppendRfc3339(out, user.created_at);
  out += R"(","updatedAt":")";
  domain::AppendRfc3339(out, user.updated_at);
  return out + "\"}";
}

std::string RoleState(const domain::Role& role) {
  return R"({"id":)" + JsonString(role.id) + R"(,"name":)" + JsonString(role.name) +
         R"(,"description":)" + JsonString(role.description) + R"(,"builtIn":)" +
         (role.built_in ? "true" : "false") + R"(,"permissions":)" +
         JsonStringArray(role.permissions) + "}";
}
// rampart:end

std::string NoteState(const domain::Note& note) {
  std::string out = R"({"id":)" + JsonString(note.id) + R"(,"ownerId":)" +
                    JsonString(note.owner_id) + R"(,"title":)" + JsonString(note.title) +
                    R"(,"body":)" + JsonString(note.body) + R"(,"createdAt":")";
  domain::AppendRfc3339(out, note.created_at);
  out += R"(","updatedAt":")";
  domain::AppendRfc3339(out, note.updated_at);
  return out + "\"}";
}

// Aggregate: what an event's subject and data call the aggregate, and its state (empty once
// deleted), as `uow` has it.
struct Aggregate {
  std::string_view subject_prefix;  // "notes/"
  std::string_view id_member;       // "noteId"
  std::string_view state_member;    // "note"
  std::string state;
};

Aggregate AggregateOf(const domain::AuditEvent& audit, UnitOfWork& uow) {
  // rampart:begin(iam)
  if (audit.target_type == "role") {
    auto found = uow.Roles().FindById(audit.target_id);
    return {"roles/", "roleId", "role", found ? RoleState(*found) : ""};
  }
  if (audit.target_type == "note") {
    // A note's events are its owner's doing: the actor is the owner.
    auto found = uow.Notes().Find(audit.actor_id, audit.target_id);
    return {"notes/", "noteId", "note", found ? NoteState(*found) : ""};
  }
  auto found = uow.Users().FindById(audit.target_id);
  return {"users/", "userId", "user", found ? UserState(*found) : ""};
  // rampart:else
  // // A note's events are its owner's doing: the actor is the owner. (Every announced action
  // // but a flag's is about a note: add a branch per aggregate kind, by target_type.)
  // auto found = uow.Notes().Find(audit.actor_id, audit.target_id);
  // return {"notes/", "noteId", "note", found ? NoteState(*found) : ""};
  // rampart:end
}

// A flag is no stored aggregate: its event names it and carries the change in the details.
std::string FeatureCloudEventData(const domain::AuditEvent& audit) {
  return R"({"name":)" + JsonString(audit.target_id) + R"(,"actorId":)" +
         JsonStringOrNull(audit.actor_id) + R"(,"correlationId":)" +
         JsonStringOrNull(audit.correlation_id) + R"(,"details":)" +
         (audit.details_json.empty() ? std::string("{}") : audit.details_json) + "}";
}

std::string Envelope(std::string_view type, const domain::AuditEvent& audit,
                     std::string_view source, std::string_view subject) {
  std::string out = R"({"specversion":"1.0","id":)" + JsonString(audit.id) + R"(,"source":)" +
                    JsonString(source) + R"(,"type":)" + JsonString(type) + R"(,"subject":)" +
                    JsonString(subject) + R"(,"time":")";
  domain::AppendRfc3339(out, audit.at);
  out += R"(","datacontenttype":"application/json","data":)";
  return out;
}

}  // namespace

std::optional<std::string_view> DomainEventTypeOf(const domain::AuditEvent& audit,
                                                  [[maybe_unused]] BusinessEvent event) {
  // Only changes to an aggregate: an event needs its subject.
  if (audit.target_id.empty()) return std::nullopt;
  // rampart:begin(iam)
  if (audit.action == audit::kUserCreated) {
    return event == BusinessEvent::kRegistration ? event_types::kUserRegistered
                                                 : event_types::kUserCreated;
  }
  // rampart:end
  for (const auto& [action, type] : kAnnounced) {
    if (audit.action == action) return type;
  }
  return std::nullopt;
}

std::string CloudEventJson(std::string_view type, const domain::AuditEvent& audit,
                           std::string_view source, UnitOfWork& uow) {
  if (audit.target_type == "feature") {
    return Envelope(type, audit, source, "features/" + audit.target_id) +
           FeatureCloudEventData(audit) + "}";
  }
  const auto aggregate = AggregateOf(audit, uow);
  std::string out =
      Envelope(type, audit, source, std::string(aggregate.subject_prefix) + audit.target_id);
  out += "{\"" + std::string(aggregate.id_member) + "\":" + JsonString(audit.target_id) +
         R"(,"actorId":)" + JsonStringOrNull(audit.actor_id) + R"(,"correlationId":)" +
         JsonStringOrNull(audit.correlation_id) + R"(,"details":)" +
         (audit.details_json.empty() ? std::string("{}") : audit.details_json);
  if (!aggregate.state.empty()) {
    out += ",\"" + std::string(aggregate.state_member) + "\":" + aggregate.state;
  }
  return out + "}}";
}

void AppendDomainEvent(std::string_view type, const domain::AuditEvent& audit,
                       std::string_view source, UnitOfWork& uow) {
  uow.Outbox().Append({.id = audit.id,
                       .aggregate_id = audit.target_id,
                       .type = std::string(type),
                       .payload = CloudEventJson(type, audit, source, uow),
                       .created_at = audit.at,
                       .stream = std::string(kEventsStream)});
}

}  // namespace rampart::application

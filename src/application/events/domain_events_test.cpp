// Which audit actions become domain events, and under which CloudEvent type.
#include "application/events/domain_events.hpp"

#include <gtest/gtest.h>

namespace rampart::application {
namespace {

domain::AuditEvent Audit(std::string action, std::string target_type, std::string target_id) {
  return {.action = std::move(action),
          .target_type = std::move(target_type),
          .target_id = std::move(target_id)};
}

TEST(DomainEventTypeOf, AnnouncesEveryChangeOfANoteAsRampartPlusTheAction) {
  EXPECT_EQ(DomainEventTypeOf(Audit(domain::audit::kNoteCreated, "note", "n")),
            "rampart.note.created");
  EXPECT_EQ(DomainEventTypeOf(Audit(domain::audit::kNoteUpdated, "note", "n")),
            "rampart.note.updated");
  EXPECT_EQ(DomainEventTypeOf(Audit(domain::audit::kNoteDeleted, "note", "n")),
            "rampart.note.deleted");
}

// rampart:begin(iam)
TEST(DomainEventTypeOf, AnnouncesRoleAndUserChanges) {
  EXPECT_EQ(DomainEventTypeOf(Audit(domain::audit::kRoleCreated, "role", "r")),
            "rampart.role.created");
  EXPECT_EQ(DomainEventTypeOf(Audit(domain::audit::kUserCreated, "user", "u")),
            "rampart.user.created");
  EXPECT_EQ(DomainEventTypeOf(Audit(domain::audit::kUserCreated, "user", "u"),
                              BusinessEvent::kRegistration),
            "rampart.user.registered");
}
// rampart:end

TEST(DomainEventTypeOf, LeavesActivityAndSubjectlessEventsUnannounced) {
  // rampart:begin(iam)
  EXPECT_EQ(DomainEventTypeOf(Audit(domain::audit::kLoginSucceeded, "user", "u")), std::nullopt);
  EXPECT_EQ(DomainEventTypeOf(Audit(domain::audit::kApiKeyCreated, "api_key", "k")), std::nullopt);
  // rampart:end
  EXPECT_EQ(DomainEventTypeOf(Audit(domain::audit::kQueueRedriven, "queue", "mail")), std::nullopt);
  EXPECT_EQ(DomainEventTypeOf(Audit(domain::audit::kNoteCreated, "note", "")), std::nullopt)
      << "an event needs its subject";
}

}  // namespace
}  // namespace rampart::application

#include "application/notes/create_note.hpp"

namespace rampart::application {

void Validate(const CreateNoteCommand& command, Validation& validation) {
  validation.Check(domain::ParseNoteTitle(command.title));
  if (auto error = domain::NoteBodyError(command.body)) validation.Add("body", std::move(*error));
}

domain::Result<domain::Note> Handle(const CreateNoteCommand& command, UseCaseContext& context) {
  const auto now = context.services.clock.Now();
  domain::Note note{.id = context.services.random.NewUuid(),
                    .owner_id = context.Me().user_id,
                    .title = *domain::ParseNoteTitle(command.title),
                    .body = command.body,
                    .created_at = now,
                    .updated_at = now};
  context.Uow().Notes().Add(note);
  // The content stays out of the audit trail (its readers are not the note's); the CloudEvent
  // carries the note's state (events/domain_events.hpp).
  context.Audit(domain::audit::kNoteCreated, "note", note.id);
  return note;
}

}  // namespace rampart::application

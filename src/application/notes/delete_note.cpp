#include "application/notes/delete_note.hpp"

#include "application/notes/note_queries.hpp"

namespace rampart::application {

domain::Result<void> Handle(const DeleteNoteCommand& command, UseCaseContext& context) {
  if (!context.Uow().Notes().Remove(context.Me().user_id, command.note_id)) {
    return domain::Fail(NoteNotFound());
  }
  context.Audit(domain::audit::kNoteDeleted, "note", command.note_id);
  return {};
}

}  // namespace rampart::application

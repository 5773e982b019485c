#include "application/notes/update_note.hpp"

#include "application/common/audit.hpp"
#include "application/notes/note_queries.hpp"

namespace rampart::application {

void Validate(const UpdateNoteCommand& command, Validation& validation) {
  if (command.title) validation.Check(domain::ParseNoteTitle(*command.title));
  if (command.body) {
    if (auto error = domain::NoteBodyError(*command.body))
      validation.Add("body", std::move(*error));
  }
}

domain::Result<domain::Note> Handle(const UpdateNoteCommand& command, UseCaseContext& context) {
  auto& notes = context.Uow().Notes();
  auto note = notes.FindForUpdate(context.Me().user_id, command.note_id);
  if (!note) return domain::Fail(NoteNotFound());
  std::vector<std::string> changed;
  if (command.title) {
    if (auto title = *domain::ParseNoteTitle(*command.title); title != note->title) {
      note->title = std::move(title);
      changed.emplace_back("title");
    }
  }
  if (command.body && *command.body != note->body) {
    note->body = *command.body;
    changed.emplace_back("body");
  }
  if (changed.empty()) return std::move(*note);  // nothing to store, nothing to announce

  note->updated_at = context.services.clock.Now();
  if (!notes.Update(*note)) return domain::Fail(NoteNotFound());
  context.Audit(domain::audit::kNoteUpdated, "note", note->id,
                R"({"changed":)" + JsonStringArray(changed) + "}");
  return std::move(*note);
}

}  // namespace rampart::application

#include "application/notes/note_queries.hpp"

namespace rampart::application {

domain::Error NoteNotFound() { return domain::Error::NotFound("No note with this id."); }

void Validate(const ListNotesQuery& query, Validation& validation) {
  std::vector<domain::FieldError> errors;
  ParsePageRequest(query.page, query.page_size, kDefaultNotePageSize, errors);
  validation.Merge(errors);
}

domain::Result<NotePage> Handle(const ListNotesQuery& query, UseCaseContext& context) {
  std::vector<domain::FieldError> errors;  // empty: Validate ran first
  const auto paging = ParsePageRequest(query.page, query.page_size, kDefaultNotePageSize, errors);
  auto& notes = context.Uow().Notes();
  const auto& owner = context.Me().user_id;
  return NotePage{.items = notes.List(owner, paging.page_size, paging.Offset()),
                  .page = paging.page,
                  .page_size = paging.page_size,
                  .total = notes.Count(owner)};
}

domain::Result<domain::Note> Handle(const GetNoteQuery& query, UseCaseContext& context) {
  auto note = context.Uow().Notes().Find(context.Me().user_id, query.note_id);
  if (!note) return domain::Fail(NoteNotFound());
  return std::move(*note);
}

}  // namespace rampart::application

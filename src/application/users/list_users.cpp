#include "application/users/list_users.hpp"

#include <algorithm>
#include <array>
#include <utility>

#include "application/common/email_input.hpp"

namespace rampart::application {

namespace {

struct SortOption {
  std::string_view name;
  UserListQuery::SortField field;
};
constexpr std::array<SortOption, 3> kSortOptions{{
    {"createdAt", UserListQuery::SortField::kCreatedAt},
    {"email", UserListQuery::SortField::kEmail},
    {"displayName", UserListQuery::SortField::kDisplayName},
}};

bool HasControlCharacter(std::string_view text) {
  return std::any_of(text.begin(), text.end(),
                     [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; });
}

// The repository query `query` asks for, and every field error found on the way. A search
// term that is a whole e-mail address is searched in its normal form (ParseEmail), as stored.
std::pair<PageRequest, UserListQuery> Parse(const Services& services, const ListUsersQuery& query,
                                            std::vector<domain::FieldError>& errors) {
  const auto paging = ParsePageRequest(query.page, query.page_size, kDefaultUserPageSize, errors);
  UserListQuery filter{.limit = paging.page_size, .offset = paging.Offset()};
  if (query.search) {
    if (query.search->size() > kMaxUserSearchLength) {
      errors.push_back({"search", "Search must be at most 100 characters."});
    } else if (HasControlCharacter(*query.search)) {
      errors.push_back({"search", "Search must not contain control characters."});
    } else {
      auto address = ParseEmail(services, *query.search);
      filter.search = address ? address->value() : *query.search;
    }
  }
  if (query.role) {
    if (query.role->empty() || query.role->size() > 100 || HasControlCharacter(*query.role)) {
      errors.push_back({"role", "Role must be a role name."});
    } else {
      filter.role = *query.role;
    }
  }
  if (query.sort) {
    std::string_view sort = *query.sort;
    filter.descending = !sort.empty() && sort.front() == '-';
    if (filter.descending) sort.remove_prefix(1);
    const auto* option = std::find_if(kSortOptions.begin(), kSortOptions.end(),
                                      [sort](const SortOption& o) { return o.name == sort; });
    if (option == kSortOptions.end()) {
      errors.push_back({"sort",
                        "Sort must be one of createdAt, email, displayName, each optionally "
                        "prefixed with - for descending order."});
      filter.descending = true;
    } else {
      filter.sort = option->field;
    }
  }
  return {paging, std::move(filter)};
}

}  // namespace

void Validate(const ListUsersQuery& query, Validation& validation) {
  std::vector<domain::FieldError> errors;
  Parse(validation.services, query, errors);
  validation.Merge(errors);
}

domain::Result<UserPage> Handle(const ListUsersQuery& query, UseCaseContext& context) {
  std::vector<domain::FieldError> errors;  // empty: Validate ran first
  auto [paging, filter] = Parse(context.services, query, errors);
  auto listed = context.Uow().Users().List(filter);
  for (auto& user : listed.items) user.password_hash.clear();
  return UserPage{.items = std::move(listed.items),
                  .page = paging.page,
                  .page_size = paging.page_size,
                  .total = listed.total};
}

}  // namespace rampart::application

#pragma once
#include <string>

namespace rampart::infrastructure::sqlite {

// RandomUuid returns a version 4 UUID in canonical lower-case form, from SQLite's CSPRNG (seeded
// from the OS). For rows the caller inserts without an id (RoleRepository::Upsert of a new role).
std::string RandomUuid();

}  // namespace rampart::infrastructure::sqlite

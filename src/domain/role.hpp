#pragma once
#include <string>
#include <vector>

#include "domain/time.hpp"

namespace rampart::domain {

struct Role {
  std::string id;  // UUID
  std::string name;
  std::string description;
  std::vector<std::string> permissions;  // permission names
  bool built_in = false;
};

}  // namespace rampart::domain

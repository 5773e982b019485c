#include "api/http/router.hpp"

#include <array>
#include <stdexcept>

namespace rampart::api {
namespace {

constexpr std::size_t kMethodCount = static_cast<std::size_t>(Method::kUnknown);

std::size_t IndexOf(Method method) { return static_cast<std::size_t>(method); }

// Splits "/a/b" into {"a", "b"}; "/" is {""} and "/a/" is {"a", ""}. `path` starts with '/'.
void SplitSegments(std::string_view path, std::vector<std::string_view>& segments) {
  segments.clear();
  std::size_t start = 1;
  for (;;) {
    const std::size_t slash = path.find('/', start);
    if (slash == std::string_view::npos) {
      segments.push_back(path.substr(start));
      return;
    }
    segments.push_back(path.substr(start, slash - start));
    start = slash + 1;
  }
}

bool IsParameter(std::string_view segment) {
  return segment.size() >= 2 && segment.front() == '{' && segment.back() == '}';
}

bool IsHex(char c) { return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// 8-4-4-4-12 hexadecimal digits.
bool IsUuid(std::string_view text) {
  if (text.size() != 36) return false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? text[i] != '-' : !IsHex(text[i])) return false;
  }
  return true;
}

// A UUID is case-insensitive on input (RFC 9562 §4) and rampart stores and compares the
// lower-case form: a parameter that is one is bound lower-cased, so /users/{ID} finds the user.
std::string ParameterValue(std::string_view segment) {
  std::string value(segment);
  if (IsUuid(value)) {
    for (char& c : value) {
      if (c >= 'A' && c <= 'F') c = static_cast<char>(c - 'A' + 'a');
    }
  }
  return value;
}

}  // namespace

struct Router::Node {
  std::vector<std::pair<std::string, std::unique_ptr<Node>>> literals;
  std::unique_ptr<Node> parameter;
  std::array<int, kMethodCount> endpoints;  // index into endpoints_, -1 for none

  Node() { endpoints.fill(-1); }

  Node* Literal(std::string_view segment) const {
    for (const auto& [text, child] : literals) {
      if (text == segment) return child.get();
    }
    return nullptr;
  }
  bool HasAny() const {
    for (const int index : endpoints) {
      if (index >= 0) return true;
    }
    return false;
  }
};

// The depth-first search of one Find call.
struct Router::Walk {
  Method method;
  const std::vector<std::string_view>& segments;
  std::vector<std::string_view> values;  // parameter segments on the current branch
  std::uint32_t allowed = 0;             // bit per Method of every node the path reaches
  int found = -1;
  int reached = -1;  // an endpoint of the first node the whole path reaches (for a 405's route)

  int EndpointFor(const Node& node) const {
    if (method == Method::kUnknown) return -1;
    const int direct = node.endpoints[IndexOf(method)];
    if (direct >= 0 || method != Method::kHead) return direct;
    return node.endpoints[IndexOf(Method::kGet)];
  }

  bool Visit(const Node& node, std::size_t depth) {
    if (depth == segments.size()) {
      for (std::size_t m = 0; m < kMethodCount; ++m) {
        if (node.endpoints[m] < 0) continue;
        allowed |= 1u << m;
        if (reached < 0) reached = node.endpoints[m];
      }
      found = EndpointFor(node);
      return found >= 0;
    }
    const std::string_view segment = segments[depth];
    if (const Node* literal = node.Literal(segment); literal && Visit(*literal, depth + 1)) {
      return true;
    }
    if (node.parameter && !segment.empty()) {
      values.push_back(segment);
      if (Visit(*node.parameter, depth + 1)) return true;
      values.pop_back();
    }
    return false;
  }
};

Router::Router() : root_(std::make_unique<Node>()) {}
Router::~Router() = default;
Router::Router(Router&&) noexcept = default;
Router& Router::operator=(Router&&) noexcept = default;

void Router::Add(Endpoint endpoint) {
  const std::string where = std::string(ToString(endpoint.method)) + " " + endpoint.route;
  if (endpoint.method == Method::kUnknown) throw std::logic_error("route with no method: " + where);
  if (endpoint.route.empty() || endpoint.route.front() != '/') {
    throw std::logic_error("route must start with '/': " + where);
  }
  if (!endpoint.handler) throw std::logic_error("route without a handler: " + where);
  if (endpoint.access == Access::kPermission && endpoint.permission.empty()) {
    throw std::logic_error("kPermission route without a permission: " + where);
  }

  std::vector<std::string_view> segments;
  SplitSegments(endpoint.route, segments);
  std::vector<std::string> names;
  Node* node = root_.get();
  for (const std::string_view segment : segments) {
    if (IsParameter(segment)) {
      std::string name(segment.substr(1, segment.size() - 2));
      if (name.find_first_of("{}/") != std::string::npos) {
        throw std::logic_error("malformed parameter in route: " + where);
      }
      for (const auto& existing : names) {
        if (existing == name) throw std::logic_error("parameter named twice in route: " + where);
      }
      names.push_back(std::move(name));
      if (!node->parameter) node->parameter = std::make_unique<Node>();
      node = node->parameter.get();
      continue;
    }
    if (segment.find_first_of("{}") != std::string_view::npos) {
      throw std::logic_error("a parameter must be a whole segment: " + where);
    }
    Node* child = node->Literal(segment);
    if (!child) {
      node->literals.emplace_back(std::string(segment), std::make_unique<Node>());
      child = node->literals.back().second.get();
    }
    node = child;
  }
  int& slot = node->endpoints[IndexOf(endpoint.method)];
  if (slot >= 0) {
    throw std::logic_error("duplicate route: " + where + " (already " +
                           endpoints_[static_cast<std::size_t>(slot)].route + ")");
  }
  slot = static_cast<int>(endpoints_.size());
  endpoints_.push_back(std::move(endpoint));
  param_names_.push_back(std::move(names));
}

Router::Match Router::Find(Method method, std::string_view path) const {
  Match match;
  if (path.empty() || path.front() != '/') return match;
  thread_local std::vector<std::string_view> segments;
  SplitSegments(path, segments);
  Walk walk{method, segments, {}, 0, -1, -1};
  if (walk.Visit(*root_, 0)) {
    const auto index = static_cast<std::size_t>(walk.found);
    match.status = MatchStatus::kFound;
    match.endpoint = &endpoints_[index];
    const auto& names = param_names_[index];
    match.params.reserve(names.size());
    for (std::size_t i = 0; i < names.size(); ++i) {
      match.params.emplace_back(names[i], ParameterValue(walk.values[i]));
    }
    return match;
  }
  // No endpoint for this method: a 405 when some branch reached the whole path.
  if (walk.allowed == 0) return match;
  match.status = MatchStatus::kMethodNotAllowed;
  match.route = endpoints_[static_cast<std::size_t>(walk.reached)].route;
  const auto has = [&walk](Method m) { return (walk.allowed & (1u << IndexOf(m))) != 0; };
  for (std::size_t m = 0; m < kMethodCount; ++m) {
    const auto candidate = static_cast<Method>(m);
    if (has(candidate) || (candidate == Method::kHead && has(Method::kGet))) {
      match.allowed.push_back(candidate);
    }
  }
  return match;
}

std::string AllowHeaderValue(const std::vector<Method>& methods) {
  std::string value;
  for (const Method method : methods) {
    if (!value.empty()) value.append(", ");
    value.append(ToString(method));
  }
  return value;
}

}  // namespace rampart::api

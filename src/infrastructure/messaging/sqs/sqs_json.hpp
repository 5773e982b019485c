#pragma once
// Reading SQS's JSON answers (shared by the queue and its dead-letter operations).
#include <boost/json.hpp>
#include <charconv>
#include <stdexcept>
#include <string>
#include <string_view>

namespace rampart::infrastructure::messaging::sqs_json {

inline std::string Text(const boost::json::object& object, std::string_view name) {
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_string() ? std::string(value->get_string()) : std::string();
}

inline long long Number(const std::string& text) {
  long long value = 0;
  std::from_chars(text.data(), text.data() + text.size(), value);
  return value;
}

inline const boost::json::array& Array(const boost::json::object& object, std::string_view name) {
  static const boost::json::array kEmpty;
  const auto* value = object.if_contains(name);
  return value != nullptr && value->is_array() ? value->get_array() : kEmpty;
}

// Parse returns the answer of `operation` as a JSON object; throws std::runtime_error when it is
// none.
inline boost::json::object Parse(const std::string& body, std::string_view operation) {
  boost::system::error_code error;
  auto value = boost::json::parse(body, error);
  if (error || !value.is_object()) {
    throw std::runtime_error("SQS " + std::string(operation) + ": the answer is not a JSON object");
  }
  return std::move(value.get_object());
}

}  // namespace rampart::infrastructure::messaging::sqs_json

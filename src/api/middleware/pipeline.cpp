#include <stdexcept>

#include "api/middleware/middleware.hpp"

namespace rampart::api {

Pipeline::Pipeline(MiddlewareList middleware, Terminal terminal)
    : middleware_(std::move(middleware)), terminal_(std::move(terminal)) {
  if (!terminal_) throw std::invalid_argument("pipeline without a terminal stage");
  for (const auto& stage : middleware_) {
    if (!stage) throw std::invalid_argument("pipeline with a null middleware");
  }
  nexts_.reserve(middleware_.size());
  for (std::size_t i = 0; i < middleware_.size(); ++i) {
    nexts_.emplace_back([this, i](HttpContext& context) { return Invoke(i + 1, context); });
  }
}

boost::asio::awaitable<Response> Pipeline::Invoke(std::size_t index, HttpContext& context) const {
  if (index < middleware_.size()) return middleware_[index]->Handle(context, nexts_[index]);
  return terminal_(context);
}

}  // namespace rampart::api

#pragma once
/// The middleware pipeline: each stage sees the request on its way in and the response on its
/// way out, and may answer without calling the rest. Includes Asio's awaitable: only server and
/// middleware sources include this header.
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "api/http/http.hpp"

namespace rampart::api {

/// What travels through the pipeline with the request.
struct HttpContext {
  Request& request;
  /// The matched endpoint, set by the routing stage; null before it (and on 404/405).
  const Endpoint* endpoint = nullptr;
};

/// The rest of the pipeline after a stage.
using Next = std::function<boost::asio::awaitable<Response>(HttpContext&)>;

class Middleware {
 public:
  virtual ~Middleware() = default;
  /// A short stable name ("correlation-id", "access-log", ...) for logs and diagnostics.
  virtual std::string_view Name() const = 0;
  /// Runs this stage; `next` runs the stages after it and, last, the endpoint's handler.
  virtual boost::asio::awaitable<Response> Handle(HttpContext& context, const Next& next) = 0;
};

using MiddlewareList = std::vector<std::shared_ptr<Middleware>>;

/// A fixed chain of middleware ending in `terminal` (which runs the endpoint's handler).
/// Built once and shared by every connection; Run may be called concurrently.
class Pipeline {
 public:
  using Terminal = std::function<boost::asio::awaitable<Response>(HttpContext&)>;

  Pipeline(MiddlewareList middleware, Terminal terminal);
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  boost::asio::awaitable<Response> Run(HttpContext& context) const { return Invoke(0, context); }
  const MiddlewareList& Stages() const { return middleware_; }

 private:
  boost::asio::awaitable<Response> Invoke(std::size_t index, HttpContext& context) const;

  MiddlewareList middleware_;
  std::vector<Next> nexts_;  // nexts_[i] runs stage i + 1: built once, not per request
  Terminal terminal_;
};

}  // namespace rampart::api

#pragma once
// The middleware pipeline: each stage sees the request on its way in and the response on its
// way out, and may answer without calling the rest. Includes Asio's awaitable: meant for server
// and middleware sources (the composition root and endpoints/metrics.cpp get it through
// default_middleware.hpp and bearer_auth.hpp).
#include <boost/asio/awaitable.hpp>

#include <functional>
#include <memory>
#include <string_view>
#include <vector>

#include "api/http/http.hpp"

namespace rampart::api {

// HttpContext is what travels through the pipeline with the request.
struct HttpContext {
  Request& request;
  // endpoint is the matched endpoint, set by the routing stage; null before it (and on 404/405).
  const Endpoint* endpoint = nullptr;
};

// Next is the rest of the pipeline after a stage.
using Next = std::function<boost::asio::awaitable<Response>(HttpContext&)>;

// Middleware is one stage of the pipeline.
class Middleware {
 public:
  virtual ~Middleware() = default;
  // Name is a short stable name ("correlation-id", "access-log", ...) for logs and diagnostics.
  virtual std::string_view Name() const = 0;
  // Handle runs this stage; `next` runs the stages after it and, last, the endpoint's handler.
  virtual boost::asio::awaitable<Response> Handle(HttpContext& context, const Next& next) = 0;
};

// MiddlewareList is a pipeline's stages, outermost first.
using MiddlewareList = std::vector<std::shared_ptr<Middleware>>;

// Pipeline is a fixed chain of middleware ending in `terminal` (which runs the endpoint's
// handler). Built once and shared by every connection; Run may be called concurrently.
class Pipeline {
 public:
  using Terminal = std::function<boost::asio::awaitable<Response>(HttpContext&)>;

  // Throws std::invalid_argument for a null stage or an empty terminal.
  Pipeline(MiddlewareList middleware, Terminal terminal);
  Pipeline(const Pipeline&) = delete;
  Pipeline& operator=(const Pipeline&) = delete;

  // Run sends `context` through every stage, then the terminal.
  boost::asio::awaitable<Response> Run(HttpContext& context) const { return Invoke(0, context); }
  // Stages are the middleware, outermost first.
  const MiddlewareList& Stages() const { return middleware_; }

 private:
  boost::asio::awaitable<Response> Invoke(std::size_t index, HttpContext& context) const;

  MiddlewareList middleware_;
  std::vector<Next> nexts_;  // nexts_[i] runs stage i + 1: built once, not per request
  Terminal terminal_;
};

}  // namespace rampart::api

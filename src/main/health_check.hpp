#pragma once
// `rampart health`: the container health check. The runtime image has no curl, so the binary
// asks its own listener: GET /health/ready (or /health/live with --live) on the address of
// server.listen, over TLS when tls.enabled. A wildcard listen address (0.0.0.0, ::) is asked
// on loopback.
#include <chrono>
#include <string>

#include "main/config/settings.hpp"

namespace rampart {

struct HealthOptions {
  bool live = false;  // /health/live (the process answers) instead of /health/ready
  std::chrono::milliseconds timeout{3000};  // the whole exchange: connect, TLS, request, answer
};

// Health: exit code 0 when the endpoint answers 200; 1 for any other answer, a refused connection
// or the timeout; 2 when the configuration names no port to ask (port 0). One line on stdout says
// what was asked and what came back (Docker keeps it in the health log).
int Health(const config::Settings& settings, const HealthOptions& options);

// HealthProbeHost returns the host to connect to for a listen host: loopback for a wildcard
// address, else itself.
std::string HealthProbeHost(const std::string& listen_host);

}  // namespace rampart

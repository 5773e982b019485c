#include "infrastructure/telemetry/dogstatsd.hpp"

#include <fmt/format.h>
#include <netdb.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cmath>
#include <stdexcept>

namespace rampart::infrastructure::telemetry {
namespace {

using rampart::telemetry::MetricSnapshot;
using rampart::telemetry::MetricType;

// A datagram stays below a typical MTU; the agent reads one line per metric.
constexpr std::size_t kMaxDatagram = 1432;

// Tag values may not contain the protocol's separators.
std::string TagValue(std::string_view value) {
  std::string out;
  out.reserve(value.size());
  for (const char c : value) {
    const bool bad = c == ',' || c == '|' || c == '#' || c == ' ' || c == '\n' || c == '\r';
    out.push_back(bad ? '_' : c);
  }
  return out;
}

std::string FormatNumber(double value) {
  if (value == std::floor(value) && std::fabs(value) < 1e15) {
    return fmt::format("{}", static_cast<long long>(value));
  }
  return fmt::format("{}", value);
}

}  // namespace

std::vector<std::string> DogStatsdLines(const std::vector<MetricSnapshot>& metrics,
                                        const ServiceIdentity& service,
                                        std::map<std::string, double>& previous) {
  const std::string service_tags = "service:" + TagValue(service.name) +
                                   ",env:" + TagValue(service.environment) +
                                   ",version:" + TagValue(service.version);
  std::vector<std::string> lines;
  for (const MetricSnapshot& metric : metrics) {
    for (const auto& point : metric.points) {
      std::string tags = "|#";
      for (std::size_t i = 0; i < metric.info.label_names.size(); ++i) {
        tags += TagValue(metric.info.label_names[i]) + ":" +
                TagValue(i < point.label_values.size() ? point.label_values[i] : "") + ",";
      }
      tags += service_tags;
      std::string key = metric.info.name;
      for (const auto& value : point.label_values) key += "\x1f" + value;
      // A cumulative value sent as the change since the last flush.
      const auto delta = [&](const std::string& series, const std::string& name, double value,
                             const std::string& extra_tags) {
        double& last = previous[series];
        const double change = value - last;
        last = value;
        if (change > 0)
          lines.push_back(name + ":" + FormatNumber(change) + "|c" + tags + extra_tags);
      };
      switch (metric.info.type) {
        case MetricType::kGauge:
          lines.push_back(metric.info.name + ":" + FormatNumber(point.value) + "|g" + tags);
          break;
        case MetricType::kCounter:
          delta(key, metric.info.name, point.value, "");
          break;
        case MetricType::kHistogram: {
          delta(key +
                    "\x1f"
                    "count",
                metric.info.name + ".count", static_cast<double>(point.count), "");
          delta(key +
                    "\x1f"
                    "sum",
                metric.info.name + ".sum", point.sum, "");
          double cumulative = 0;
          for (std::size_t b = 0; b < point.bucket_counts.size(); ++b) {
            cumulative += static_cast<double>(point.bucket_counts[b]);
            const std::string bound =
                b < metric.bounds.size() ? FormatNumber(metric.bounds[b]) : "inf";
            delta(key +
                      "\x1f"
                      "le" +
                      bound,
                  metric.info.name + ".bucket", cumulative, ",upper_bound:" + bound);
          }
          break;
        }
      }
    }
  }
  return lines;
}

DogStatsdExporter::DogStatsdExporter(DogStatsdOptions options,
                                     rampart::telemetry::Registry& registry)
    : options_(std::move(options)), registry_(registry) {
  addrinfo hints{};
  hints.ai_socktype = SOCK_DGRAM;
  addrinfo* found = nullptr;
  const std::string port = std::to_string(options_.port);
  if (::getaddrinfo(options_.host.c_str(), port.c_str(), &hints, &found) != 0 || found == nullptr) {
    throw std::runtime_error("telemetry: cannot resolve the DogStatsD host " + options_.host);
  }
  socket_ = ::socket(found->ai_family, SOCK_DGRAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (socket_ < 0 || ::connect(socket_, found->ai_addr, found->ai_addrlen) != 0) {
    ::freeaddrinfo(found);
    if (socket_ >= 0) ::close(socket_);
    throw std::runtime_error("telemetry: cannot open a UDP socket to DogStatsD");
  }
  ::freeaddrinfo(found);
  thread_ = std::thread([this] { Run(); });
}

DogStatsdExporter::~DogStatsdExporter() {
  {
    std::lock_guard lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
  ::close(socket_);
}

void DogStatsdExporter::Run() {
  std::unique_lock lock(mutex_);
  for (;;) {
    const bool stopping = wake_.wait_for(lock, options_.interval, [&] { return stopping_; });
    lock.unlock();
    SendOnce();
    lock.lock();
    if (stopping) return;
  }
}

void DogStatsdExporter::SendOnce() {
  const auto lines = DogStatsdLines(registry_.Collect(), options_.service, previous_);
  std::string datagram;
  const auto send = [&] {
    // Errors (no agent listening: ECONNREFUSED from an earlier datagram) are expected: UDP.
    if (!datagram.empty()) (void)::send(socket_, datagram.data(), datagram.size(), MSG_NOSIGNAL);
    datagram.clear();
  };
  for (const auto& line : lines) {
    if (!datagram.empty() && datagram.size() + 1 + line.size() > kMaxDatagram) send();
    if (!datagram.empty()) datagram.push_back('\n');
    datagram.append(line);
  }
  send();
}

}  // namespace rampart::infrastructure::telemetry

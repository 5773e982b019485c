#include "infrastructure/telemetry/prometheus.hpp"

#include <fmt/format.h>

#include <cmath>

namespace rampart::infrastructure::telemetry {
namespace {

using rampart::telemetry::MetricSnapshot;
using rampart::telemetry::MetricType;

std::string Sanitize(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (const char c : name) {
    const bool ok =
        (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
    out.push_back(ok ? c : '_');
  }
  if (!out.empty() && out.front() >= '0' && out.front() <= '9') out.insert(out.begin(), '_');
  return out;
}

std::string_view UnitSuffix(std::string_view unit) {
  if (unit == "s") return "_seconds";
  if (unit == "ms") return "_milliseconds";
  if (unit == "By") return "_bytes";
  return "";  // "1", "{request}" and the like are not units Prometheus spells out
}

void AppendNumber(std::string& out, double value) {
  if (std::isnan(value)) {
    out.append("NaN");
  } else if (std::isinf(value)) {
    out.append(value > 0 ? "+Inf" : "-Inf");
  } else if (value == std::floor(value) && std::fabs(value) < 1e15) {
    fmt::format_to(std::back_inserter(out), "{}", static_cast<long long>(value));
  } else {
    fmt::format_to(std::back_inserter(out), "{}", value);
  }
}

void AppendEscaped(std::string& out, std::string_view text, bool quotes) {
  for (const char c : text) {
    if (c == '\\') {
      out.append("\\\\");
    } else if (c == '\n') {
      out.append("\\n");
    } else if (c == '"' && quotes) {
      out.append("\\\"");
    } else {
      out.push_back(c);
    }
  }
}

// {a="x",b="y"} plus an optional extra label (le), or nothing when there are no labels.
void AppendLabels(std::string& out, const std::vector<std::string>& names,
                  const std::vector<std::string>& values, std::string_view extra_name = {},
                  std::string_view extra_value = {}) {
  if (names.empty() && extra_name.empty()) return;
  out.push_back('{');
  bool first = true;
  for (std::size_t i = 0; i < names.size(); ++i) {
    if (!first) out.push_back(',');
    first = false;
    out.append(names[i]).append("=\"");
    AppendEscaped(out, i < values.size() ? values[i] : std::string_view(), true);
    out.push_back('"');
  }
  if (!extra_name.empty()) {
    if (!first) out.push_back(',');
    out.append(extra_name).append("=\"").append(extra_value).push_back('"');
  }
  out.push_back('}');
}

}  // namespace

std::string PrometheusName(const rampart::telemetry::MetricInfo& info) {
  std::string name = Sanitize(info.name);
  const std::string_view suffix = UnitSuffix(info.unit);
  if (!suffix.empty() && !name.ends_with(suffix)) name.append(suffix);
  if (info.type == MetricType::kCounter && !name.ends_with("_total")) name.append("_total");
  return name;
}

std::string PrometheusLabel(std::string_view name) { return Sanitize(name); }

std::string PrometheusText(const std::vector<MetricSnapshot>& metrics) {
  std::string out;
  out.reserve(8192);
  for (const MetricSnapshot& metric : metrics) {
    const std::string name = PrometheusName(metric.info);
    std::vector<std::string> labels;
    for (const auto& label : metric.info.label_names) labels.push_back(PrometheusLabel(label));
    out.append("# HELP ").append(name).push_back(' ');
    AppendEscaped(out, metric.info.description, false);
    out.append("\n# TYPE ").append(name).push_back(' ');
    switch (metric.info.type) {
      case MetricType::kCounter:
        out.append("counter\n");
        break;
      case MetricType::kGauge:
        out.append("gauge\n");
        break;
      case MetricType::kHistogram:
        out.append("histogram\n");
        break;
    }
    for (const auto& point : metric.points) {
      if (metric.info.type != MetricType::kHistogram) {
        out.append(name);
        AppendLabels(out, labels, point.label_values);
        out.push_back(' ');
        AppendNumber(out, point.value);
        out.push_back('\n');
        continue;
      }
      std::uint64_t cumulative = 0;
      for (std::size_t i = 0; i < point.bucket_counts.size(); ++i) {
        cumulative += point.bucket_counts[i];
        std::string le;
        if (i < metric.bounds.size()) {
          AppendNumber(le, metric.bounds[i]);
        } else {
          le = "+Inf";
        }
        out.append(name).append("_bucket");
        AppendLabels(out, labels, point.label_values, "le", le);
        fmt::format_to(std::back_inserter(out), " {}\n", cumulative);
      }
      out.append(name).append("_sum");
      AppendLabels(out, labels, point.label_values);
      out.push_back(' ');
      AppendNumber(out, point.sum);
      out.append("\n").append(name).append("_count");
      AppendLabels(out, labels, point.label_values);
      fmt::format_to(std::back_inserter(out), " {}\n", point.count);
    }
  }
  return out;
}

}  // namespace rampart::infrastructure::telemetry

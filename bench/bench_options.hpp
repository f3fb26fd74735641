// What the load programs of bench/ share: "--name value" options and the percentile of sorted
// latencies (nearest rank), so that every script's p50/p99 mean the same thing.
#pragma once

#include <algorithm>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

namespace ug::bench {

// argv[first …] as "--name value" pairs.
inline std::map<std::string, std::string> parse_options(int argc, char** argv, int first) {
  std::map<std::string, std::string> out;
  for (int i = first; i + 1 < argc; i += 2) {
    const std::string name = argv[i];
    if (name.rfind("--", 0) != 0) throw std::runtime_error("expected --option value, got " + name);
    out[name.substr(2)] = argv[i + 1];
  }
  return out;
}

// An option's value; without a fallback the option is required.
inline std::string option(const std::map<std::string, std::string>& options, const std::string& name,
                          const std::string& fallback = {}) {
  const auto it = options.find(name);
  if (it != options.end()) return it->second;
  if (fallback.empty()) throw std::runtime_error("missing --" + name);
  return fallback;
}

inline double percentile(const std::vector<double>& sorted_ms, double p) {
  if (sorted_ms.empty()) return 0;
  const auto rank = static_cast<std::size_t>(p * static_cast<double>(sorted_ms.size() - 1) + 0.5);
  return sorted_ms[std::min(rank, sorted_ms.size() - 1)];
}

}  // namespace ug::bench

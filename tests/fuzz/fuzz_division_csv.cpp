// libFuzzer target: the CSV reader and the division import planner. The input is split at NUL
// bytes into provinces, cities, areas and streets files.
#include <cstdint>
#include <string>
#include <string_view>

#include "catalog/division_import.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view rest(reinterpret_cast<const char*>(data), size);
  std::string parts[4];
  for (auto& part : parts) {
    const auto nul = rest.find('\0');
    part = std::string(rest.substr(0, nul));
    rest = nul == std::string_view::npos ? std::string_view{} : rest.substr(nul + 1);
  }
  const ug::catalog::DivisionFiles files{parts[0], parts[1], parts[2], parts[3], std::nullopt};
  auto plan = ug::catalog::plan_division_import(files, "");
  if (plan) {
    for (const auto& d : plan->divisions) {
      if (!d.parent_code.empty() && !d.code.starts_with(d.parent_code)) __builtin_trap();
    }
  }
  (void)ug::catalog::plan_division_import(files, "3708");
  return 0;
}

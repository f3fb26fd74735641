// validate_component: the field rules of GB/T 47678.5-2026 Table 2.
#include "catalog/components.hpp"

#include <algorithm>
#include <chrono>
#include "core/text.hpp"

namespace ug::catalog {
namespace {

// Length in characters (UTF-8 code points): the standard's lengths count characters.
std::size_t characters(std::string_view s) {
  return static_cast<std::size_t>(std::count_if(s.begin(), s.end(), [](char c) { return (c & 0xC0) != 0x80; }));
}

bool valid_date(std::string_view s) {
  if (s.size() != 8 || !is_digits(s)) return false;
  using namespace std::chrono;
  const year_month_day date{year{std::stoi(std::string(s.substr(0, 4)))},
                            month{static_cast<unsigned>(std::stoi(std::string(s.substr(4, 2))))},
                            day{static_cast<unsigned>(std::stoi(std::string(s.substr(6, 2))))}};
  return date.ok();
}

}  // namespace

const std::vector<std::string>& standard_component_statuses() {
  static const std::vector<std::string> statuses = {"完好", "破损", "丢失", "废弃", "移除"};
  return statuses;
}

Result<void> validate_component(const Component& c, const std::vector<std::string>& component_categories) {
  if (c.id.size() != 17 || !is_digits(c.id)) return fail(invalid("id", "component_record.id_format").with("id", c.id));
  if (std::find(component_categories.begin(), component_categories.end(), c.category_code()) ==
      component_categories.end()) {
    return fail(invalid("id", "component_record.id_category_unknown")
                    .with("id", c.id)
                    .with("category_code", std::string(c.category_code())));
  }
  const struct {
    const char* field;
    const std::string& value;
    std::size_t max;
    bool mandatory;
  } fields[] = {{"name", c.name, 30, true},
                {"supervisor_code", c.supervisor_code, 18, true},
                {"supervisor_name", c.supervisor_name, 100, true},
                {"owner_code", c.owner_code, 18, false},
                {"owner_name", c.owner_name, 100, false},
                {"maintainer_code", c.maintainer_code, 18, false},
                {"maintainer_name", c.maintainer_name, 100, false},
                {"status", c.status, 10, true},
                {"data_source", c.data_source, 30, false},
                {"remarks", c.remarks, 1000, false},
                {"street_name", c.street_name, 50, false},
                {"community_name", c.community_name, 50, false}};
  for (const auto& f : fields) {
    if (f.mandatory && f.value.empty()) return fail(invalid(f.field, "component_record.field_required"));
    if (characters(f.value) > f.max) {
      return fail(
          invalid(f.field, "component_record.field_too_long").with("max_characters", static_cast<std::int64_t>(f.max)));
    }
  }
  for (const auto* code : {&c.supervisor_code, &c.owner_code, &c.maintainer_code}) {
    if (!code->empty() && code->size() != 18) {
      return fail(invalid("supervisor_code", "component_record.unit_code_format").with("code", *code));
    }
  }
  if (!valid_date(c.first_survey_date)) {
    return fail(invalid("first_survey_date", "component_record.first_survey_date_format"));
  }
  if (!c.change_date.empty() && !valid_date(c.change_date))
    return fail(invalid("change_date", "component_record.change_date_format"));
  if (!c.change_date.empty() && c.change_date < c.first_survey_date) {
    return fail(invalid("change_date", "component_record.change_date_before_first"));
  }
  if (!geo::to_nano(c.location)) return fail(invalid("location", "component_record.location_invalid"));
  return {};
}

}  // namespace ug::catalog

// The organisation and routing subcommands over RoutingService.
#include "app/routing_commands.hpp"

#include <fmt/format.h>

#include <fstream>
#include <iostream>
#include <sstream>

#include "app/commands.hpp"
#include "app/database_factory.hpp"
#include "service/account_service.hpp"
#include "service/component_service.hpp"
#include "service/demo_city.hpp"
#include "service/routing_service.hpp"

namespace ug::app {
namespace {

struct Opened {
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<service::GridService> grids;
  std::unique_ptr<service::RoutingService> routing;
};

std::optional<Opened> open_routing(const Config& config) {
  auto db = open_prepared(config);
  if (!db) return std::nullopt;
  Opened out;
  out.db = std::move(db);
  out.grids = std::make_unique<service::GridService>(*out.db);
  out.routing = std::make_unique<service::RoutingService>(*out.db, *out.grids, routing_fallback(config));
  return out;
}

int report_error(const Error& error) {
  std::cerr << error.public_message() << "\n";
  return error.code == ErrorCode::validation_failed || error.code == ErrorCode::conflict ? kExitUsage : kExitFailure;
}

}  // namespace

int org_add_command(const LoadedConfig& loaded, const OrgCommand& c) {
  auto opened = open_routing(loaded.config);
  if (!opened) return kExitFailure;
  auto saved = opened->routing->save_org_unit(access::Principal::command_line(),
                                              {c.id, c.name, c.kind, c.parent, c.street, true});
  if (!saved) return report_error(saved.error());
  fmt::print("{}\t{}\t{}\n", c.id, c.name, c.kind);
  return kExitOk;
}

int rule_add_command(const LoadedConfig& loaded, const RuleCommand& c) {
  const auto unit = calendar::parse_unit(c.unit);
  if (!unit) {
    std::cerr
        << "--unit 应为 natural_minutes、natural_hours、natural_days、working_minutes、working_hours 或 working_days\n";
    return kExitUsage;
  }
  std::optional<catalog::Urgency> urgency;
  if (!c.urgency.empty()) {
    auto named = catalog::urgency_named(c.urgency, "--urgency");
    if (!named) {
      std::cerr << named.error().public_message() << "\n";
      return kExitUsage;
    }
    urgency = *named;
  }
  auto opened = open_routing(loaded.config);
  if (!opened) return kExitFailure;
  auto id = opened->routing->add_rule(access::Principal::command_line(),
                                      {0, c.matter, c.major, c.area, urgency, c.department, {c.limit, *unit}});
  if (!id) return report_error(id.error());
  fmt::print("rule #{}\n", *id);
  return kExitOk;
}

int rule_list_command(const LoadedConfig& loaded) {
  auto opened = open_routing(loaded.config);
  if (!opened) return kExitFailure;
  auto rules = opened->routing->rules();
  if (!rules) return report_error(rules.error());
  fmt::print("id\tmatter\tmajor\tarea\turgency\tdepartment\tlimit\n");
  for (const auto& r : *rules) {
    fmt::print("{}\t{}\t{}\t{}\t{}\t{}\t{} {}\n", r.id, r.matter_code.empty() ? "*" : r.matter_code,
               r.major_code.empty() ? "*" : r.major_code, r.area_prefix.empty() ? "*" : r.area_prefix,
               r.urgency ? catalog::to_string(*r.urgency) : "*", r.department_id, r.limit.value,
               calendar::to_string(r.limit.unit));
  }
  return kExitOk;
}

int routing_suggest_command(const LoadedConfig& loaded, const SuggestCommand& c) {
  const auto urgency = catalog::urgency_named(c.urgency, "--urgency");
  if (!urgency) {
    std::cerr << urgency.error().public_message() << "\n";
    return kExitUsage;
  }
  auto opened = open_routing(loaded.config);
  if (!opened) return kExitFailure;
  if (auto ok = opened->grids->reload(); !ok) return report_error(ok.error());
  auto s = opened->routing->suggest(access::Principal::command_line(), c.category, {c.lon, c.lat}, *urgency);
  if (!s) return report_error(s.error());
  fmt::print("网格：{}\n责任单位：{}\n时限：{} {}\n依据：{}\n", s->place ? s->place->code : "（不在任何网格内）",
             s->department ? s->department->name + "（" + s->department->id + "）" : "（无）", s->decision.limit.value,
             calendar::to_string(s->decision.limit.unit), s->decision.reason);
  return kExitOk;
}

int component_import_command(const LoadedConfig& loaded, const std::string& file) {
  const auto text = read_file_or_report(file);
  if (!text) return kExitFailure;
  auto opened = open_routing(loaded.config);
  if (!opened) return kExitFailure;
  if (auto ok = opened->grids->reload(); !ok) return report_error(ok.error());
  service::ComponentService inventory(*opened->db, *opened->grids);
  const bool csv = file.ends_with(".csv");
  const auto cli = access::Principal::command_line();
  auto report = csv ? inventory.import_csv(cli, *text) : inventory.import_geojson(cli, *text);
  if (!report) return report_error(report.error());
  fmt::print("读取 {} 个要素：保存 {} 个部件，拒绝 {} 个\n", report->features, report->saved, report->rejected.size());
  for (const auto& r : report->rejected) fmt::print("  {}\n", r);
  return report->rejected.empty() ? kExitOk : 3;
}

int component_export_command(const LoadedConfig& loaded, const std::string& out) {
  auto opened = open_routing(loaded.config);
  if (!opened) return kExitFailure;
  service::ComponentService inventory(*opened->db, *opened->grids);
  auto text = out.ends_with(".csv") ? inventory.export_csv() : inventory.export_geojson();
  if (!text) return report_error(text.error());
  if (out.empty()) {
    std::cout << *text << "\n";
  } else {
    std::ofstream(out, std::ios::binary) << *text << "\n";
  }
  return kExitOk;
}

int demo_create_command(const LoadedConfig& loaded, const std::string& data_dir, bool with_staff) {
  auto opened = open_routing(loaded.config);
  if (!opened) return kExitFailure;
  auto divisions = read_division_files(std::filesystem::path(data_dir) / "divisions");
  const auto outline = read_file_or_report(std::filesystem::path(data_dir) / "demo" / "rencheng-outline.geojson");
  if (!divisions || !outline) {
    std::cerr << "演示数据不完整：" << (divisions ? std::string("缺少区县轮廓") : divisions.error().public_message())
              << "\n";
    return kExitFailure;
  }
  auto report = service::create_demo_city(access::Principal::command_line(), *opened->db, *opened->grids,
                                          *opened->routing, {*divisions, *outline}, {});
  if (!report) {
    std::cerr << "无法创建演示城市：" << report.error().public_message() << "\n";
    return kExitFailure;
  }
  fmt::print(
      "演示城市 济宁市任城区：{} 个行政区划，{} 个社区（合成），{} 个单元网格，{} 个责任网格，{} 个单位，{} "
      "条权责规则，{} 个部件，{} 条道路和 {} 个门牌地址（合成）\n",
      report->divisions, report->communities, report->grids, report->responsibility_grids, report->org_units,
      report->rules, report->components, report->roads, report->addresses);
  for (const auto& w : report->warnings) fmt::print("  注意：{}\n", w);
  if (!with_staff) return kExitOk;

  // One account per role (DOMAIN.md §1) with a known password, to try every view of the loop.
  service::AccountService accounts(*opened->db, auth_settings(loaded.config));
  struct Staff {
    const char* username;
    const char* display_name;
    const char* role;
    std::vector<std::string> regions;
    std::vector<std::string> departments;
  };
  const std::vector<Staff> staff = {
      {"demo-citizen", "演示公众", "citizen", {}, {}},
      {"demo-supervisor", "演示监督员（许庄街道）", "supervisor", {"370811002"}, {}},
      {"demo-operator", "演示受理员", "operator", {"370811"}, {}},
      {"demo-shift-leader", "演示值班长", "shift_leader", {"370811"}, {}},
      {"demo-dispatcher", "演示派遣员", "dispatcher", {"370811"}, {}},
      {"demo-handler", "演示环卫处处置人员", "handler", {"370811"}, {"HW"}},
      {"demo-leader", "演示局领导", "leader", {"370811"}, {}},
      {"demo-admin", "演示管理员", "admin", {"*"}, {}},
      {"demo-integration", "演示外部系统", "integration", {"370811"}, {}},
  };
  fmt::print("演示账号（密码均为 {}，仅供试用，正式使用前请停用）：\n", kDemoPassword);
  for (const auto& person : staff) {
    const auto made = accounts.create_demo_user(
        access::Principal::command_line(),
        {person.username, person.display_name, "", {person.role}, person.regions, person.departments});
    if (!made) {
      std::cerr << "无法创建演示账号 " << person.username << "：" << made.error().public_message() << "\n";
      return kExitFailure;
    }
    fmt::print("  {:<18} {}\n", person.username, person.role);
  }
  return kExitOk;
}

}  // namespace ug::app

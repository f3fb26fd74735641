// The category subcommands over CategoryService.
#include "app/category_commands.hpp"

#include <fmt/format.h>

#include <iostream>

#include "app/commands.hpp"
#include "app/database_factory.hpp"
#include "service/category_service.hpp"

namespace ug::app {
namespace {

std::optional<catalog::CategoryKind> kind_or_report(const std::string& text) {
  const auto kind = catalog::parse_category_kind(text);
  if (!kind) std::cerr << "--kind 应为 component 或 matter\n";
  return kind;
}

void print(const catalog::Category& c) {
  std::string synonyms;
  for (const auto& s : c.synonyms) synonyms += (synonyms.empty() ? "" : "、") + s;
  fmt::print("{}\t{}\t{}\t{}\t{}{}{}\n", catalog::to_string(c.kind), c.code, c.name, c.major_name,
             c.standard ? "国标" : "本地", c.enabled ? "" : "\t已停用",
             synonyms.empty() ? "" : "\t同义词：" + synonyms);
}

}  // namespace

int category_list_command(const LoadedConfig& loaded, const CategoryCommand& command) {
  auto db = open_prepared(loaded.config);
  if (!db) return kExitFailure;
  service::CategoryQuery query;
  if (!command.kind.empty()) {
    query.kind = kind_or_report(command.kind);
    if (!query.kind) return kExitUsage;
  }
  query.text = command.query;
  query.include_disabled = command.include_disabled;
  auto found = service::CategoryService(*db).list(query);
  if (!found) {
    std::cerr << found.error().public_message() << "\n";
    return kExitFailure;
  }
  for (const auto& c : *found) print(c);
  return kExitOk;
}

int category_add_command(const LoadedConfig& loaded, const CategoryCommand& command) {
  const auto kind = kind_or_report(command.kind);
  if (!kind) return kExitUsage;
  auto db = open_prepared(loaded.config);
  if (!db) return kExitFailure;
  catalog::Category category;
  category.kind = *kind;
  category.code = command.code;
  category.name = command.name;
  auto added = service::CategoryService(*db).add_local(access::Principal::command_line(), category);
  if (!added) {
    std::cerr << "无法添加：" << added.error().public_message() << "\n";
    return kExitFailure;
  }
  print(*added);
  return kExitOk;
}

int category_set_command(const LoadedConfig& loaded, const CategoryCommand& command) {
  const auto kind = kind_or_report(command.kind);
  if (!kind) return kExitUsage;
  if (command.enable && command.disable) {
    std::cerr << "--enable 与 --disable 不能同时使用\n";
    return kExitUsage;
  }
  service::CategorySettings settings;
  if (command.enable) settings.enabled = true;
  if (command.disable) settings.enabled = false;
  if (command.synonyms) {
    std::vector<std::string> list;
    std::string item;
    for (const char c : *command.synonyms + ",") {
      if (c == ',') {
        if (!item.empty()) list.push_back(item);
        item.clear();
      } else {
        item += c;
      }
    }
    settings.synonyms = std::move(list);
  }
  settings.register_condition = command.register_condition;
  settings.close_condition = command.close_condition;
  auto db = open_prepared(loaded.config);
  if (!db) return kExitFailure;
  auto updated = service::CategoryService(*db).update(access::Principal::command_line(), *kind, command.code, settings);
  if (!updated) {
    std::cerr << "无法修改：" << updated.error().public_message() << "\n";
    return kExitFailure;
  }
  print(*updated);
  return kExitOk;
}

}  // namespace ug::app

// CategoryService over the category repository.
#include "service/category_service.hpp"

#include <boost/json/object.hpp>
#include <boost/json/serialize.hpp>

#include "service/audit_log.hpp"

#include <sstream>

namespace ug::service {
namespace {

std::string join_lines(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& item : items) {
    if (item.empty()) continue;
    out += (out.empty() ? "" : "\n") + item;
  }
  return out;
}

std::vector<std::string> split_lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) out.push_back(line);
  }
  return out;
}

catalog::Category from_record(const storage::CategoryRecord& r) {
  return {catalog::parse_category_kind(r.kind).value_or(catalog::CategoryKind::matter),
          r.code,
          r.major_code,
          r.major_name,
          r.name,
          r.standard,
          r.enabled,
          split_lines(r.synonyms),
          r.register_condition,
          r.close_condition};
}

storage::CategoryRecord to_record(const catalog::Category& c) {
  return {std::string(catalog::to_string(c.kind)),
          c.code,
          c.major_code,
          c.major_name,
          c.name,
          c.standard,
          c.enabled,
          join_lines(c.synonyms),
          c.register_condition,
          c.close_condition};
}

Result<std::vector<catalog::Category>> load(storage::Transaction& tx) {
  UG_TRY_ASSIGN(auto rows, tx.categories().all());
  std::vector<catalog::Category> out;
  out.reserve(rows.size());
  for (const auto& r : rows) out.push_back(from_record(r));
  return out;
}

}  // namespace

Result<std::size_t> CategoryService::install_standard() {
  return db_.write([](storage::Transaction& tx) -> Result<std::size_t> {
    for (const auto& c : catalog::standard_categories()) UG_TRY(tx.categories().install_standard(to_record(c)));
    return catalog::standard_categories().size();
  });
}

Result<std::vector<catalog::Category>> CategoryService::list(const CategoryQuery& query) {
  UG_TRY_ASSIGN(auto all, db_.read([](storage::Transaction& tx) { return load(tx); }));
  std::vector<catalog::Category> out;
  for (auto& c : all) {
    if (query.kind && c.kind != *query.kind) continue;
    if (!query.include_disabled && !c.enabled) continue;
    if (!catalog::matches(c, query.text)) continue;
    out.push_back(std::move(c));
  }
  return out;
}

Result<catalog::Category> CategoryService::add_local(const access::Principal& caller, catalog::Category category) {
  UG_TRY(access::require(caller, access::Permission::manage_categories));
  return db_.write([&](storage::Transaction& tx) -> Result<catalog::Category> {
    UG_TRY_ASSIGN(auto directory, load(tx));
    auto valid = catalog::validate_local_category(std::move(category), directory);
    if (!valid) return valid;
    UG_TRY(tx.categories().insert(to_record(*valid)));
    UG_TRY(append_audit(
        tx, caller, "category.add", valid->code, "ok",
        boost::json::serialize(boost::json::object{{"kind", catalog::to_string(valid->kind)}, {"name", valid->name}})));
    return valid;
  });
}

Result<catalog::Category> CategoryService::update(const access::Principal& caller, catalog::CategoryKind kind,
                                                  const std::string& code, const CategorySettings& settings) {
  UG_TRY(access::require(caller, access::Permission::manage_categories));
  return db_.write([&](storage::Transaction& tx) -> Result<catalog::Category> {
    UG_TRY_ASSIGN(auto directory, load(tx));
    auto it = std::find_if(directory.begin(), directory.end(),
                           [&](const catalog::Category& c) { return c.kind == kind && c.code == code; });
    if (it == directory.end()) {
      return fail(Error(ErrorCode::not_found, "category.not_found")
                      .with("kind", std::string(catalog::to_string(kind)))
                      .with("code", code));
    }
    if (settings.enabled) it->enabled = *settings.enabled;
    if (settings.synonyms) it->synonyms = *settings.synonyms;
    if (settings.register_condition) it->register_condition = *settings.register_condition;
    if (settings.close_condition) it->close_condition = *settings.close_condition;
    UG_TRY(tx.categories().update_settings(to_record(*it)));
    UG_TRY(append_audit(
        tx, caller, "category.update", code, "ok",
        boost::json::serialize(boost::json::object{{"kind", catalog::to_string(kind)}, {"enabled", it->enabled}})));
    return *it;
  });
}

}  // namespace ug::service

// Planning an import of administrative divisions from the four-file layout of the national list
// (provinces.csv, cities.csv, areas.csv, streets.csv; communities.csv when a city has one): every
// row checked (level by code length, code starting with its parent's, parent present), bad rows
// reported with file and line and left out, parents ordered before children.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "catalog/codes.hpp"

namespace ug::catalog {

struct DivisionFiles {
  std::string provinces;                   // code,name
  std::string cities;                      // code,name,provinceCode
  std::string areas;                       // code,name,cityCode,provinceCode
  std::string streets;                     // code,name,areaCode,provinceCode,cityCode
  std::optional<std::string> communities;  // code,name,streetCode
};

struct PlannedDivision {
  std::string code;
  std::string name;
  DivisionLevel level;
  std::string parent_code;
};

struct DivisionImportPlan {
  std::vector<PlannedDivision> divisions;  // parents before children
  std::vector<std::string> problems;       // "streets.csv line 12: …"
};

// `within`: a division code; only it, its ancestors and its descendants are kept ("" keeps all).
Result<DivisionImportPlan> plan_division_import(const DivisionFiles& files, std::string_view within);

}  // namespace ug::catalog

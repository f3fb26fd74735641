// Components (管理部件, DOMAIN.md §3): one physical object of the inventory ("一盖一台账") with the 18
// standard attributes of GB/T 47678.5-2026 Table 2 (summarised in shared/data/gbt47678-fields.md),
// a location, and a status with history. The rules here are pure; storage and import live elsewhere.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.hpp"
#include "geo/geometry.hpp"

namespace ug::catalog {

struct Component {
  std::string id;               // 管理部件标识码 GLBJBSM: 6-digit division + 5-digit category + 6-digit sequence
  std::string name;             // 管理部件名称 GLBJMC (M)
  std::string supervisor_code;  // 主管部门代码 ZGBMDM, 18-character credit code (M)
  std::string supervisor_name;  // 主管部门名称 ZGBMMC (M)
  std::string owner_code;       // 权属单位代码 QSDWDM (O)
  std::string owner_name;       // 权属单位名称 QSDWMC (O)
  std::string maintainer_code;  // 养护单位代码 YHDWDM (O)
  std::string maintainer_name;  // 养护单位名称 YHDWMC (O)
  std::string grid_code;        // 所在单元网格标识码 SZDYWGBSM (M): derived from the location
  std::string status;  // 管理部件状态 GLBJZT (M): 完好, 破损, 丢失, 废弃, 移除 … (an open list)
  std::string first_survey_date;  // 初始日期 CSRQ (M), YYYYMMDD
  std::string change_date;        // 变更日期 BGRQ (C), YYYYMMDD or empty
  std::string data_source;        // 数据来源 SJLY (O): 实测, 地形图, 基础地理数据, 其他
  std::string remarks;            // 备注 BZ (O)
  std::string street_code;        // 所在街道代码 SZJDDM (O), derived from the grid
  std::string street_name;        // 所在街道名称 SZJDMC (O)
  std::string community_code;     // 所在社区代码 SZSQDM (O)
  std::string community_name;     // 所在社区名称 SZSQMC (O)
  geo::LonLat location;

  std::string category_code() const { return id.size() == 17 ? id.substr(6, 5) : std::string(); }
};

// The five statuses the standard names; others are allowed (its list ends in 等, "etc.").
const std::vector<std::string>& standard_component_statuses();

// Checks what a stored component must satisfy: id layout, a known component category, the
// mandatory attributes, field lengths, dates, a valid location. Each problem names its field.
Result<void> validate_component(const Component& component, const std::vector<std::string>& component_categories);

}  // namespace ug::catalog

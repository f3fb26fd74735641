// What the gazetteer's use case may ask of storage (issue 22): roads and address points written in
// bulk (one change-marker raise per call, not per row), read whole to build the in-memory index,
// and counted.
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <vector>

#include "core/result.hpp"

namespace ug::storage {

struct RoadRecord {
  std::string name;
  std::vector<std::string> aliases;
  std::string district_code;
  std::string geometry_geojson;  // MultiLineString
  bool synthetic = false;
};

struct AddressRecord {
  std::string road;
  std::string number;
  std::string building;
  std::string community_code;
  std::int64_t lon_nano = 0;
  std::int64_t lat_nano = 0;
  bool synthetic = false;
};

class GazetteerRepository {
 public:
  virtual ~GazetteerRepository() = default;
  // Inserts or replaces by name / by (road, number, building).
  virtual Result<void> upsert_roads(std::span<const RoadRecord> roads) = 0;
  virtual Result<void> upsert_addresses(std::span<const AddressRecord> addresses) = 0;
  virtual Result<void> clear_roads() = 0;
  virtual Result<void> clear_addresses() = 0;
  virtual Result<std::vector<RoadRecord>> roads() = 0;         // by name
  virtual Result<std::vector<AddressRecord>> addresses() = 0;  // by road, number, building
  virtual Result<std::int64_t> road_count() = 0;
  virtual Result<std::int64_t> address_count() = 0;
  // Raised in the transaction of every write above: a server reloads its index when it moved.
  virtual Result<std::int64_t> change_marker() = 0;
};

}  // namespace ug::storage

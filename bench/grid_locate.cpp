// bench/grid_locate: point → unit grid lookups on a lattice of ~100 m cells (the demo city's
// lattice extended to N grids), 1 M random points, one thread. Prints lookups/s, index build time
// and memory. With --points-csv FILE it also writes the points (id,lon,lat) and with --grids-csv
// the grids (code,wkt) so the same data can be loaded into PostGIS by bench/grid_locate_postgis.sh.
//
//   grid_locate [--grids 100000] [--points 1000000] [--seed 42] [--points-csv F] [--grids-csv F]
//               [--answers-csv F]
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <random>
#include <string>

#include "geo/grid_index.hpp"

namespace {

using namespace ug::geo;
using Clock = std::chrono::steady_clock;

constexpr Nano kCell = 1'000'000;                                      // 0.001° ≈ 100 m
constexpr Nano kOriginX = 116'530'000'000, kOriginY = 35'370'000'000;  // 任城区 urban core, SW corner

std::string code_for(std::size_t i) {
  // 6-digit district + 3 street + 3 community + 3-digit sequence; unique per cell.
  char buf[32];
  std::snprintf(buf, sizeof buf, "370811%03zu%03zu%03zu", (i / 1000000) % 1000, (i / 1000) % 1000, i % 1000);
  return buf;
}

double seconds_since(Clock::time_point start) { return std::chrono::duration<double>(Clock::now() - start).count(); }

}  // namespace

int main(int argc, char** argv) {
  std::size_t grid_count = 100'000, point_count = 1'000'000;
  unsigned seed = 42;
  const char *points_csv = nullptr, *grids_csv = nullptr, *answers_csv = nullptr;
  for (int i = 1; i + 1 < argc; i += 2) {
    if (!std::strcmp(argv[i], "--grids"))
      grid_count = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--points"))
      point_count = std::strtoull(argv[i + 1], nullptr, 10);
    else if (!std::strcmp(argv[i], "--seed"))
      seed = static_cast<unsigned>(std::strtoul(argv[i + 1], nullptr, 10));
    else if (!std::strcmp(argv[i], "--points-csv"))
      points_csv = argv[i + 1];
    else if (!std::strcmp(argv[i], "--grids-csv"))
      grids_csv = argv[i + 1];
    else if (!std::strcmp(argv[i], "--answers-csv"))
      answers_csv = argv[i + 1];
    else {
      std::fprintf(stderr, "unknown option %s\n", argv[i]);
      return 2;
    }
  }
  const auto columns = static_cast<std::size_t>(std::ceil(std::sqrt(static_cast<double>(grid_count))));
  std::vector<IndexedGrid> grids;
  grids.reserve(grid_count);
  for (std::size_t i = 0; i < grid_count; ++i) {
    const Nano x = kOriginX + static_cast<Nano>(i % columns) * kCell,
               y = kOriginY + static_cast<Nano>(i / columns) * kCell;
    grids.push_back(
        {code_for(i), {{Polygon{{{x, y}, {x + kCell, y}, {x + kCell, y + kCell}, {x, y + kCell}, {x, y}}, {}}}}});
  }
  if (grids_csv != nullptr) {
    std::ofstream out(grids_csv);
    for (const auto& g : grids) {
      const auto& r = g.shape.parts[0].outer;
      out << g.code << "\tPOLYGON((";
      for (std::size_t k = 0; k < r.size(); ++k) {
        const auto d = to_degrees(r[k]);
        char xy[64];
        std::snprintf(xy, sizeof xy, "%s%.9f %.9f", k ? "," : "", d.lon, d.lat);
        out << xy;
      }
      out << "))\n";
    }
  }

  const auto build_start = Clock::now();
  const GridIndex index(std::move(grids));
  const double build_seconds = seconds_since(build_start);

  // Points over the lattice's bounding box plus a 5 % margin, so some fall outside.
  const auto rows = (grid_count + columns - 1) / columns;
  std::mt19937_64 rng(seed);
  const double west = static_cast<double>(kOriginX) / 1e9, south = static_cast<double>(kOriginY) / 1e9;
  const double width = static_cast<double>(columns) * 0.001, height = static_cast<double>(rows) * 0.001;
  std::uniform_real_distribution<double> lon(west - width * 0.05, west + width * 1.05);
  std::uniform_real_distribution<double> lat(south - height * 0.05, south + height * 1.05);
  std::vector<LonLat> points(point_count);
  // On the nanodegree lattice, so the CSV written for PostGIS holds exactly the points used here.
  for (auto& p : points) {
    p = {static_cast<double>(std::llround(lon(rng) * 1e9)) / 1e9,
         static_cast<double>(std::llround(lat(rng) * 1e9)) / 1e9};
  }
  if (points_csv != nullptr) {
    std::ofstream out(points_csv);
    char line[96];
    for (std::size_t i = 0; i < points.size(); ++i) {
      std::snprintf(line, sizeof line, "%zu,%.9f,%.9f\n", i, points[i].lon, points[i].lat);
      out << line;
    }
  }

  // Warm up once, then time the full pass.
  std::size_t found = 0;
  for (std::size_t i = 0; i < std::min<std::size_t>(points.size(), 10000); ++i)
    found += index.locate(points[i]).has_value();
  found = 0;
  std::vector<std::uint32_t> answers(points.size());
  const auto start = Clock::now();
  for (std::size_t i = 0; i < points.size(); ++i) {
    const auto hit = index.locate(points[i]);
    answers[i] = hit ? static_cast<std::uint32_t>(*hit) : UINT32_MAX;
    found += hit.has_value();
  }
  const double seconds = seconds_since(start);
  if (answers_csv != nullptr) {
    std::ofstream out(answers_csv);
    for (std::size_t i = 0; i < answers.size(); ++i) {
      out << i << "," << (answers[i] == UINT32_MAX ? std::string() : index.grids()[answers[i]].code) << "\n";
    }
  }
  std::printf("grids %zu, points %zu, located %zu (%.1f %%)\n", index.size(), points.size(), found,
              100.0 * static_cast<double>(found) / static_cast<double>(points.size()));
  std::printf("index build %.3f s, memory %.1f MiB\n", build_seconds,
              static_cast<double>(index.memory_bytes()) / (1024.0 * 1024.0));
  std::printf("lookups %.0f /s on one thread (%.1f ns each)\n", static_cast<double>(points.size()) / seconds,
              seconds * 1e9 / static_cast<double>(points.size()));
  return 0;
}

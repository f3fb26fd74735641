// Grids drawn as ASCII cells (as valhalla's gurka tests draw road graphs): each character is one
// square cell, a letter names the grid the cell belongs to, '.' is no grid. Row 0 is the north
// edge. A letter's cells are merged (GEOS union) into its shape, so a letter drawn around '.'
// makes a hole and a letter drawn in two places makes a MultiPolygon.
#pragma once

#include <map>
#include <string>
#include <vector>

#include "geo/geometry.hpp"
#include "geo/geos_tools.hpp"
#include "geo/grid_index.hpp"

namespace ug::test {

inline constexpr geo::Nano kCell = 1'000'000;                                      // 0.001° ≈ 100 m
inline constexpr geo::Nano kOriginX = 116'530'000'000, kOriginY = 35'460'000'000;  // 任城区, NW corner

inline geo::NanoPoint corner(int column, int row) { return {kOriginX + column * kCell, kOriginY - row * kCell}; }

inline geo::MultiPolygon cell(int column, int row) {
  const auto nw = corner(column, row), se = corner(column + 1, row + 1);
  return {{geo::Polygon{{nw, {se.x, nw.y}, se, {nw.x, se.y}, nw}, {}}}};
}

// Grid code for a letter: a 15-character code ending in the letter, so A < B < C by code.
inline std::string code_for(char letter) { return std::string("370811001001") + "00" + letter; }

inline std::vector<geo::IndexedGrid> draw(const std::vector<std::string>& rows) {
  std::map<char, std::vector<geo::MultiPolygon>> cells;
  for (int r = 0; r < static_cast<int>(rows.size()); ++r) {
    for (int c = 0; c < static_cast<int>(rows[r].size()); ++c) {
      if (rows[r][c] != '.') cells[rows[r][c]].push_back(cell(c, r));
    }
  }
  std::vector<geo::IndexedGrid> grids;
  for (auto& [letter, parts] : cells) {
    std::vector<const geo::MultiPolygon*> pointers;
    for (const auto& p : parts) pointers.push_back(&p);
    grids.push_back({code_for(letter), geo::union_of(pointers)});
  }
  return grids;
}

// A point given in cell units from the origin (fractions allowed: 1.5 is the middle of column 1).
inline geo::NanoPoint at(double column, double row) {
  return {kOriginX + static_cast<geo::Nano>(column * kCell), kOriginY - static_cast<geo::Nano>(row * kCell)};
}

}  // namespace ug::test

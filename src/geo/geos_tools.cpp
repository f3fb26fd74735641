// GEOS through its reentrant C API (one context per thread): conversion to and from our integer
// shapes, and the checks of geos_tools.hpp.
#include "geo/geos_tools.hpp"

#include <geos_c.h>

#include <cstdarg>
#include <cstdio>
#include <memory>

namespace ug::geo {
namespace {

void ignore_message(const char*, void*) {}

struct Context {
  GEOSContextHandle_t handle;
  Context() : handle(GEOS_init_r()) {
    GEOSContext_setNoticeMessageHandler_r(handle, ignore_message, nullptr);
    GEOSContext_setErrorMessageHandler_r(handle, ignore_message, nullptr);
  }
  ~Context() { GEOS_finish_r(handle); }
};

GEOSContextHandle_t ctx() {
  thread_local Context context;
  return context.handle;
}

struct GeomDeleter {
  void operator()(GEOSGeometry* g) const {
    if (g != nullptr) GEOSGeom_destroy_r(ctx(), g);
  }
};
using Geom = std::unique_ptr<GEOSGeometry, GeomDeleter>;

GEOSGeometry* make_ring(const Ring& ring) {
  GEOSCoordSequence* seq = GEOSCoordSeq_create_r(ctx(), static_cast<unsigned>(ring.size()), 2);
  for (unsigned i = 0; i < ring.size(); ++i) {
    const auto d = to_degrees(ring[i]);
    GEOSCoordSeq_setXY_r(ctx(), seq, i, d.lon, d.lat);
  }
  return GEOSGeom_createLinearRing_r(ctx(), seq);
}

Geom to_geos(const MultiPolygon& shape) {
  std::vector<GEOSGeometry*> polygons;
  for (const auto& part : shape.parts) {
    std::vector<GEOSGeometry*> holes;
    for (const auto& hole : part.holes) holes.push_back(make_ring(hole));
    polygons.push_back(
        GEOSGeom_createPolygon_r(ctx(), make_ring(part.outer), holes.data(), static_cast<unsigned>(holes.size())));
  }
  return Geom(
      GEOSGeom_createCollection_r(ctx(), GEOS_MULTIPOLYGON, polygons.data(), static_cast<unsigned>(polygons.size())));
}

Ring ring_from(const GEOSGeometry* ring) {
  const GEOSCoordSequence* seq = GEOSGeom_getCoordSeq_r(ctx(), ring);
  unsigned size = 0;
  GEOSCoordSeq_getSize_r(ctx(), seq, &size);
  Ring out;
  out.reserve(size);
  for (unsigned i = 0; i < size; ++i) {
    double x = 0, y = 0;
    GEOSCoordSeq_getXY_r(ctx(), seq, i, &x, &y);
    if (auto p = to_nano({x, y})) out.push_back(*p);
  }
  return out;
}

// Appends every polygon found in `g` (recursing through collections) to `out`.
void collect_polygons(const GEOSGeometry* g, MultiPolygon& out) {
  const int type = GEOSGeomTypeId_r(ctx(), g);
  if (type == GEOS_POLYGON) {
    if (GEOSisEmpty_r(ctx(), g) == 1) return;
    Polygon p;
    p.outer = ring_from(GEOSGetExteriorRing_r(ctx(), g));
    const int holes = GEOSGetNumInteriorRings_r(ctx(), g);
    for (int h = 0; h < holes; ++h) p.holes.push_back(ring_from(GEOSGetInteriorRingN_r(ctx(), g, h)));
    out.parts.push_back(std::move(p));
  } else if (type == GEOS_MULTIPOLYGON || type == GEOS_GEOMETRYCOLLECTION) {
    const int n = GEOSGetNumGeometries_r(ctx(), g);
    for (int i = 0; i < n; ++i) collect_polygons(GEOSGetGeometryN_r(ctx(), g, i), out);
  }
}

double square_metres(const GEOSGeometry* g) {
  MultiPolygon shape;
  collect_polygons(g, shape);
  return shape.parts.empty() ? 0.0 : area_square_metres(shape);
}

}  // namespace

Validity check_validity(const MultiPolygon& shape) {
  const Geom g = to_geos(shape);
  char* reason = nullptr;
  GEOSGeometry* location = nullptr;
  const char valid = GEOSisValidDetail_r(ctx(), g.get(), 0, &reason, &location);
  Validity out;
  out.valid = valid == 1;
  if (!out.valid) {
    out.reason = reason ? reason : "invalid geometry";
    if (location != nullptr) {
      double x = 0, y = 0;
      if (GEOSGeomGetX_r(ctx(), location, &x) == 1 && GEOSGeomGetY_r(ctx(), location, &y) == 1)
        out.location = LonLat{x, y};
    }
  }
  GEOSFree_r(ctx(), reason);
  if (location != nullptr) GEOSGeom_destroy_r(ctx(), location);
  return out;
}

Result<MultiPolygon> make_valid(const MultiPolygon& shape) {
  const Geom g = to_geos(shape);
  const Geom fixed(GEOSMakeValid_r(ctx(), g.get()));
  if (!fixed) return fail(ErrorCode::validation_failed, "geo.make_valid_failed");
  MultiPolygon out;
  collect_polygons(fixed.get(), out);
  if (out.parts.empty()) return fail(ErrorCode::validation_failed, "geo.repair_left_no_polygon");
  return out;
}

double overlap_area_square_metres(const MultiPolygon& a, const MultiPolygon& b) {
  const Geom ga = to_geos(a), gb = to_geos(b);
  const Geom both(GEOSIntersection_r(ctx(), ga.get(), gb.get()));
  return both ? square_metres(both.get()) : 0.0;
}

MultiPolygon intersection(const MultiPolygon& shape, const MultiPolygon& clip) {
  const Geom a = to_geos(shape), b = to_geos(clip);
  const Geom both(GEOSIntersection_r(ctx(), a.get(), b.get()));
  MultiPolygon out;
  if (both) collect_polygons(both.get(), out);
  return out;
}

MultiPolygon union_of(const std::vector<const MultiPolygon*>& shapes) {
  std::vector<GEOSGeometry*> parts;
  for (const auto* shape : shapes) parts.push_back(to_geos(*shape).release());
  const Geom collection(
      GEOSGeom_createCollection_r(ctx(), GEOS_GEOMETRYCOLLECTION, parts.data(), static_cast<unsigned>(parts.size())));
  const Geom merged(GEOSUnaryUnion_r(ctx(), collection.get()));
  MultiPolygon united;
  if (merged) collect_polygons(merged.get(), united);
  return united;
}

std::vector<MultiPolygon> gaps_in_union(const std::vector<const MultiPolygon*>& shapes, double min_area_square_metres) {
  std::vector<MultiPolygon> gaps;
  const MultiPolygon united = union_of(shapes);
  for (const auto& part : united.parts) {
    for (const auto& hole : part.holes) {
      MultiPolygon gap{{Polygon{hole, {}}}};
      if (area_square_metres(gap) >= min_area_square_metres) gaps.push_back(std::move(gap));
    }
  }
  return gaps;
}

}  // namespace ug::geo

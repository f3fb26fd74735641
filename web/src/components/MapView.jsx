// A Leaflet map: the configured tiles when there are any; without them (no internet, no key) a
// base map of its own — the street outlines, the roads with their names at street zoom and, for
// signed-in staff, the unit grids closer in — with a note saying no base map is configured. A click
// reports the point, `point` shows a marker, `layers` adds GeoJSON overlays (each {data, style,
// onFeatureClick}). Views change without animation: a view may be left (and the map removed)
// right after it moved.
import { useEffect, useRef } from 'preact/hooks';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { get } from '../api.js';
import { locale, t } from '../i18n.js';
import { me } from '../session.js';

let settingsOnce;
const mapSettings = () => (settingsOnce ??= get('/api/v1/map-settings').catch(() => ({ tile_url: '' })));
let outlinesOnce;
const streetOutlines = () => (outlinesOnce ??= get('/api/v1/grids/outlines?level=street').catch(() => null));

// The unit grid `code` at `point` as a GeoJSON FeatureCollection to draw (empty when unknown).
export async function gridOutline(point, code) {
  if (!code || !point || !Number.isFinite(point.lon) || !Number.isFinite(point.lat)) return null;
  const d = 0.00001;
  const box = [point.lon - d, point.lat - d, point.lon + d, point.lat + d].join(',');
  const grids = await get(`/api/v1/grids?bbox=${box}`).catch(() => null);
  if (!grids) return null;
  return { type: 'FeatureCollection', features: grids.features.filter((f) => f.properties.code === code) };
}

let roadsOnce;
const roadLines = () => (roadsOnce ??= get('/api/v1/roads').catch(() => null));

const ROAD_LABEL_ZOOM = 15; // street zoom: names readable, a few dozen on screen
const GRID_ZOOM = 16; // unit grids (~100 m) drawn from here in
const MAX_ROAD_LABELS = 80;

// The point of a road nearest to `c` (lon scaled by cos(lat)), where its name goes in this view:
// a long road keeps its name on screen wherever the map looks at it.
function nearestOnRoad(lines, c) {
  const k = Math.cos((c.lat * Math.PI) / 180);
  let best = null;
  let bestD = Infinity;
  for (const line of lines) {
    for (let i = 1; i < line.length; i++) {
      const [ax, ay] = [line[i - 1][0] * k, line[i - 1][1]];
      const [bx, by] = [line[i][0] * k, line[i][1]];
      const [px, py] = [c.lng * k, c.lat];
      const len = (bx - ax) ** 2 + (by - ay) ** 2;
      const u = len === 0 ? 0 : Math.max(0, Math.min(1, ((px - ax) * (bx - ax) + (py - ay) * (by - ay)) / len));
      const [x, y] = [ax + u * (bx - ax), ay + u * (by - ay)];
      const d = (x - px) ** 2 + (y - py) ** 2;
      if (d < bestD) { bestD = d; best = L.latLng(y, x / k); }
    }
  }
  return best ? { at: best, d: bestD } : null;
}

// A pane of the map's own base map, below the overlays, with its own canvas.
function basePane(m, name, zIndex) {
  m.createPane(name).style.zIndex = String(zIndex);
  return L.canvas({ pane: name });
}

// The base map drawn from the server's own data: roads (casing and fill), their names in view at
// street zoom, the unit grids in view closer in.
function drawOwnBaseMap(m, alive) {
  m.setMaxZoom(19); // no tiles set a limit; closer than ~1 m per pixel shows nothing more
  // Grids under roads, both under the outlines' pane and every overlay (the tile pane is 200).
  const gridPane = basePane(m, 'ug-grids', 250);
  const roadPane = basePane(m, 'ug-roads', 260);
  const note = L.control({ position: 'bottomleft' });
  let unsubscribe = () => {};
  note.onAdd = () => {
    const div = L.DomUtil.create('div', 'map-note');
    const say = () => { div.textContent = t('map.no_tiles'); div.lang = locale.value; };
    say();
    unsubscribe = locale.subscribe(say); // the note follows the language switch
    return div;
  };
  m.on('unload', () => unsubscribe()); // map.remove() does not remove its controls one by one
  note.addTo(m);
  const labels = L.layerGroup().addTo(m);
  const grids = L.layerGroup().addTo(m);
  let named = [];
  const showLabels = () => {
    labels.clearLayers();
    if (m.getZoom() < ROAD_LABEL_ZOOM) return;
    const view = m.getBounds();
    // Names sit near a point up and right of the centre, away from a pin placed there.
    const target = L.latLng(view.getCenter().lat + 0.3 * (view.getNorth() - view.getSouth()) / 2,
      view.getCenter().lng + 0.3 * (view.getEast() - view.getWest()) / 2);
    const placed = named.map((r) => ({ name: r.name, ...nearestOnRoad(r.lines, target) }))
      .filter((r) => r.at && view.contains(r.at)).sort((a, b) => a.d - b.d).slice(0, MAX_ROAD_LABELS);
    for (const r of placed) {
      labels.addLayer(L.tooltip({ permanent: true, direction: 'center', className: 'road-label', interactive: false })
        .setLatLng(r.at).setContent(r.name));
    }
  };
  let asked = 0;
  const showGrids = () => {
    const ask = ++asked;
    // Staff only: the citizens' pages (nobody signed in) draw no grids and ask for none.
    if (m.getZoom() < GRID_ZOOM || !me.value) { grids.clearLayers(); return; }
    const b = m.getBounds();
    const box = [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()].map((v) => v.toFixed(5)).join(',');
    get(`/api/v1/grids?bbox=${box}`).then((fc) => {
      if (!alive() || ask !== asked) return;
      grids.clearLayers();
      grids.addLayer(L.geoJSON(fc, { interactive: false, renderer: gridPane, style: { color: '#8a6d3b', weight: 1, fill: false, dashArray: '2 3' } }));
    }).catch(() => {});
  };
  m.on('moveend', () => { showLabels(); showGrids(); });
  roadLines().then((roads) => {
    if (!alive() || !roads) return;
    L.geoJSON(roads, { interactive: false, renderer: roadPane, style: { color: '#8d97a3', weight: 8, opacity: 1 } }).addTo(m);
    L.geoJSON(roads, { interactive: false, renderer: roadPane, style: { color: '#ffffff', weight: 5, opacity: 1 } }).addTo(m);
    named = roads.features.map((f) => ({ name: f.properties.name, lines: f.geometry.coordinates }));
    showLabels();
  });
  showGrids();
}

// Features added to a layer per frame: large enough that a city's grids take a few frames, small
// enough that a frame stays short.
const SLICE = 2000;

// The bounds of features from their coordinates, without building their layers first.
function featureBounds(features) {
  let west = Infinity, south = Infinity, east = -Infinity, north = -Infinity;
  const visit = (c) => {
    if (typeof c[0] === 'number') {
      west = Math.min(west, c[0]); east = Math.max(east, c[0]);
      south = Math.min(south, c[1]); north = Math.max(north, c[1]);
    } else {
      for (const inner of c) visit(inner);
    }
  };
  for (const f of features) if (f?.geometry?.coordinates) visit(f.geometry.coordinates);
  return west <= east ? L.latLngBounds([south, west], [north, east]) : null;
}

export const gridStyle = { color: '#b35c00', weight: 3, fill: true, fillOpacity: 0.08, dashArray: '6 4' };

// `focus` [west, south, east, north] moves the view onto that box when it changes.
export function MapView({ point, onPick, layers = [], label, height = 320, fitLayers = false, markers = [], focus }) {
  const box = useRef(null);
  const map = useRef(null);
  const overlay = useRef(null);
  const pin = useRef(null);
  const pins = useRef(null);
  const focused = useRef(false);
  const pickRef = useRef(onPick);
  pickRef.current = onPick;

  useEffect(() => {
    const m = L.map(box.current, { zoomControl: true, attributionControl: true, preferCanvas: true });
    map.current = m;
    m.setView([35.41, 116.59], 13);
    overlay.current = L.layerGroup().addTo(m);
    pins.current = L.layerGroup().addTo(m);
    m.on('click', (e) => pickRef.current?.({ lon: +e.latlng.lng.toFixed(6), lat: +e.latlng.lat.toFixed(6) }));
    let alive = true;
    mapSettings().then((s) => {
      if (!alive) return;
      if (s.tile_url) {
        L.tileLayer(s.tile_url, { maxZoom: s.tile_max_zoom || 18, attribution: s.tile_attribution || '' }).addTo(m);
      } else {
        drawOwnBaseMap(m, () => alive);
      }
    });
    streetOutlines().then((outlines) => {
      if (!alive || !outlines) return;
      if (!m.getPane('ug-outlines')) m.createPane('ug-outlines').style.zIndex = '240';
      const layer = L.geoJSON(outlines, {
        interactive: false,
        renderer: L.canvas({ pane: 'ug-outlines' }),
        style: { color: '#24527a', weight: 2, fill: true, fillColor: '#e8eef5', fillOpacity: 0.35 },
      }).addTo(m);
      layer.bringToBack();
      // The outlines can arrive after a point was placed or the view moved onto a place (the
      // server works them out once, which takes a moment): then the view stays where it is.
      if (!pin.current && !focused.current && !fitLayers && layer.getBounds().isValid()) {
        m.fitBounds(layer.getBounds(), { animate: false });
      }
    });
    // A map made inside a closed dialog or a hidden panel has no size yet: it measures again when
    // its box gets one.
    const resized = new ResizeObserver(() => m.invalidateSize({ animate: false }));
    resized.observe(box.current);
    return () => {
      alive = false;
      resized.disconnect();
      m.stop(); // a pan or zoom still running would touch the removed panes
      m.remove();
    };
  }, []);

  // Overlays are rebuilt only when their data changes; a new style alone (the dashboard's measure)
  // restyles the features in place. Tooltips and clicks read the current `layers`: one tooltip and
  // one click handler per layer, not per feature. A large layer (the dashboard's ~11,700 grids) is
  // added a slice per frame, so the page's charts are drawn while the map fills (issue 22 §3).
  const built = useRef([]); // per entry of `layers`: { data, layer }
  const builds = useRef(0);
  const current = useRef(layers);
  current.current = layers;
  useEffect(() => {
    const same = built.current.length === layers.length && layers.every((l, i) => l?.data === built.current[i].data);
    if (same) {
      layers.forEach((l, i) => { if (l?.style) built.current[i].layer?.setStyle(l.style); });
      return;
    }
    const group = overlay.current;
    group.clearLayers();
    let bounds = null;
    const generation = ++builds.current; // slices of an older build stop adding themselves
    built.current = layers.map((l, i) => {
      if (!l?.data) return { data: l?.data, layer: null };
      const layer = L.geoJSON(null, {
        // The style in force when a slice is added: the measure may change while the map fills.
        style: (f) => { const style = current.current[i]?.style; return typeof style === 'function' ? style(f) : style; },
        // Points (a stray one in an imported file) as dots: Leaflet's default pin needs image files.
        pointToLayer: (_, latlng) => L.circleMarker(latlng, { radius: 6 }),
      });
      if (l.tooltip) layer.bindTooltip((child) => current.current[i]?.tooltip?.(child.feature) ?? '', { sticky: true });
      if (l.onFeatureClick) layer.on('click', (e) => current.current[i]?.onFeatureClick?.(e.layer.feature));
      group.addLayer(layer);
      const features = l.data.type === 'FeatureCollection' ? l.data.features : [l.data];
      const box = featureBounds(features);
      if (box) bounds = bounds ? bounds.extend(box) : box;
      const addFrom = (start) => {
        if (generation !== builds.current) return;
        layer.addData({ type: 'FeatureCollection', features: features.slice(start, start + SLICE) });
        if (start + SLICE < features.length) requestAnimationFrame(() => addFrom(start + SLICE));
      };
      addFrom(0);
      return { data: l.data, layer };
    });
    if (fitLayers && bounds) map.current.fitBounds(bounds, { animate: false });
  }, [layers]);

  useEffect(() => {
    if (pin.current) pin.current.remove();
    pin.current = null;
    if (point && Number.isFinite(point.lat) && Number.isFinite(point.lon)) {
      pin.current = L.circleMarker([point.lat, point.lon], { radius: 9, color: '#b00020', weight: 3, fillOpacity: 0.6 })
        .addTo(map.current);
      if (!map.current.getBounds().contains([point.lat, point.lon]) || map.current.getZoom() < 15) {
        map.current.setView([point.lat, point.lon], 16, { animate: false });
      }
    }
  }, [point?.lat, point?.lon]);

  useEffect(() => {
    if (!focus) return;
    focused.current = true;
    map.current.fitBounds([[focus[1], focus[0]], [focus[3], focus[2]]], { animate: false });
  }, [focus]);

  useEffect(() => {
    pins.current.clearLayers();
    for (const mk of markers) {
      const c = L.circleMarker([mk.lat, mk.lon], { radius: 7, color: mk.color || '#0b5cad', weight: 2, fillOpacity: 0.7 });
      if (mk.title) c.bindTooltip(mk.title);
      if (mk.onClick) c.on('click', mk.onClick);
      pins.current.addLayer(c);
    }
  }, [markers]);

  return <div ref={box} class="map" style={{ height: `${height}px` }} role="application" aria-label={label} />;
}

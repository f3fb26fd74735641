// A Leaflet map: the configured tiles when there are any, else the district and street outlines
// (and optionally the unit grids) as vector layers; a click reports the point, `point` shows a
// marker, `layers` adds GeoJSON overlays (each {data, style, onFeatureClick}). Views change
// without animation: a view may be left (and the map removed) right after it moved.
import { useEffect, useRef } from 'preact/hooks';
import L from 'leaflet';
import 'leaflet/dist/leaflet.css';
import { get } from '../api.js';

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

export const gridStyle = { color: '#b35c00', weight: 3, fill: true, fillOpacity: 0.08, dashArray: '6 4' };

// `focus` [west, south, east, north] moves the view onto that box when it changes.
export function MapView({ point, onPick, layers = [], label, height = 320, fitLayers = false, markers = [], focus }) {
  const box = useRef(null);
  const map = useRef(null);
  const overlay = useRef(null);
  const pin = useRef(null);
  const pins = useRef(null);
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
      if (!alive || !s.tile_url) return;
      L.tileLayer(s.tile_url, { maxZoom: s.tile_max_zoom || 18, attribution: s.tile_attribution || '' }).addTo(m);
    });
    streetOutlines().then((outlines) => {
      if (!alive || !outlines) return;
      const layer = L.geoJSON(outlines, {
        interactive: false,
        style: { color: '#24527a', weight: 2, fill: true, fillColor: '#e8eef5', fillOpacity: 0.35 },
      }).addTo(m);
      layer.bringToBack();
      if (!point && !fitLayers && layer.getBounds().isValid()) m.fitBounds(layer.getBounds(), { animate: false });
    });
    return () => {
      alive = false;
      m.stop(); // a pan or zoom still running would touch the removed panes
      m.remove();
    };
  }, []);

  // Overlays are rebuilt only when their data changes; a new style alone (the dashboard's measure)
  // restyles the features in place. Tooltips and clicks read the current `layers`.
  const built = useRef([]); // per entry of `layers`: { data, layer }
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
    built.current = layers.map((l, i) => {
      if (!l?.data) return { data: l?.data, layer: null };
      const layer = L.geoJSON(l.data, {
        style: l.style,
        // Points (a stray one in an imported file) as dots: Leaflet's default pin needs image files.
        pointToLayer: (_, latlng) => L.circleMarker(latlng, { radius: 6 }),
        onEachFeature: (feature, lyr) => {
          if (l.tooltip) lyr.bindTooltip(() => current.current[i]?.tooltip?.(feature) ?? '', { sticky: true });
          if (l.onFeatureClick) lyr.on('click', () => current.current[i]?.onFeatureClick?.(feature));
        },
      });
      group.addLayer(layer);
      if (layer.getBounds().isValid()) bounds = bounds ? bounds.extend(layer.getBounds()) : layer.getBounds();
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
    if (focus) map.current.fitBounds([[focus[1], focus[0]], [focus[3], focus[2]]], { animate: false });
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

// The phone's position for a report. Browsers give it only to secure pages (HTTPS, or this
// machine itself): over plain HTTP the request silently fails, so say why instead, and how to fix
// it (docs/operations.md: TLS in front of the server).
import { t } from './i18n.js';

export const canLocate = () => window.isSecureContext && !!navigator.geolocation;

// Calls `onPoint({lon, lat})` with the position to 6 decimals, or `onError(message)`.
export function locate(onPoint, onError) {
  if (!window.isSecureContext) { onError(t('geo.insecure')); return; }
  if (!navigator.geolocation) { onError(t('geo.unavailable')); return; }
  navigator.geolocation.getCurrentPosition(
    (p) => onPoint({ lon: +p.coords.longitude.toFixed(6), lat: +p.coords.latitude.toFixed(6) }),
    (err) => onError(err.code === 1 ? t('geo.denied') : err.message), { enableHighAccuracy: true, timeout: 10000 });
}

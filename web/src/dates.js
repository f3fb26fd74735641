// Dates and times as the UI shows and sends them: local YYYY-MM-DD, "YYYY-MM-DD HH:MM", durations.
import { t } from './i18n.js';

const pad = (n) => String(n).padStart(2, '0');

export const isoDate = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;

export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  return `${isoDate(d)} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds || 0));
  return t('case.hours', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
}

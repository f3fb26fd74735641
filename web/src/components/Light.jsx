// The traffic light of a stage's deadline: colour plus a word, never colour alone.
import { t } from '../i18n.js';

export function Light({ deadline }) {
  if (!deadline) return <span class="light none">—</span>;
  const light = deadline.overdue ? 'red' : deadline.light;
  return (
    <span class={`light ${light}`}>
      <span class="dot" aria-hidden="true" />
      {t(`light.${light}`)}
    </span>
  );
}

export function formatTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  const pad = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

export function formatDuration(seconds) {
  const s = Math.max(0, Math.round(seconds || 0));
  return t('case.hours', { h: Math.floor(s / 3600), m: Math.floor((s % 3600) / 60) });
}

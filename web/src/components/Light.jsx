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

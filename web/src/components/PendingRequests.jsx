// The requests waiting on a case, read as what they are ("待审批：延期 2 个工作日"), on the queue
// and the case page alike.
import { t } from '../i18n.js';

export function pendingText(kind, extension) {
  if (kind !== 'extension' || !extension) return t(`awaiting.${kind}`);
  const [n, unit] = extension.split(' ');
  return t('awaiting.extension_of', { n, unit: t(`limit_unit.${unit}`) });
}

export function PendingRequests({ view }) {
  if (!view.pending?.length) return null;
  return view.pending.map((p) => <span key={p} class="chip pending">{pendingText(p, view.requested_extension)}</span>);
}

// One Idempotency-Key per submission of a form: kept until the server has accepted it, so a double
// click, or a retry after a timeout whose answer never came, is the same request and makes one
// case; the next submission gets a fresh key. (crypto.getRandomValues works without HTTPS too.)
import { useRef } from 'preact/hooks';

function freshKey(prefix) {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `${prefix}-${[...bytes].map((b) => b.toString(16).padStart(2, '0')).join('')}`;
}

export function useSubmissionKey(prefix) {
  const key = useRef(null);
  return {
    current: () => (key.current ??= freshKey(prefix)),
    accepted: () => { key.current = null; },
  };
}

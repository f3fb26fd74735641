// A tiny observable value and a hook that re-renders a component when it changes: the app's shared
// state (who is signed in, the language, the current address) without a state library.
import { useEffect, useState } from 'preact/hooks';

export function signal(initial) {
  const listeners = new Set();
  let value = initial;
  return {
    get value() { return value; },
    set value(next) {
      value = next;
      for (const l of [...listeners]) l(next);
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

export function useSignal(s) {
  const [, setTick] = useState(0);
  useEffect(() => s.subscribe(() => setTick((n) => n + 1)), [s]);
  return s.value;
}

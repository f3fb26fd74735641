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
  const seen = s.value;
  useEffect(() => {
    const stop = s.subscribe(() => setTick((n) => n + 1));
    if (s.value !== seen) setTick((n) => n + 1); // it changed between the render and the subscription
    return stop;
  }, [s]);
  return seen;
}

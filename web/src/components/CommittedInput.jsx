// A text box whose typing survives re-renders. A controlled <input value={v} onChange=…> is set back
// to `v` by every render until its change event fires (Enter or leaving the box), so a render in
// between — a live notice, a list arriving — wiped a search typed while the queue updated. Here
// what is typed is a draft of its own, handed on only when committed; a new value from outside
// (another filter, an import) replaces the draft. Enter commits by itself: a render that sets the
// box's value (even to the same text) resets what the browser compares against, and its change
// event on Enter then never comes.
import { useEffect, useState } from 'preact/hooks';

export function CommittedInput({ value, onCommit, ...props }) {
  const [draft, setDraft] = useState(String(value ?? ''));
  useEffect(() => setDraft(String(value ?? '')), [value]);
  const commit = (text) => { if (text !== String(value ?? '')) onCommit(text); };
  return (
    <input {...props} value={draft} onInput={(e) => setDraft(e.currentTarget.value)}
      onKeyDown={(e) => { if (e.key === 'Enter') commit(e.currentTarget.value); }}
      onChange={(e) => commit(e.currentTarget.value)} />
  );
}

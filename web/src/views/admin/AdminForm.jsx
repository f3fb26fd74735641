// What every administration form shares: its fields' state, a titled panel whose submit runs the
// save and shows the server's refusal in place, save and cancel buttons; and the header row of the
// tables whose last column holds each row's buttons.
import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../../i18n.js';

// [values, setValues, set(name) → input handler (checkboxes give their checked state)]
export function useFields(initial) {
  const [values, setValues] = useState(initial);
  const set = (name) => (e) => {
    const input = e.currentTarget;
    setValues((old) => ({ ...old, [name]: input.type === 'checkbox' ? input.checked : input.value }));
  };
  return [values, setValues, set];
}

// A form opened by a button takes the focus on its first field (`autoFocus`), so the keyboard
// carries on where the eye goes.
export function AdminForm({ id, title, onSave, onCancel, saveLabel, autoFocus = true, children }) {
  const [error, setError] = useState('');
  const form = useRef(null);
  useEffect(() => {
    if (autoFocus) form.current?.querySelector('input:not([readonly]), select, textarea')?.focus();
  }, []);
  const submit = async (e) => {
    e.preventDefault();
    try {
      setError('');
      await onSave();
    } catch (err) {
      setError(err.message);
    }
  };
  return (
    <form ref={form} class="panel admin-form" onSubmit={submit} aria-labelledby={id}>
      <h3 id={id}>{title}</h3>
      {children}
      {error && <p class="error" role="alert">{error}</p>}
      <div class="buttons">
        <button type="submit" class="primary">{saveLabel || t('common.save')}</button>
        {onCancel && <button type="button" onClick={onCancel}>{t('common.cancel')}</button>}
      </div>
    </form>
  );
}

// <thead> with `columns` and a last, visually hidden "actions" column.
export function HeadWithActions({ columns }) {
  return (
    <thead><tr>
      {columns.map((c) => <th scope="col" key={c}>{c}</th>)}
      <th scope="col"><span class="visually-hidden">{t('admin.operations')}</span></th>
    </tr></thead>
  );
}

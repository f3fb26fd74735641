// The form an action needs, as the server's workflow table says: each case carries, for every
// action its viewer may take, the fields the action requires and those it may take, with their
// names in both languages (`action_fields`; a city may require more with cases.required_fields).
// Known fields get their own input (a category picker, the units, photos …); any other field a
// city requires gets a text box under the server's name. Shown in a modal <dialog> that keeps
// focus inside until it closes. Actions that require nothing run at once.
import { useEffect, useRef, useState } from 'preact/hooks';
import { act, get, query } from '../api.js';
import { codesOf, locale, named, t } from '../i18n.js';
import { CategoryPicker } from './CategoryPicker.jsx';
import { orgUnits } from '../names.js';
import { PhotoInput, photosBlockSubmit, usePhotos } from './PhotoInput.jsx';
import { PlacePicker } from './PlacePicker.jsx';

const PHOTOS = ['after_photos', 'photos'];
// The fields with an input of their own below; the server may name others.
const KNOWN = ['comment', 'reason', 'extension', 'category', 'urgency', 'department', 'merge_target', 'location',
  'satisfaction', 'level', 'due', ...PHOTOS];

// The action's fields in the order the server gives them: required first, then optional.
export function formOf(caseView, action) {
  return (caseView.action_fields || {})[action] || [];
}

// Whether the action needs the dialog at all.
export function needsForm(caseView, action) {
  return formOf(caseView, action).some((f) => f.required);
}

const labelOf = (f) => (locale.value === 'en' ? f.en : f.zh);

const filled = (f, v) => (PHOTOS.includes(f.field) ? Boolean(v && v.length)
  : f.field === 'location' ? v.lon !== '' && v.lat !== '' : v !== undefined && v !== '');

// The body of an action from what the dialog holds: every required field, and the optional ones
// the user filled.
function payload(form, values, photoIds) {
  const out = {};
  for (const f of form) {
    const v = PHOTOS.includes(f.field) ? photoIds : f.field === 'location' ? values : values[f.field];
    if (!f.required && !filled(f, v)) continue;
    if (PHOTOS.includes(f.field)) out.attachments = photoIds;
    else if (f.field === 'extension') out.extension = `${v} working_days`;
    else if (f.field === 'location') { out.lon = Number(values.lon); out.lat = Number(values.lat); }
    else if (f.field === 'due') out.due = new Date(v).toISOString();
    else out[f.field] = v;
  }
  return out;
}

export function ActionDialog({ caseView, action, onDone, onCancel }) {
  const ref = useRef(null);
  const [values, setValues] = useState({
    category: caseView.category || '',
    urgency: caseView.urgency || 'normal',
    department: caseView.routing?.department || caseView.suggested_department || '',
    extension: 1,
    satisfaction: '满意',
    level: '一般',
    lon: caseView.location?.lon ?? '',
    lat: caseView.location?.lat ?? '',
  });
  const [units, setUnits] = useState([]);
  const [candidates, setCandidates] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const photos = usePhotos();
  const blocked = photosBlockSubmit(photos);
  const form = formOf(caseView, action);
  const fields = form.map((f) => f.field);
  const field = (code) => form.find((f) => f.field === code);
  const label = (code) => labelOf(field(code));
  useEffect(() => {
    ref.current.showModal();
    if (fields.includes('department')) orgUnits().then(setUnits);
    // Merging: the open cases near this one that may be the same problem, nearest first.
    if (fields.includes('merge_target') && caseView.location) {
      get(`/api/v1/cases/duplicates${query({ ...caseView.location, category: caseView.category })}`)
        .then((r) => {
          const others = r.candidates.filter((c) => c.id !== caseView.id);
          setCandidates(others);
          if (others.length) setValues((v) => ({ ...v, merge_target: v.merge_target || others[0].id }));
        })
        .catch(() => setCandidates([]));
    }
  }, []);
  // Each change reads the latest values, so nothing typed is lost to a change made meanwhile.
  const set = (name) => (e) => { const value = e.currentTarget.value; setValues((v) => ({ ...v, [name]: value })); };
  const submit = async (e) => {
    e.preventDefault();
    if (blocked || busy) return;
    for (const f of form) {
      const v = PHOTOS.includes(f.field) ? photos.ids : f.field === 'location' ? values : values[f.field];
      if (f.required && !filled(f, v)) {
        setError(t('dialog.required', { field: labelOf(f) }));
        return;
      }
    }
    setBusy(true);
    setError('');
    try {
      const updated = await act(caseView, action, payload(form, values, photos.ids));
      ref.current.close();
      onDone(updated);
    } catch (err) {
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const cancel = () => {
    ref.current.close();
    onCancel();
  };
  const id = (f) => `dlg-${f}`;
  return (
    <dialog ref={ref} class="dialog" aria-labelledby="dlg-title" onCancel={cancel}>
      <form onSubmit={submit}>
        <h2 id="dlg-title">{t(`action.${action}`)} · {caseView.id}</h2>
        {fields.includes('comment') && (
          <p><label for={id('comment')}>{label('comment')}</label>
            <textarea id={id('comment')} rows={3} value={values.comment || ''} onInput={set('comment')} /></p>
        )}
        {fields.includes('reason') && (
          <p><label for={id('reason')}>{label('reason')}</label>
            <textarea id={id('reason')} rows={3} value={values.reason || ''} onInput={set('reason')} /></p>
        )}
        {fields.includes('extension') && (
          <p><label for={id('extension')}>{label('extension')}</label>
            <input id={id('extension')} type="number" min="1" max="30" value={values.extension} onInput={set('extension')} /></p>
        )}
        {fields.includes('category') && (
          <div class="field"><label for={id('category')}>{label('category')}</label>
            <CategoryPicker id={id('category')} value={values.category}
              onChange={(c) => setValues((v) => ({ ...v, category: c }))} /></div>
        )}
        {fields.includes('urgency') && (
          <p><label for={id('urgency')}>{label('urgency')}</label>
            <select id={id('urgency')} value={values.urgency} onChange={set('urgency')}>
              {codesOf('urgency').map((u) => <option key={u} value={u}>{named('urgency', u)}</option>)}
            </select></p>
        )}
        {fields.includes('department') && (
          <p><label for={id('department')}>{label('department')}</label>
            <select id={id('department')} value={values.department} onChange={set('department')}>
              <option value="">—</option>
              {units.filter((u) => u.kind === 'department' || u.kind === 'street_office').map((u) => (
                <option key={u.id} value={u.id}>{`${u.name} (${u.id})`}</option>
              ))}
            </select></p>
        )}
        {fields.includes('merge_target') && (<>
          <fieldset class="candidates">
            <legend>{t('case.duplicates')}</legend>
            {candidates === null ? <p class="loading">{t('common.loading')}</p>
              : candidates.length === 0 ? <p class="hint">{t('intake.duplicates_none')}</p> : candidates.map((c) => (
                <p class="check" key={c.id}>
                  <input type="radio" name="merge-candidate" id={`dlg-merge-${c.id}`} value={c.id}
                    checked={values.merge_target === c.id} onChange={set('merge_target')} />
                  <label for={`dlg-merge-${c.id}`}>{c.id} · {named('state', c.state)} · {c.description} · {t('field.distance', { m: Math.round(c.distance_m) })}</label>
                </p>))}
          </fieldset>
          <p><label for={id('merge_target')}>{t('field.merge_target_other')}</label>
            <input id={id('merge_target')} value={values.merge_target || ''} inputMode="numeric" onInput={set('merge_target')} /></p>
        </>)}
        {fields.includes('location') && (
          <PlacePicker idPrefix={id('location')} address={caseView.address || ''}
            point={values.lon === '' ? null : { lon: Number(values.lon), lat: Number(values.lat) }}
            onPick={(p) => setValues((v) => ({ ...v, lon: p.lon, lat: p.lat }))} />
        )}
        {fields.includes('satisfaction') && (
          <p><label for={id('satisfaction')}>{label('satisfaction')}</label>
            <select id={id('satisfaction')} value={values.satisfaction} onChange={set('satisfaction')}>
              {['满意', '基本满意', '不满意'].map((s) => <option key={s} value={s}>{t(`sat.${s}`)}</option>)}
            </select></p>
        )}
        {fields.includes('level') && (
          <p><label for={id('level')}>{label('level')}</label>
            <select id={id('level')} value={values.level} onChange={set('level')}>
              {['一般', '重点', '挂牌'].map((l) => <option key={l} value={l}>{t(`level.${l}`)}</option>)}
            </select></p>
        )}
        {fields.includes('due') && (
          <p><label for={id('due')}>{label('due')}</label>
            <input id={id('due')} type="datetime-local" value={values.due || ''} onInput={set('due')} /></p>
        )}
        {PHOTOS.filter((p) => fields.includes(p)).map((p) => (
          <PhotoInput key={p} id={id(p)} label={label(p)} photos={photos} />
        ))}
        {form.filter((f) => !KNOWN.includes(f.field)).map((f) => (
          <p key={f.field}><label for={id(f.field)}>{labelOf(f)}</label>
            <textarea id={id(f.field)} rows={2} value={values[f.field] || ''} onInput={set(f.field)} /></p>
        ))}
        {error && <p class="error" role="alert">{error}</p>}
        {blocked && <p class="hint">{blocked}</p>}
        <p class="buttons">
          <button type="button" onClick={cancel}>{t('common.cancel')}</button>
          <button type="submit" class="primary" disabled={busy || Boolean(blocked)}>{t(`action.${action}`)}</button>
        </p>
      </form>
    </dialog>
  );
}

// The form an action needs (docs/workflow.md "required"): a comment, a reason, a department, a
// category and urgency, photos … in a modal <dialog> that keeps focus inside until it closes.
// Actions that need nothing run at once.
import { useEffect, useRef, useState } from 'preact/hooks';
import { act, get, query } from '../api.js';
import { codesOf, named, t } from '../i18n.js';
import { CategoryPicker } from './CategoryPicker.jsx';
import { orgUnits } from '../names.js';
import { PhotoInput, photosBlockSubmit, usePhotos } from './PhotoInput.jsx';

const REASON = ['reject', 'request_void', 'deny_void', 'decline_register', 'request_return', 'deny_return',
  'request_suspend', 'deny_suspend', 'deny_extension', 'check_fail', 'reopen'];
const COMMENT = ['verify_ok', 'verify_not_found', 'check_pass', 'supervise'];

export function fieldsOf(action) {
  if (REASON.includes(action)) return ['reason'];
  if (COMMENT.includes(action)) return ['comment'];
  return {
    finish: ['comment', 'after_photos'],
    request_extension: ['extension', 'reason'],
    register: ['category', 'urgency'],
    dispatch: ['department'],
    merge: ['merge_target'],
    place: ['lon', 'lat'],
    callback: ['satisfaction'],
  }[action] || [];
}


// The body of an action from what the dialog holds.
function payload(action, v) {
  const out = {};
  for (const f of fieldsOf(action)) {
    if (f === 'after_photos') out.attachments = v.after_photos || [];
    else if (f === 'extension') out.extension = `${v.extension} working_days`;
    else if (f === 'lon' || f === 'lat') out[f] = Number(v[f]);
    else out[f] = v[f];
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
    lon: caseView.location?.lon ?? '',
    lat: caseView.location?.lat ?? '',
  });
  const [units, setUnits] = useState([]);
  const [candidates, setCandidates] = useState(null);
  const [error, setError] = useState('');
  const [busy, setBusy] = useState(false);
  const photos = usePhotos();
  const blocked = photosBlockSubmit(photos);
  const fields = fieldsOf(action);
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
    const all = { ...values, after_photos: photos.ids };
    for (const f of fields) {
      const v = all[f];
      if (f === 'after_photos' ? !(v && v.length) : v === undefined || v === '') {
        setError(t('dialog.required', { field: t(`field.${f}`) }));
        return;
      }
    }
    setBusy(true);
    setError('');
    try {
      const updated = await act(caseView, action, payload(action, all));
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
          <p><label for={id('comment')}>{t('field.comment')}</label>
            <textarea id={id('comment')} rows={3} value={values.comment || ''} onInput={set('comment')} /></p>
        )}
        {fields.includes('reason') && (
          <p><label for={id('reason')}>{t('field.reason')}</label>
            <textarea id={id('reason')} rows={3} value={values.reason || ''} onInput={set('reason')} /></p>
        )}
        {fields.includes('extension') && (
          <p><label for={id('extension')}>{t('field.extension')}</label>
            <input id={id('extension')} type="number" min="1" max="30" value={values.extension} onInput={set('extension')} /></p>
        )}
        {fields.includes('category') && (
          <div class="field"><label for={id('category')}>{t('field.category')}</label>
            <CategoryPicker id={id('category')} value={values.category}
              onChange={(c) => setValues((v) => ({ ...v, category: c }))} /></div>
        )}
        {fields.includes('urgency') && (
          <p><label for={id('urgency')}>{t('field.urgency')}</label>
            <select id={id('urgency')} value={values.urgency} onChange={set('urgency')}>
              {codesOf('urgency').map((u) => <option key={u} value={u}>{named('urgency', u)}</option>)}
            </select></p>
        )}
        {fields.includes('department') && (
          <p><label for={id('department')}>{t('field.department')}</label>
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
        {fields.includes('lon') && (
          <p class="row">
            <span><label for={id('lon')}>{t('field.lon')}</label><input id={id('lon')} value={values.lon} onInput={set('lon')} /></span>
            <span><label for={id('lat')}>{t('field.lat')}</label><input id={id('lat')} value={values.lat} onInput={set('lat')} /></span>
          </p>
        )}
        {fields.includes('satisfaction') && (
          <p><label for={id('satisfaction')}>{t('field.satisfaction')}</label>
            <select id={id('satisfaction')} value={values.satisfaction} onChange={set('satisfaction')}>
              {['满意', '基本满意', '不满意'].map((s) => <option key={s} value={s}>{t(`sat.${s}`)}</option>)}
            </select></p>
        )}
        {fields.includes('after_photos') && (
          <PhotoInput id={id('after_photos')} label={t('field.after_photos')} photos={photos} />
        )}
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

// The supervisor's phone: verification and check tasks nearest first, and a report made with the
// camera and GPS — sent for registration, or closed on the spot as self-handled.
import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../api.js';
import { named, t } from '../i18n.js';
import { onLinkClick } from '../router.js';
import { MapView } from '../components/MapView.jsx';
import { PhotoInput, photosBlockSubmit, usePhotos } from '../components/PhotoInput.jsx';
import { useSubmissionKey } from '../submission.js';
import { canLocate, locate as locatePhone } from '../location.js';

// Metres between two points (equirectangular: enough to sort tasks within a city).
function distance(a, b) {
  const rad = Math.PI / 180;
  const x = (b.lon - a.lon) * rad * Math.cos(((a.lat + b.lat) / 2) * rad);
  const y = (b.lat - a.lat) * rad;
  return Math.round(Math.sqrt(x * x + y * y) * 6371000);
}

export function Field() {
  const [here, setHere] = useState(null);
  const [tasks, setTasks] = useState([]);
  const [form, setForm] = useState({ description: '', self_handled: false, comment: '' });
  const [point, setPoint] = useState(null);
  const [sending, setSending] = useState(false);
  const photos = usePhotos({ onGps: (gps) => setPoint((p) => p || gps) });
  const submission = useSubmissionKey('field');
  // Every change reads the latest form: an upload finishing never undoes what was typed meanwhile.
  const change = (name, value) => setForm((f) => ({ ...f, [name]: value }));
  const blocked = photosBlockSubmit(photos);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const locate = () => locatePhone((at) => { setHere(at); setPoint(at); }, setError);
  const loadTasks = () => get('/api/v1/cases?queue=mine&stage=verify,check&limit=100').then((r) => setTasks(r.cases)).catch((err) => setError(err.message));
  useEffect(() => { loadTasks(); locate(); }, []);
  const sorted = [...tasks].map((c) => ({ ...c, metres: here && c.location ? distance(here, c.location) : null }))
    .sort((a, b) => (a.metres ?? 1e12) - (b.metres ?? 1e12));

  const submit = async (e) => {
    e.preventDefault();
    if (blocked || sending) return;
    setError('');
    setMessage('');
    const body = { description: form.description, attachments: photos.ids, ...(point || {}) };
    if (form.self_handled) Object.assign(body, { self_handled: true, comment: form.comment });
    setSending(true);
    try {
      const created = await post('/api/v1/cases', body, { 'idempotency-key': submission.current() });
      submission.accepted();
      setMessage(t('field.reported', { id: created.id }));
      setForm({ description: '', self_handled: false, comment: '' });
      photos.reset();
      setPoint(null);
      locate(); // the next report starts from where the supervisor is then
      loadTasks();
    } catch (err) {
      setError(err.message);
    } finally {
      setSending(false);
    }
  };
  return (
    <section class="field-view">
      <h1>{t('field.title')}</h1>
      <h2>{t('field.tasks')}</h2>
      {sorted.length === 0 ? <p class="hint">{t('field.no_tasks')}</p> : (
        <ul class="tasks">
          {sorted.map((c) => (
            <li key={c.id}>
              <a href={`/cases/${c.id}`} onClick={onLinkClick}><strong>{named('state', c.state)}</strong> {c.id}</a>
              <span>{c.description}</span>
              {c.metres !== null && <span class="hint">{t('field.distance', { m: c.metres })}</span>}
            </li>
          ))}
        </ul>
      )}
      <h2>{t('field.report')}</h2>
      <form onSubmit={submit}>
        <PhotoInput id="field-photo" label={t('field.camera')} photos={photos} />
        <p><label for="field-description">{t('case.description')}</label>
          <textarea id="field-description" rows={3} required value={form.description}
            onInput={(e) => change('description', e.currentTarget.value)} /></p>
        <p><button type="button" onClick={locate}>{t('field.locate')}</button>
          {!canLocate() && <span class="hint"> {t('geo.insecure')}</span>}</p>
        <MapView point={point} onPick={setPoint} label={t('citizen.place')} height={220} />
        <p class="check"><input id="field-self" type="checkbox" checked={form.self_handled}
          onChange={(e) => change('self_handled', e.currentTarget.checked)} />
          <label for="field-self">{t('field.self_handle')}</label></p>
        {form.self_handled && (
          <p><label for="field-comment">{t('field.comment')}</label>
            <textarea id="field-comment" rows={2} value={form.comment} onInput={(e) => change('comment', e.currentTarget.value)} /></p>
        )}
        {message && <p class="notice" role="status">{message}</p>}
        {error && <p class="error" role="alert">{error}</p>}
        {blocked && <p class="hint" id="field-blocked">{blocked}</p>}
        <p><button type="submit" class="primary wide" disabled={Boolean(blocked) || sending}
          aria-describedby={blocked ? 'field-blocked' : undefined}>{t('field.report')}</button></p>
      </form>
    </section>
  );
}

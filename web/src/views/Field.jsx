// The supervisor's phone: verification and check tasks nearest first, and a report made with the
// camera and GPS — sent for registration, or closed on the spot as self-handled.
import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../api.js';
import { named, t } from '../i18n.js';
import { onLinkClick } from '../router.js';
import { MapView } from '../components/MapView.jsx';
import { PhotoInput } from '../components/PhotoInput.jsx';

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
  const [form, setForm] = useState({ description: '', photos: [], self_handled: false, comment: '' });
  const [point, setPoint] = useState(null);
  const [message, setMessage] = useState('');
  const [error, setError] = useState('');
  const locate = () => navigator.geolocation?.getCurrentPosition(
    (p) => { const at = { lon: +p.coords.longitude.toFixed(6), lat: +p.coords.latitude.toFixed(6) }; setHere(at); setPoint(at); },
    (err) => setError(err.message), { enableHighAccuracy: true, timeout: 10000 });
  const loadTasks = () => get('/api/v1/cases?queue=mine&stage=verify,check&limit=100').then((r) => setTasks(r.cases)).catch((err) => setError(err.message));
  useEffect(() => { loadTasks(); locate(); }, []);
  const sorted = [...tasks].map((c) => ({ ...c, metres: here && c.location ? distance(here, c.location) : null }))
    .sort((a, b) => (a.metres ?? 1e12) - (b.metres ?? 1e12));

  const submit = async (e) => {
    e.preventDefault();
    setError('');
    const body = { description: form.description, attachments: form.photos, ...(point || {}) };
    if (form.self_handled) Object.assign(body, { self_handled: true, comment: form.comment });
    try {
      const created = await post('/api/v1/cases', body, { 'idempotency-key': `field-${Date.now()}-${Math.random()}` });
      setMessage(t('field.reported', { id: created.id }));
      setForm({ description: '', photos: [], self_handled: false, comment: '' });
      loadTasks();
    } catch (err) {
      setError(err.message);
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
        <PhotoInput id="field-photo" label={t('field.camera')} onChange={(ids) => setForm({ ...form, photos: ids })}
          onGps={(gps) => !point && setPoint(gps)} />
        <p><label for="field-description">{t('case.description')}</label>
          <textarea id="field-description" rows={3} required value={form.description}
            onInput={(e) => setForm({ ...form, description: e.currentTarget.value })} /></p>
        <p><button type="button" onClick={locate}>{t('field.locate')}</button></p>
        <MapView point={point} onPick={setPoint} label={t('citizen.place')} height={220} />
        <p class="check"><input id="field-self" type="checkbox" checked={form.self_handled}
          onChange={(e) => setForm({ ...form, self_handled: e.currentTarget.checked })} />
          <label for="field-self">{t('field.self_handle')}</label></p>
        {form.self_handled && (
          <p><label for="field-comment">{t('field.comment')}</label>
            <textarea id="field-comment" rows={2} value={form.comment} onInput={(e) => setForm({ ...form, comment: e.currentTarget.value })} /></p>
        )}
        {message && <p class="notice" role="status">{message}</p>}
        {error && <p class="error" role="alert">{error}</p>}
        <p><button type="submit" class="primary wide">{t('field.report')}</button></p>
      </form>
    </section>
  );
}

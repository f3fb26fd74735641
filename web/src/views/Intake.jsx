// The hotline seat's form: place by map click, by a typed address (the gazetteer's candidates: a
// house number, a crossing, a building, a road, a street, community or grid), or by coordinates
// (the grid and the place's name shown at once), a category found by code, name or synonym, and
// the likely duplicates nearby before the case is saved.
import { useEffect, useState } from 'preact/hooks';
import { get, post, query } from '../api.js';
import { codesOf, named, t } from '../i18n.js';
import { navigate, onLinkClick } from '../router.js';
import { CategoryPicker } from '../components/CategoryPicker.jsx';
import { MapView } from '../components/MapView.jsx';
import { PlaceCandidates, PlaceFacts, chooseWith, usePlaceFacts, usePlaceSearch } from '../components/PlacePicker.jsx';

export function Intake() {
  const [form, setForm] = useState({ description: '', address: '', reporter_name: '', reporter_phone: '', urgency: 'normal', category: '' });
  const [point, setPoint] = useState(null);
  const [duplicates, setDuplicates] = useState(null);
  const [error, setError] = useState('');
  const [places, search] = usePlaceSearch(); // what the address names, to place the case by
  const facts = usePlaceFacts(point);
  const [focus, setFocus] = useState(null);
  const set = (name) => (e) => setForm({ ...form, [name]: e.currentTarget.value });

  useEffect(() => {
    if (!point) return;
    get(`/api/v1/cases/duplicates${query({ ...point, category: form.category })}`)
      .then((r) => setDuplicates(r.candidates)).catch(() => setDuplicates([]));
  }, [point?.lon, point?.lat, form.category]);

  const submit = async (e) => {
    e.preventDefault();
    setError('');
    const body = { ...form, ...(point || {}) };
    for (const k of Object.keys(body)) if (body[k] === '') delete body[k];
    try {
      const created = await post('/api/v1/cases', body, { 'idempotency-key': `intake-${Date.now()}-${Math.random()}` });
      navigate(`/cases/${created.id}`);
    } catch (err) {
      setError(err.message);
    }
  };
  // Typed coordinates become the point once both read as numbers; a map click fills them in.
  const [coords, setCoords] = useState({ lon: '', lat: '' });
  const pick = (p) => { setPoint(p); setCoords({ lon: String(p.lon), lat: String(p.lat) }); };
  const typed = (name) => (e) => setCoords({ ...coords, [name]: e.currentTarget.value });
  const findAddress = () => search(form.address);
  const placeTyped = () => {
    const lon = Number(coords.lon);
    const lat = Number(coords.lat);
    if (coords.lon !== '' && coords.lat !== '' && Number.isFinite(lon) && Number.isFinite(lat)) setPoint({ lon, lat });
  };
  return (
    <section class="intake">
      <h1>{t('intake.title')}</h1>
      <form class="two-columns" onSubmit={submit}>
        <div>
          <p><label for="in-description">{t('case.description')}</label>
            <textarea id="in-description" rows={4} required value={form.description} onInput={set('description')} /></p>
          <div class="field"><label for="in-category">{t('case.category')}</label>
            <CategoryPicker id="in-category" value={form.category} onChange={(c) => setForm({ ...form, category: c })} /></div>
          <p><label for="in-urgency">{t('case.urgency')}</label>
            <select id="in-urgency" value={form.urgency} onChange={set('urgency')}>
              {codesOf('urgency').map((u) => <option key={u} value={u}>{named('urgency', u)}</option>)}
            </select></p>
          <p><label for="in-address">{t('case.address')}</label></p>
          <p class="row">
            <span><input id="in-address" value={form.address} onInput={set('address')} /></span>
            <button type="button" disabled={!form.address.trim()} onClick={findAddress}>{t('intake.find_address')}</button>
          </p>
          <PlaceCandidates places={places} onChoose={chooseWith(pick, setFocus)} />
          <p class="row">
            <span><label for="in-name">{t('intake.reporter_name')}</label><input id="in-name" value={form.reporter_name} onInput={set('reporter_name')} /></span>
            <span><label for="in-phone">{t('intake.reporter_phone')}</label><input id="in-phone" type="tel" value={form.reporter_phone} onInput={set('reporter_phone')} /></span>
          </p>
          {error && <p class="error" role="alert">{error}</p>}
          <p><button type="submit" class="primary">{t('intake.save')}</button></p>
        </div>
        <div>
          <p class="hint">{t('intake.place')}</p>
          <MapView point={point} onPick={pick} focus={focus} label={t('intake.place')} height={340} />
          <p class="row">
            <span><label for="in-lon">{t('field.lon')}</label><input id="in-lon" inputMode="decimal" value={coords.lon} onInput={typed('lon')} onChange={placeTyped} /></span>
            <span><label for="in-lat">{t('field.lat')}</label><input id="in-lat" inputMode="decimal" value={coords.lat} onInput={typed('lat')} onChange={placeTyped} /></span>
          </p>
          <PlaceFacts {...facts} />
          {duplicates && (
            <div class="duplicates" aria-live="polite">
              <h2>{t('case.duplicates')}</h2>
              {duplicates.length === 0 ? <p class="hint">{t('intake.duplicates_none')}</p> : (
                <ul>
                  {duplicates.map((d) => (
                    <li key={d.id}><a href={`/cases/${d.id}`} onClick={onLinkClick}>{d.id}</a> {named('state', d.state)} · {d.description} · {t('field.distance', { m: d.distance_m })}</li>
                  ))}
                </ul>
              )}
            </div>
          )}
        </div>
      </form>
    </section>
  );
}

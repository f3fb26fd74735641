// 随手拍: a citizen's report without an account — photo, place on the map, description, phone —
// answered with a tracking code.
import { useState } from 'preact/hooks';
import { post } from '../api.js';
import { t } from '../i18n.js';
import { onLinkClick } from '../router.js';
import { MapView } from '../components/MapView.jsx';
import { PhotoInput, photosBlockSubmit, usePhotos } from '../components/PhotoInput.jsx';
import { useSubmissionKey } from '../submission.js';
import { canLocate, locate } from '../location.js';

export function CitizenReport() {
  const [description, setDescription] = useState('');
  const [phone, setPhone] = useState('');
  const [point, setPoint] = useState(null);
  const [done, setDone] = useState(null);
  const [error, setError] = useState('');
  const [sending, setSending] = useState(false);
  const photos = usePhotos({ open: true, onGps: (gps) => setPoint((p) => p || gps) });
  const submission = useSubmissionKey('citizen');
  // Never sent while a photo is still uploading: the case would be made without it.
  const blocked = photosBlockSubmit(photos);
  const submit = async (e) => {
    e.preventDefault();
    if (blocked || sending) return;
    setError('');
    const body = { description, attachments: photos.ids, ...(point || {}) };
    if (phone) body.reporter_phone = phone;
    setSending(true);
    try {
      const created = await post('/api/v1/public/cases', body, { 'idempotency-key': submission.current() });
      submission.accepted();
      photos.reset();
      setDone(created);
    } catch (err) {
      setError(err.message);
    } finally {
      setSending(false);
    }
  };
  if (done) {
    return (
      <section class="narrow card">
        <h1>{t('citizen.title')}</h1>
        <p>{t('citizen.thanks')}</p>
        <p class="code" id="tracking-code">{done.tracking_code}</p>
        <p><a href={`/track/${done.tracking_code}`} onClick={onLinkClick}>{t('nav.track')}</a></p>
      </section>
    );
  }
  return (
    <section class="narrow">
      <h1>{t('citizen.title')}</h1>
      <p class="hint">{t('citizen.intro')}</p>
      <form onSubmit={submit}>
        <p><label for="c-description">{t('citizen.description')}</label>
          <textarea id="c-description" rows={4} required value={description} onInput={(e) => setDescription(e.currentTarget.value)} /></p>
        <PhotoInput id="c-photo" label={t('citizen.photo')} photos={photos} />
        <p class="row"><span class="hint">{t('citizen.place')}</span>
          <span><button type="button" onClick={() => locate(setPoint, setError)}>{t('field.locate')}</button></span></p>
        {!canLocate() && <p class="hint">{t('geo.insecure')}</p>}
        {point && <p class="hint" id="c-point">{t('field.location')}: {point.lon}, {point.lat}</p>}
        <MapView point={point} onPick={setPoint} label={t('citizen.place')} height={260} />
        <p><label for="c-phone">{t('citizen.phone')}</label>
          <input id="c-phone" type="tel" autocomplete="tel" value={phone} onInput={(e) => setPhone(e.currentTarget.value)} /></p>
        {error && <p class="error" role="alert">{error}</p>}
        {blocked && <p class="hint" id="c-blocked">{blocked}</p>}
        <p><button type="submit" class="primary wide" disabled={Boolean(blocked) || sending}
          aria-describedby={blocked ? 'c-blocked' : undefined}>{t('citizen.submit')}</button></p>
      </form>
    </section>
  );
}

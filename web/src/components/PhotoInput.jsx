// Photos for a report or an action: picked from files or taken with the phone's camera, each
// uploaded at once with its progress shown, removable, and reset when the form starts over. The
// form owns the list (usePhotos), so text typed meanwhile is never touched, and it can tell
// whether uploads are still running (its submit waits) or failed (the user removes or retries them).
import { useEffect, useRef, useState } from 'preact/hooks';
import { uploadPhoto } from '../api.js';
import { t } from '../i18n.js';

let nextKey = 0;

// The photos of one form: { photos, add(files), remove(key), retry(key), reset(), ids, busy, failed }.
// `open` uploads through the citizens' route (no account); `onGps` receives the first photo's GPS.
export function usePhotos({ open = false, onGps } = {}) {
  const [photos, setPhotos] = useState([]);
  const uploads = useRef(new Map()); // key → { abort, url, file }
  const gps = useRef(onGps);
  gps.current = onGps; // the form's latest callback, not the one of the render that started the upload
  const update = (key, change) => setPhotos((list) => list.map((p) => (p.key === key ? { ...p, ...change } : p)));
  const start = (key, file) => {
    const upload = uploadPhoto(file, open, (fraction) => update(key, { progress: fraction }));
    uploads.current.get(key).abort = upload.abort;
    upload.done.then((r) => {
      if (!uploads.current.has(key)) return; // removed meanwhile
      update(key, { id: r.id, progress: 1 });
      if (r.gps && gps.current) gps.current(r.gps);
    }).catch((err) => {
      if (uploads.current.has(key) && err.name !== 'AbortError') update(key, { error: err.message });
    });
  };
  const add = (files) => {
    for (const file of files) {
      const key = `photo-${++nextKey}`;
      const url = URL.createObjectURL(file);
      uploads.current.set(key, { url, file, abort: () => {} });
      setPhotos((list) => [...list, { key, name: file.name, url, progress: 0, id: null, error: '' }]);
      start(key, file);
    }
  };
  const forget = (key) => {
    const upload = uploads.current.get(key);
    if (!upload) return;
    upload.abort();
    URL.revokeObjectURL(upload.url);
    uploads.current.delete(key);
  };
  const remove = (key) => {
    forget(key);
    setPhotos((list) => list.filter((p) => p.key !== key));
  };
  const retry = (key) => {
    const upload = uploads.current.get(key);
    if (!upload) return;
    update(key, { error: '', progress: 0 });
    start(key, upload.file);
  };
  const reset = () => {
    for (const key of [...uploads.current.keys()]) forget(key);
    setPhotos([]);
  };
  useEffect(() => () => { for (const key of [...uploads.current.keys()]) forget(key); }, []);
  return {
    photos, add, remove, retry, reset,
    ids: photos.filter((p) => p.id).map((p) => p.id),
    busy: photos.some((p) => !p.id && !p.error),
    failed: photos.some((p) => p.error),
  };
}

// Whether a form with these photos may be sent, and if not, why (shown beside its submit button).
export const photosBlockSubmit = (photos) => (photos.busy ? t('photo.uploading') : photos.failed ? t('photo.failed_hint') : '');

export function PhotoInput({ id, label, photos }) {
  const pick = (e) => {
    const input = e.currentTarget;
    photos.add([...input.files]);
    input.value = '';
  };
  return (
    <div class="photos-input">
      <label for={id}>{label}</label>
      <input id={id} type="file" accept="image/jpeg,image/png,image/webp" capture="environment" multiple onChange={pick} />
      <ul class="thumbs">
        {photos.photos.map((p) => (
          <li key={p.key} class={p.error ? 'failed' : p.id ? 'done' : 'uploading'}>
            <img src={p.url} alt={p.name} width="72" height="72" />
            {!p.id && !p.error && (
              <progress max="1" value={p.progress} aria-label={t('photo.progress', { name: p.name })}>{Math.round(p.progress * 100)}%</progress>)}
            {p.error && <span class="error" role="alert">{p.error}</span>}
            {p.error && <button type="button" class="link" onClick={() => photos.retry(p.key)}>{t('photo.retry')}</button>}
            <button type="button" class="link remove" onClick={() => photos.remove(p.key)}
              aria-label={`${t('photo.remove')} ${p.name}`}>{t('photo.remove')}</button>
          </li>
        ))}
      </ul>
    </div>
  );
}

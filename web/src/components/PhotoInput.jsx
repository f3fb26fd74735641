// Photos: picked from files or taken with the phone's camera (capture), uploaded at once; the
// uploaded ids go with the report or the action.
import { useEffect, useRef, useState } from 'preact/hooks';
import { uploadPhoto } from '../api.js';

export function PhotoInput({ id, label, open = false, onChange, onGps }) {
  const [photos, setPhotos] = useState([]);
  const [error, setError] = useState('');
  const previews = useRef([]);
  useEffect(() => () => previews.current.forEach((url) => URL.revokeObjectURL(url)), []);
  const pick = async (e) => {
    const input = e.currentTarget; // null once the event is over, and the uploads outlast it
    const files = [...input.files];
    setError('');
    const next = [...photos];
    for (const file of files) {
      try {
        const r = await uploadPhoto(file, open);
        const url = URL.createObjectURL(file);
        previews.current.push(url);
        next.push({ id: r.id, name: file.name, url });
        if (r.gps && onGps) onGps(r.gps);
      } catch (err) {
        setError(err.message);
      }
    }
    input.value = '';
    setPhotos(next);
    onChange(next.map((p) => p.id));
  };
  return (
    <div class="photos-input">
      <label for={id}>{label}</label>
      <input id={id} type="file" accept="image/jpeg,image/png,image/webp" capture="environment" multiple onChange={pick} />
      {error && <p class="error" role="alert">{error}</p>}
      <ul class="thumbs">
        {photos.map((p) => (
          <li key={p.id}><img src={p.url} alt={p.name} width="72" height="72" /></li>
        ))}
      </ul>
    </div>
  );
}

// A searchable category picker: code prefix, name or synonym, answered by the server's directory.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.js';
import { t } from '../i18n.js';

export function CategoryPicker({ id, value, onChange }) {
  const [text, setText] = useState('');
  const [options, setOptions] = useState([]);
  useEffect(() => {
    let alive = true;
    const timer = setTimeout(() => {
      get(`/api/v1/categories?q=${encodeURIComponent(text)}`)
        .then((r) => alive && setOptions(r.categories.filter((c) => c.enabled).slice(0, 60)))
        .catch(() => alive && setOptions([]));
    }, 150);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [text]);
  return (
    <div class="picker">
      <input id={`${id}-search`} type="search" value={text} placeholder={t('intake.category_search')}
        aria-label={t('intake.category_search')} onInput={(e) => setText(e.currentTarget.value)} />
      <select id={id} value={value} size={6} onChange={(e) => onChange(e.currentTarget.value)}>
        {options.map((c) => (
          <option key={c.code} value={c.code}>{`${c.code} ${c.major_name} · ${c.name}`}</option>
        ))}
      </select>
    </div>
  );
}

// What narrows and keeps a queue view (issue 22 §4–5): reported dates, channel, unit, urgency,
// open or closed, the extra columns shown; the user's saved views; the export of what is shown.
// Every filter lives in the page's address, so a view is a link and a saved view is its query.
import { useEffect, useState } from 'preact/hooks';
import { get, put, query, remove } from '../api.js';
import { codesOf, locale, named, t } from '../i18n.js';
import { navigate, searchParams } from '../router.js';
import { me } from '../session.js';

// Columns a user may add to the queue table, in the table's (and the export's) order.
export const OPTIONAL_COLUMNS = ['place', 'department', 'reporter', 'reporter_phone', 'updated', 'closed'];

// The query of a view without its order, to tell whether the page shows a saved view.
const normalised = (text) => [...new URLSearchParams(text)].filter(([, v]) => v !== '')
  .map(([k, v]) => `${k}=${v}`).sort().join('&');

// Sets (or clears, for '') the named filters in the address; the queue reloads from it.
export function setFilters(changes) {
  const p = searchParams();
  for (const [k, v] of Object.entries(changes)) {
    if (v) p.set(k, v); else p.delete(k);
  }
  const text = p.toString();
  navigate(`/queues${text ? `?${text}` : ''}`, true, { scroll: false });
}

// What the server allows a view's name (SavedViewLimits::name_bytes): bytes of UTF-8, not characters.
const NAME_BYTES = 80;

export function QueueFilters({ scope, units, exportQuery, onOutcome }) {
  const params = searchParams();
  const value = (name) => params.get(name) || '';
  const [views, setViews] = useState([]);
  const [naming, setNaming] = useState(false);
  const [name, setName] = useState('');
  const [error, setError] = useState('');
  const current = normalised(params.toString());
  const active = views.find((v) => normalised(v.query) === current);
  const columns = value('cols').split(',').filter(Boolean);
  // On a phone the filters fold under one line saying how many are set; on a desk they stay open.
  const [open] = useState(() => !window.matchMedia('(max-width: 600px)').matches);
  const set = ['created_from', 'created_to', 'channel', 'department', 'urgency', 'open', 'cols'].filter((k) => value(k)).length;

  const loadViews = () => get('/api/v1/me/views').then((r) => setViews(r.views)).catch((err) => setError(err.message));
  useEffect(() => { loadViews(); }, []);

  const replacing = views.some((v) => v.name === name.trim());
  const save = async (e) => {
    e.preventDefault();
    const named = name.trim();
    if (!named) return;
    if (new TextEncoder().encode(named).length > NAME_BYTES) { setError(t('views.name_too_long')); return; }
    try {
      await put(`/api/v1/me/views/${encodeURIComponent(named)}`, { query: params.toString() });
      setNaming(false);
      setName('');
      setError('');
      await loadViews(); // the list first, so the view is selected when the page says it is saved
      onOutcome(t('views.saved', { name: named }));
    } catch (err) {
      setError(err.message);
    }
  };
  const drop = async () => {
    try {
      await remove(`/api/v1/me/views/${encodeURIComponent(active.name)}`);
      await loadViews();
      onOutcome(t('views.deleted', { name: active.name }));
    } catch (err) {
      setError(err.message);
    }
  };
  const toggleColumn = (code) => {
    const next = columns.includes(code) ? columns.filter((c) => c !== code) : [...columns, code];
    setFilters({ cols: OPTIONAL_COLUMNS.filter((c) => next.includes(c)).join(',') });
  };
  const exportHref = (format) => `/api/v1/cases/export${query({ ...exportQuery, format, lang: locale.value })}`;
  // Fetched rather than followed, so a refusal (too many cases, exports under way) is shown here
  // instead of being saved as a file; the file then downloads under the server's name.
  const [exporting, setExporting] = useState('');
  const download = async (e, format) => {
    e.preventDefault();
    setExporting(format);
    try {
      const r = await fetch(exportHref(format), { credentials: 'same-origin', headers: { 'accept-language': locale.value } });
      if (!r.ok) throw new Error((await r.json().catch(() => null))?.error?.message || t('error.http', { status: r.status }));
      const name = /filename="([^"]+)"/.exec(r.headers.get('content-disposition') || '')?.[1] || `cases.${format}`;
      const url = URL.createObjectURL(await r.blob());
      const link = Object.assign(document.createElement('a'), { href: url, download: name });
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      setError('');
    } catch (err) {
      setError(err.message === 'Failed to fetch' ? t('error.network') : err.message);
    } finally {
      setExporting('');
    }
  };

  return (
    <details class="queue-filters" open={open}>
      <summary>{set ? t('queue.filters_set', { n: set }) : t('queue.filters')}</summary>
      <div class="toolbar filter-bar" role="group" aria-label={t('queue.filters')}>
        <label class="inline" for="queue-from">{t('queue.reported_from')}</label>
        <input id="queue-from" type="date" value={value('created_from')} max={value('created_to') || undefined}
          onChange={(e) => setFilters({ created_from: e.currentTarget.value })} />
        <label class="inline" for="queue-to">{t('queue.reported_to')}</label>
        <input id="queue-to" type="date" value={value('created_to')} min={value('created_from') || undefined}
          onChange={(e) => setFilters({ created_to: e.currentTarget.value })} />
        <label class="inline" for="queue-channel">{t('case.channel')}</label>
        <select id="queue-channel" value={value('channel')} onChange={(e) => setFilters({ channel: e.currentTarget.value })}>
          <option value="">{t('queue.any')}</option>
          {codesOf('channel').map((c) => <option key={c} value={c}>{named('channel', c)}</option>)}
        </select>
        {/* A crew that sees one unit's cases has no unit to choose. */}
        {units.length > 0 && (me.value?.department_scopes?.length ?? 0) !== 1 && (<>
          <label class="inline" for="queue-department">{t('field.department')}</label>
          <select id="queue-department" value={value('department')} onChange={(e) => setFilters({ department: e.currentTarget.value })}>
            <option value="">{t('queue.any')}</option>
            {units.filter((u) => u.kind === 'department' || u.kind === 'street_office').map((u) => (
              <option key={u.id} value={u.id}>{u.name}</option>
            ))}
          </select>
        </>)}
        <label class="inline" for="queue-urgency">{t('case.urgency')}</label>
        <select id="queue-urgency" value={value('urgency')} onChange={(e) => setFilters({ urgency: e.currentTarget.value })}>
          <option value="">{t('queue.any_urgency')}</option>
          <option value="urgent,critical">{t('queue.urgent_up')}</option>
          {codesOf('urgency').map((u) => <option key={u} value={u}>{named('urgency', u)}</option>)}
        </select>
        {scope === 'all' && (<>
          <label class="inline" for="queue-open">{t('queue.open_closed')}</label>
          <select id="queue-open" value={value('open') || 'true'} onChange={(e) => setFilters({ open: e.currentTarget.value === 'true' ? '' : e.currentTarget.value })}>
            <option value="true">{t('queue.open_only')}</option>
            <option value="false">{t('queue.closed_only')}</option>
            <option value="any">{t('queue.open_and_closed')}</option>
          </select>
        </>)}
        <details class="columns">
          <summary>{t('queue.columns')}{columns.length ? ` (+${columns.length})` : ''}</summary>
          <fieldset>
            <legend class="visually-hidden">{t('queue.columns')}</legend>
            {OPTIONAL_COLUMNS.map((c) => (
              <label key={c}><input type="checkbox" checked={columns.includes(c)} onChange={() => toggleColumn(c)} /> {t(`column.${c}`)}</label>
            ))}
          </fieldset>
        </details>
      </div>
      <div class="toolbar views-bar">
        <label class="inline" for="queue-view">{t('views.title')}</label>
        <select id="queue-view" value={active?.name ?? ''} onChange={(e) => {
          const chosen = views.find((v) => v.name === e.currentTarget.value);
          if (chosen) navigate(`/queues?${chosen.query}`); // Back returns to the filters before it
        }}>
          <option value="">{active ? '' : t('views.unsaved')}</option>
          {views.map((v) => <option key={v.name} value={v.name}>{v.name}</option>)}
        </select>
        {naming ? (
          <form class="inline-form" onSubmit={save}>
            <label class="visually-hidden" for="view-name">{t('views.name')}</label>
            <input id="view-name" value={name} placeholder={t('views.name')} onInput={(e) => setName(e.currentTarget.value)} autoFocus />
            <button type="submit" class="primary">{replacing ? t('views.replace') : t('common.save')}</button>
            <button type="button" onClick={() => { setNaming(false); setError(''); }}>{t('common.cancel')}</button>
          </form>
        ) : (
          <button type="button" onClick={() => setNaming(true)}>{t('views.save')}</button>
        )}
        {active && <button type="button" onClick={drop}>{t('views.delete', { name: active.name })}</button>}
        <span class="export">
          {t('queue.export')}:
          <a id="export-xlsx" href={exportHref('xlsx')} onClick={(e) => download(e, 'xlsx')} aria-busy={exporting === 'xlsx'}>Excel</a>
          <a id="export-csv" href={exportHref('csv')} onClick={(e) => download(e, 'csv')} aria-busy={exporting === 'csv'}>CSV</a>
        </span>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
    </details>
  );
}

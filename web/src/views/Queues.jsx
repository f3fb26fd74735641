// The console of operators, shift leaders, dispatchers and department handlers: the queue per
// stage with counts and lights, kept live by the event stream; several cases dispatched at once.
// Handlers see their department's cases by deadline, the urgent and critical ones pinned on top.
// Filters, saved views and exports: QueueFilters; the page reads every filter from its address.
import { useEffect, useMemo, useRef, useState } from 'preact/hooks';
import { act, get, liveCases, query } from '../api.js';
import { codesOf, entryOf, named, t } from '../i18n.js';
import { location, navigate, onLinkClick, searchParams } from '../router.js';
import { can, hasRole } from '../session.js';
import { Light } from '../components/Light.jsx';
import { PendingRequests } from '../components/PendingRequests.jsx';
import { CommittedInput } from '../components/CommittedInput.jsx';
import { OPTIONAL_COLUMNS, QueueFilters, setFilters } from '../components/QueueFilters.jsx';
import { formatTime } from '../dates.js';
import { categoryNames, majorClassNames, orgUnits } from '../names.js';


export function Queues() {
  // Every filter comes from the address (QueueFilters sets it): a view is a link.
  const params = searchParams();
  const value = (name) => params.get(name) || '';
  const scope = params.get('queue') === 'all' ? 'all' : 'mine';
  const stage = value('stage');
  const text = value('q');
  const sort = value('sort') || (hasRole('handler') ? 'due' : 'number');
  const urgency = value('urgency');
  const columns = value('cols').split(',').filter((c) => OPTIONAL_COLUMNS.includes(c));
  const [pressing, setPressing] = useState([]); // a handler's urgent and critical cases, soonest first
  const pinUrgent = hasRole('handler') && scope === 'mine' && !urgency;
  // Where the dashboard clicked through from: a grid (or any region prefix) or a problem class.
  const region = value('region');
  const category = value('category');
  const overdue = value('overdue');
  const [counts, setCounts] = useState({});
  const [page, setPage] = useState({ cases: [], next_cursor: null });
  const [selected, setSelected] = useState(new Set());
  const [live, setLive] = useState(false);
  const [notice, setNotice] = useState(''); // the latest live change
  // What the user's own bulk action did: kept apart, so the live changes it causes do not overwrite it.
  const [outcome, setOutcome] = useState('');
  const [error, setError] = useState('');
  const [tick, setTick] = useState(0);
  const [units, setUnits] = useState([]);
  const [bulkDepartment, setBulkDepartment] = useState('');
  const [names, setNames] = useState(new Map());
  const [majors, setMajors] = useState(new Map());
  const bulk = can('case.dispatch');

  const filters = {
    queue: scope === 'mine' ? 'mine' : '', stage, q: text, region, category, overdue, urgency,
    created_from: value('created_from'), created_to: value('created_to'), channel: value('channel'),
    department: value('department'),
    open: scope === 'mine' || value('open') === 'any' ? '' : value('open') || 'true',
  };
  // The export takes what the table shows, in its order (the deadline cell shows the light too).
  const shown = ['number', 'state', 'light', 'deadline', 'description', 'category', 'urgency', 'grid', 'channel', 'created', ...columns];
  const exportQuery = { ...filters, sort, columns: shown.join(',') };
  const unitName = (id) => units.find((u) => u.id === id)?.name || id;
  // Only the latest load is shown: an earlier, slower one (other filters) must not overwrite it.
  const latest = useRef(0);
  const load = async (cursor) => {
    const mine = ++latest.current;
    try {
      const r = await get(`/api/v1/cases${query({ ...filters, sort, cursor, limit: 50 })}`);
      if (mine !== latest.current) return;
      setPage((p) => (cursor ? { cases: [...p.cases, ...r.cases], next_cursor: r.next_cursor } : r));
      if (pinUrgent) {
        const urgent = await get(`/api/v1/cases${query({ queue: 'mine', urgency: 'urgent,critical', sort: 'due', limit: 20 })}`);
        setPressing(urgent.cases);
      } else {
        setPressing([]);
      }
      // The badges count what the list would show at each stage: every filter of the list but the stage.
      // (by=state: closed cases too when the list holds them, as a period's reports do.)
      const c = await get(`/api/v1/cases/counts${query({ ...filters, stage: '', by: 'state' })}`);
      if (mine !== latest.current) return;
      const byStage = {};
      for (const [state, n] of Object.entries(c.groups)) {
        const tab = entryOf('state', state)?.listed_under;
        if (tab) byStage[tab] = (byStage[tab] || 0) + n;
      }
      setCounts({ ...byStage, total: c.total });
      setError('');
    } catch (err) {
      if (mine === latest.current) setError(err.message);
    }
  };
  useEffect(() => { load(); setSelected(new Set()); }, [location.value, tick]);
  useEffect(() => {
    orgUnits().then(setUnits);
    categoryNames().then(setNames);
    majorClassNames().then(setMajors);
    let timer;
    const stop = liveCases((change, kind) => {
      if (kind === 'case') setNotice(t('queue.changed', { id: change.case_id, state: named('state', change.state) }));
      clearTimeout(timer);
      timer = setTimeout(() => setTick((n) => n + 1), 300); // a burst of changes reloads once
    }, setLive);
    return () => { stop(); clearTimeout(timer); };
  }, []);

  // The keyboard: "/" to the search box, j / k down and up the cases (Enter opens one), when no
  // field has the focus.
  useEffect(() => {
    const onKey = (e) => {
      if (e.ctrlKey || e.metaKey || e.altKey || e.target.closest?.('input, textarea, select, dialog')) return;
      if (e.key === '/') {
        e.preventDefault();
        document.getElementById('queue-q')?.focus();
      } else if (e.key === 'j' || e.key === 'k') {
        const links = [...document.querySelectorAll('table.cases tbody a')];
        if (!links.length) return;
        const at = links.indexOf(document.activeElement);
        const next = at < 0 ? 0 : Math.max(0, Math.min(links.length - 1, at + (e.key === 'j' ? 1 : -1)));
        e.preventDefault();
        links[next].focus();
      }
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, []);

  // Where each selected case will go: the unit chosen for all, else its own suggestion.
  const dispatchable = useMemo(() => page.cases.filter((c) => selected.has(c.id) && c.allowed_actions.includes('dispatch')), [page, selected]);
  const destination = (c) => bulkDepartment || c.routing?.department || c.suggested_department || '';
  const bulkDispatch = async () => {
    const failures = [];
    let sent = 0;
    for (const c of dispatchable) {
      const department = destination(c);
      if (!department) { failures.push(`${c.id}: ${t('queue.no_destination')}`); continue; }
      try { await act(c, 'dispatch', { department }); sent += 1; } catch (err) { failures.push(`${c.id}: ${err.message}`); }
    }
    const done = t('queue.dispatched', { n: sent });
    setOutcome(failures.length ? `${done}；${failures.join('；')}` : done);
    setSelected(new Set());
    setTick((n) => n + 1);
  };
  const toggle = (id) => {
    const next = new Set(selected);
    if (next.has(id)) next.delete(id); else next.add(id);
    setSelected(next);
  };
  const allSelected = page.cases.length > 0 && page.cases.every((c) => selected.has(c.id));
  const toggleAll = () => setSelected(allSelected ? new Set() : new Set(page.cases.map((c) => c.id)));
  const optionalCell = (c, code) => {
    switch (code) {
      case 'place': return c.place || c.address;
      case 'department': return c.department ? unitName(c.department) : '';
      case 'reporter': return c.reporter?.name;
      case 'reporter_phone': return c.reporter?.phone;
      case 'updated': return formatTime(c.updated_at);
      case 'closed': return formatTime(c.closed_at);
      default: return '';
    }
  };

  return (
    <section class="queues">
      <div class="toolbar">
        <h1>{t('queue.title')}</h1>
        <div role="group" aria-label={t('queue.title')} class="segmented">
          <button type="button" aria-pressed={scope === 'mine'} onClick={() => setFilters({ queue: '', open: '' })}>{t('queue.mine')}</button>
          <button type="button" aria-pressed={scope === 'all'} onClick={() => setFilters({ queue: 'all' })}>{t('queue.all')}</button>
        </div>
        <label class="inline" for="queue-q">{t('common.search')}</label>
        <CommittedInput id="queue-q" type="search" placeholder={can('case.view_contact') ? t('queue.filter_contacts') : t('queue.filter')} value={text}
          onCommit={(typed) => setFilters({ q: typed.trim() })} />
        <label class="inline" for="queue-sort">{t('queue.sort')}</label>
        <select id="queue-sort" value={sort} onChange={(e) => setFilters({ sort: e.currentTarget.value })}>
          {['number', 'due', 'updated'].map((s) => <option key={s} value={s}>{t(`sort.${s}`)}</option>)}
        </select>
        <span class={`live ${live ? 'on' : ''}`} aria-live="polite">{live ? t('queue.live') : t('queue.offline')}</span>
      </div>
      <QueueFilters scope={scope} units={units} exportQuery={exportQuery} onOutcome={setOutcome} />
      <nav class="stages" aria-label={t('case.state')}>
        <button type="button" aria-pressed={stage === ''} onClick={() => setFilters({ stage: '' })}>
          {t('queue.all_stages')} <span class="count">{counts.total ?? 0}</span>
        </button>
        {codesOf('stage').map((s) => (
          <button type="button" key={s} aria-pressed={stage === s} onClick={() => setFilters({ stage: s })} data-stage={s}>
            {named('stage', s)} <span class="count">{counts[s] ?? 0}</span>
          </button>
        ))}
      </nav>
      {(region || category || overdue) && (
        <p class="hint filters" id="queue-filters">
          {region && <span class="chip">{t('case.grid')}: {region}</span>}
          {category && <span class="chip">{t('case.category')}: {category} {(category.length === 2 ? majors : names).get(category) || ''}</span>}
          {overdue && <span class="chip">{t('queue.overdue_only')}</span>}
          <a href="/queues?queue=all" onClick={onLinkClick} aria-label={t('queue.clear_filters')}>×</a></p>
      )}
      {outcome && <p class="notice" role="status" id="queue-outcome">{outcome}</p>}
      {notice && <p class="hint" aria-live="polite">{notice}</p>}
      {error && <p class="error" role="alert">{error}</p>}
      {pressing.length > 0 && (
        <section class="pressing" aria-labelledby="pressing-title">
          <h2 id="pressing-title">{t('queue.pressing', { n: pressing.length })}</h2>
          <ul>{pressing.map((c) => (
            <li key={c.id}>
              <span class={`urgency u-${c.urgency}`}>{named('urgency', c.urgency)}</span>
              <a href={`/cases/${c.id}`} onClick={onLinkClick}>{c.id}</a>
              <Light deadline={c.deadline} /> <small>{formatTime(c.deadline?.due)}</small>
              <span class="desc">{c.description}</span>
            </li>))}</ul>
        </section>
      )}
      {bulk && selected.size > 0 && (
        <div class="bulk">
          <span>{t('queue.selected', { n: selected.size })}</span>
          <label for="bulk-dept">{t('field.department')}</label>
          <select id="bulk-dept" value={bulkDepartment} onChange={(e) => setBulkDepartment(e.currentTarget.value)}>
            <option value="">{t('case.suggested')}</option>
            {units.filter((u) => u.kind === 'department' || u.kind === 'street_office').map((u) => (
              <option key={u.id} value={u.id}>{u.name}</option>
            ))}
          </select>
          <button type="button" class="primary" disabled={!dispatchable.length} onClick={bulkDispatch}>
            {t('queue.bulk_dispatch')} ({dispatchable.length})
          </button>
          {dispatchable.length > 0 && (
            <table class="bulk-preview" aria-label={t('queue.bulk_preview')}>
              <caption>{t('queue.bulk_preview')}</caption>
              <tbody>{dispatchable.map((c) => (
                <tr key={c.id}>
                  <th scope="row">{c.id}</th>
                  <td class="desc">{c.description}</td>
                  <td class={destination(c) ? 'to' : 'to missing'}>→ {destination(c) ? unitName(destination(c)) : t('queue.no_destination')}</td>
                </tr>))}</tbody>
            </table>
          )}
          {selected.size > dispatchable.length && (
            <p class="hint">{t('queue.not_dispatchable', { n: selected.size - dispatchable.length })}</p>
          )}
        </div>
      )}
      <div class="table-wrap">
        <table class="cases">
          <thead>
            <tr>
              {bulk && <th scope="col"><input type="checkbox" checked={allSelected} onChange={toggleAll}
                aria-label={t('queue.select_all', { n: page.cases.length })} /></th>}
              <th scope="col">{t('case.number')}</th><th scope="col">{t('case.state')}</th>
              <th scope="col">{t('case.deadline')}</th><th scope="col">{t('case.description')}</th>
              <th scope="col">{t('case.category')}</th><th scope="col">{t('case.urgency')}</th>
              <th scope="col">{t('case.grid')}</th><th scope="col">{t('case.channel')}</th><th scope="col">{t('case.created')}</th>
              {columns.map((code) => <th scope="col" key={code}>{t(`column.${code}`)}</th>)}
            </tr>
          </thead>
          <tbody>
            {page.cases.map((c) => (
              <tr key={c.id} class={c.deadline?.overdue ? 'overdue' : ''}>
                {bulk && <td><input type="checkbox" checked={selected.has(c.id)} onChange={() => toggle(c.id)}
                  aria-label={t('queue.select', { id: c.id })} /></td>}
                <td><a href={`/cases/${c.id}`} onClick={onLinkClick}>{c.id}</a></td>
                <td>{named('state', c.state)}<PendingRequests view={c} /></td>
                <td><Light deadline={c.deadline} /> <small>{formatTime(c.deadline?.due)}</small></td>
                <td class="desc">{c.description}</td>
                <td title={c.category}>{names.get(c.category) || c.category}</td>
                <td><span class={`urgency u-${c.urgency}`}>{named('urgency', c.urgency)}</span></td>
                <td class="grid">{c.grid}</td>
                <td>{named('channel', c.channel)}</td>
                <td>{formatTime(c.created_at)}</td>
                {columns.map((code) => <td key={code} class={`col-${code}`}>{optionalCell(c, code)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
        {!page.cases.length && <p class="empty">{t('queue.empty')}</p>}
      </div>
      <p class="hint keys">{t('queue.keys')}</p>
      {page.next_cursor && <p><button type="button" onClick={() => load(page.next_cursor)}>{t('common.more')}</button></p>}
      {can('case.accept') && <p><button type="button" onClick={() => navigate('/intake')}>{t('nav.intake')}</button></p>}
    </section>
  );
}


// One case: where it is (map), what happened (timeline, photos), its deadlines, and as buttons only
// the actions the server says this user may take now; live while open.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { act, get, liveCases } from '../api.js';
import { named, t } from '../i18n.js';
import { navigate } from '../router.js';
import { me } from '../session.js';
import { ActionDialog, needsForm } from '../components/ActionDialog.jsx';
import { Light } from '../components/Light.jsx';
import { formatDuration, formatTime } from '../dates.js';
import { MapView, gridOutline, gridStyle } from '../components/MapView.jsx';
import { caseNames } from '../names.js';
import { Notices } from '../components/Notices.jsx';
import { PendingRequests } from '../components/PendingRequests.jsx';

// Of what is shown and what just arrived, the later version of the case; at the same version the
// full view (with its timeline) over an action's answer, so an answer arriving late undoes nothing.
function newer(shown, arrived, full = false) {
  if (!shown) return arrived;
  if (arrived.version > shown.version) return full ? arrived : { ...arrived, timeline: shown.timeline };
  if (arrived.version === shown.version && full) return arrived;
  return shown;
}

function Deadline({ title, reading }) {
  if (!reading) return null;
  return (
    <div class="deadline">
      <h3>{title}</h3>
      <p><Light deadline={reading} /> {formatTime(reading.due)}</p>
      <p class="hint">{reading.overdue ? t('case.overdue') : t('case.remaining', { time: formatDuration(reading.remaining_seconds) })}</p>
    </div>
  );
}

// What the reporter of a case outside their scope sees: its state and when each step was taken.
function ReportStatus({ status }) {
  return (
    <section class="case narrow card">
      <h1>{t('case.number')} {status.id}</h1>
      <p><span class={`state s-${status.state}`}>{named('state', status.state)}</span></p>
      <p class="hint">{t('case.own_report')}</p>
      <h2>{t('citizen.steps')}</h2>
      <ol class="timeline">
        {status.steps.map((s, i) => (<li key={i}><time datetime={s.at}>{formatTime(s.at)}</time> <strong>{t(`action.${s.action}`)}</strong></li>))}
      </ol>
    </section>
  );
}

export function CaseDetail({ id }) {
  const [view, setView] = useState(null);
  const [error, setError] = useState('');
  const [action, setAction] = useState('');
  const [busy, setBusy] = useState(false);
  const [status, setStatus] = useState(null); // one's own report outside one's scope: its status only
  // The sheet says when it was printed: the moment the browser prints, not when the page opened.
  const [printedAt, setPrintedAt] = useState(() => new Date().toISOString());
  useEffect(() => {
    const stamp = () => setPrintedAt(new Date().toISOString());
    window.addEventListener('beforeprint', stamp);
    return () => window.removeEventListener('beforeprint', stamp);
  }, []);
  const load = () => get(`/api/v1/cases/${encodeURIComponent(id)}`).then((full) => setView((v) => newer(v, full, true))).catch((err) => {
    if (err.status !== 404) { setError(err.message); return; }
    get(`/api/v1/cases/${encodeURIComponent(id)}/status`).then(setStatus).catch(() => setError(err.message));
  });
  useEffect(() => {
    load();
    return liveCases((change) => { if (change.case_id === id) load(); });
  }, [id]);
  // The case's unit grid drawn around its point.
  const [outline, setOutline] = useState(null);
  useEffect(() => {
    let alive = true;
    gridOutline(view?.location, view?.grid).then((o) => alive && setOutline(o));
    return () => { alive = false; };
  }, [view?.grid, view?.location?.lon, view?.location?.lat]);
  const layers = useMemo(() => (outline ? [{ data: outline, style: gridStyle }] : []), [outline]);
  const [names, setNames] = useState({});
  useEffect(() => {
    let alive = true;
    if (view) caseNames(view).then((n) => alive && setNames(n));
    return () => { alive = false; };
  }, [view?.category, view?.department]);
  if (status && !view) return <ReportStatus status={status} />;
  if (error && !view) return <p class="error" role="alert">{error}</p>;
  if (!view) return <p class="loading">{t('common.loading')}</p>;

  const run = async (a) => {
    if (needsForm(view, a)) { setAction(a); return; }
    setBusy(true);
    // The action's answer carries no timeline: show its state at once, then the whole case (the
    // event stream may also have reloaded it meanwhile — the newer version wins, never the answer).
    try { const updated = await act(view, a); setView((v) => newer(v, updated)); setError(''); load(); } catch (err) { setError(err.message); load(); } finally { setBusy(false); }
  };
  return (
    <section class="case">
      {/* The sheet's own head, on paper only (派遣单 / 案件处理单): who printed it and when. */}
      <p class="print-only print-title">{t('app.name')} · {t('case.print_title')}</p>
      <p class="print-only print-meta">{t('case.printed', { at: formatTime(printedAt), by: me.value?.username || '' })}</p>
      <div class="toolbar">
        <button type="button" onClick={() => history.length > 1 ? history.back() : navigate('/queues')}>{t('common.back')}</button>
        <h1>{t('case.number')} {view.id}</h1>
        <span class={`state s-${view.state}`}>{named('state', view.state)}</span>
        <Light deadline={view.deadline} />
        <button type="button" class="print-button" onClick={() => window.print()}>{t('case.print')}</button>
      </div>
      <div class="case-grid">
        <div class="panel">
          <dl class="facts">
            <dt>{t('case.description')}</dt><dd>{view.description}</dd>
            <dt>{t('case.category')}</dt><dd>{names.category || view.category || '—'}</dd>
            <dt>{t('case.urgency')}</dt><dd>{named('urgency', view.urgency)}</dd>
            <dt>{t('case.address')}</dt><dd>{view.address || '—'}</dd>
            {view.place && (<><dt>{t('case.place')}</dt><dd class="case-place">{view.place}</dd></>)}
            <dt>{t('case.grid')}</dt><dd>{view.grid || t('case.unplaced')}</dd>
            <dt>{t('case.channel')}</dt><dd>{named('channel', view.channel)}</dd>
            <dt>{t('case.department')}</dt><dd>{names.department || view.department || '—'}{view.routing?.department_name && !view.department ? ` (${t('case.suggested')} ${view.routing.department_name})` : ''}</dd>
            <dt>{t('case.reporter')}</dt><dd>{[view.reporter?.name, view.reporter?.phone].filter(Boolean).join(' ') || '—'}</dd>
            <dt>{t('case.created')}</dt><dd>{formatTime(view.created_at)}</dd>
            {view.pending?.length > 0 && (<><dt>{t('case.pending')}</dt><dd><PendingRequests view={view} /></dd></>)}
          </dl>
          <p class="hint">{t('case.counts', { rework: view.counts.rework, supervision: view.counts.supervision })}</p>
          <div class="deadlines">
            <Deadline title={t('case.deadline')} reading={view.deadline} />
            <Deadline title={t('case.handling_deadline')} reading={view.handling} />
          </div>
          <h2 class="no-print">{t('case.actions')}</h2>
          {view.allowed_actions.length ? (
            <div class="actions">
              {view.allowed_actions.map((a) => (
                <button type="button" key={a} data-action={a} disabled={busy} onClick={() => run(a)}
                  class={['finish', 'dispatch', 'register', 'close', 'check_pass', 'verify_ok', 'sign'].includes(a) ? 'primary' : ''}>
                  {t(`action.${a}`)}
                </button>
              ))}
            </div>
          ) : <p class="hint no-print">{t('case.no_actions')}</p>}
          {error && <p class="error" role="alert">{error}</p>}
          <Notices caseView={view} onChange={load} />
        </div>
        <div class="panel">
          <MapView point={view.location} layers={layers} label={t('field.location')} height={280} />
          <h2>{t('case.photos')}</h2>
          <ul class="thumbs">
            {view.attachments.map((p) => (
              <li key={p.id}>
                <a href={p.content_url} target="_blank" rel="noopener">
                  <img src={p.thumbnail_url} alt={p.role === 'after' ? t('field.after_photos') : t('case.photos')} width="96" height="96" loading="lazy" />
                </a>
                <small>{p.role === 'after' ? t('field.after_photos') : ''}</small>
              </li>
            ))}
          </ul>
        </div>
      </div>
      <h2>{t('case.timeline')}</h2>
      <ol class="timeline">
        {(view.timeline || []).map((e) => (
          <li key={e.sequence}>
            <time datetime={e.at}>{formatTime(e.at)}</time>
            <strong>{t(`action.${e.action}`)}</strong>
            <span>{e.role ? `${e.actor} · ${named('role', e.role)}` : e.actor}</span>
            {e.to && e.from !== e.to && <span class="hint">→ {named('state', e.to)}</span>}
            {(e.payload?.comment || e.payload?.reason) && <q>{e.payload.comment || e.payload.reason}</q>}
          </li>
        ))}
      </ol>
      {action && (
        <ActionDialog caseView={view} action={action}
          onDone={(updated) => { setAction(''); setView((v) => newer(v, updated)); load(); }}
          onCancel={() => setAction('')} />
      )}
    </section>
  );
}

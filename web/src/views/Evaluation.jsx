// 考核评价: a kind of unit over a period — composite, grade, rank and every indicator, named in the
// UI language with its definition on hover — with period presets, a drill-down from any figure to
// exactly the cases it counts (a rate: its numerator's and its denominator's), and .xlsx export.
import { useEffect, useState } from 'preact/hooks';
import { get, query } from '../api.js';
import { locale, named, t } from '../i18n.js';
import { categoryNames } from '../names.js';
import { onLinkClick } from '../router.js';
import { can } from '../session.js';
import { formatTime, isoDate as iso } from '../dates.js';

const KINDS = ['region', 'department', 'supervisor', 'operator', 'shift_leader', 'dispatcher'];
const SHOWN_CASES = 200;

function preset(name) {
  const now = new Date();
  const y = now.getFullYear();
  const m = now.getMonth();
  if (name === 'last_month') return [iso(new Date(y, m - 1, 1)), iso(new Date(y, m, 0))];
  if (name === 'this_quarter') return [iso(new Date(y, m - (m % 3), 1)), iso(now)];
  if (name === 'this_year') return [`${y}-01-01`, iso(now)];
  return [iso(new Date(y, m, 1)), iso(now)];
}

// An indicator's name in the UI language (the API names every indicator in both).
export const indicatorName = (i) => (locale.value === 'zh-CN' ? i.zh : i.en) || i.id;

// A figure as the table shows it: counts as numbers, rates as percentages, no value as "—".
export function figure(v) {
  if (v === null || v === undefined) return '—';
  if (typeof v !== 'object') return String(v);
  return v.value === null ? '—' : `${(v.value * 100).toFixed(1)}%`;
}

function CaseList({ title, cases, categories }) {
  return (
    <>
      <h3>{title} <span class="count">{cases.length}</span></h3>
      {cases.length === 0 ? <p class="hint">{t('eval.no_cases')}</p> : (
        <ul class="drill">
          {cases.slice(0, SHOWN_CASES).map((c) => (
            <li key={c.id}>
              <a href={`/cases/${c.id}`} onClick={onLinkClick}>{c.id}</a>
              {' '}<span>{categories.get(c.category) || c.category}</span>
              {' '}<span class="hint">{formatTime(c.reported_at)}</span>
              {c.times > 1 && <span class="hint"> ×{c.times}</span>}
            </li>
          ))}
        </ul>
      )}
      {cases.length > SHOWN_CASES && <p class="hint">{t('eval.first_cases', { n: SHOWN_CASES, total: cases.length })}</p>}
    </>
  );
}

// The cases behind one figure. A count lists what it counts; a rate its numerator's and its
// denominator's cases, so that both lists are as long as the figure's terms.
function DrillDown({ drill, unitName, onClose }) {
  const [categories, setCategories] = useState(new Map());
  useEffect(() => { categoryNames().then(setCategories); }, []);
  const rate = drill.indicator.type === 'rate';
  const numerator = drill.cases.filter((c) => c.numerator > 0).map((c) => ({ ...c, times: c.numerator }));
  const denominator = drill.cases.map((c) => ({ ...c, times: c.denominator }));
  return (
    <div class="panel drill-down" role="region" aria-label={t('eval.drill')}>
      <div class="toolbar">
        <h2>{unitName} · {indicatorName(drill.indicator)}: {figure(drill.value)}
          {rate && drill.value && <span class="hint"> ({drill.value.numerator} / {drill.value.denominator})</span>}</h2>
        <button type="button" onClick={onClose}>{t('common.close')}</button>
      </div>
      <p class="hint">{drill.indicator.definition}</p>
      {rate ? (
        <div class="drill-columns">
          <section><CaseList title={t('eval.numerator_cases')} cases={numerator} categories={categories} /></section>
          <section><CaseList title={t('eval.denominator_cases')} cases={denominator} categories={categories} /></section>
        </div>
      ) : <CaseList title={t('eval.counted_cases')} cases={numerator} categories={categories} />}
    </div>
  );
}

export function Evaluation() {
  const [kind, setKind] = useState('department');
  const [level, setLevel] = useState('street');
  const [[from, to], setPeriod] = useState(preset('this_month'));
  const [byChannel, setByChannel] = useState(false);
  const [result, setResult] = useState(null);
  const [drill, setDrill] = useState(null);
  const [error, setError] = useState('');
  const params = { kind, from, to, ...(kind === 'region' ? { level } : {}) };
  useEffect(() => {
    setResult(null);
    setDrill(null);
    // Only the answer to the latest choice is shown: an earlier, slower one must not overwrite it.
    let current = true;
    get(`/api/v1/evaluations${query(params)}`)
      .then((r) => { if (current) { setResult(r); setError(''); } })
      .catch((err) => current && setError(err.message));
    return () => { current = false; };
  }, [kind, level, from, to]);
  const open = (unit, indicator) => get(`/api/v1/evaluations/cases${query({ ...params, unit: unit.unit, indicator: indicator.id })}`)
    .then((r) => { setDrill({ ...r, unitName: unit.name || unit.unit }); setError(''); })
    .catch((err) => setError(err.message));
  const all = result ? result.indicators : [];
  const breakdowns = all.some((i) => i.part_of);
  const shown = all.filter((i) => byChannel || !i.part_of);
  const terms = (v) => (v && typeof v === 'object' ? t('eval.terms', { n: v.numerator, d: v.denominator }) : undefined);
  return (
    <section class="evaluation">
      <div class="toolbar">
        <h1>{t('eval.title')}</h1>
        <label for="ev-kind">{t('eval.kind')}</label>
        <select id="ev-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
          {KINDS.map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
        </select>
        {kind === 'region' && (<>
          <label for="ev-level">{t('eval.level')}</label>
          <select id="ev-level" value={level} onChange={(e) => setLevel(e.currentTarget.value)}>
            {['district', 'street', 'community', 'grid'].map((l) => <option key={l} value={l}>{t(`level.${l}`)}</option>)}
          </select></>)}
        <div role="group" aria-label={t('eval.period')} class="segmented">
          {['this_month', 'last_month', 'this_quarter', 'this_year'].map((p) => (
            <button type="button" key={p} onClick={() => setPeriod(preset(p))}>{t(`eval.${p}`)}</button>))}
        </div>
        <label for="ev-from">{t('common.from')}</label><input id="ev-from" type="date" value={from} onChange={(e) => setPeriod([e.currentTarget.value, to])} />
        <label for="ev-to">{t('common.to')}</label><input id="ev-to" type="date" value={to} onChange={(e) => setPeriod([from, e.currentTarget.value])} />
        {breakdowns && (
          <span class="check"><input id="ev-channels" type="checkbox" checked={byChannel} onChange={(e) => setByChannel(e.currentTarget.checked)} />
            <label for="ev-channels">{t('eval.by_channel')}</label></span>)}
        {can('data.export') && <a class="button" href={`/api/v1/evaluations${query({ ...params, format: 'xlsx' })}`} download>{t('common.export')}</a>}
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {!result ? <p class="loading">{t('common.loading')}</p> : (
        <div class="table-wrap">
          <p class="hint">{named('source', result.source)} · {t('eval.hint')}</p>
          <table class="cases evaluation-table">
            <thead><tr>
              <th scope="col">{t('dash.rank')}</th><th scope="col">{t('eval.unit')}</th><th scope="col">{t('dash.score')}</th><th scope="col">{t('dash.grade')}</th>
              {shown.map((i) => <th scope="col" key={i.id} title={i.definition}>{indicatorName(i)}</th>)}
            </tr></thead>
            <tbody>
              {result.units.length === 0 && <tr><td colSpan={4 + shown.length} class="hint">{t('eval.no_units')}</td></tr>}
              {result.units.map((u) => (
                <tr key={u.unit}>
                  <td>{u.rank ?? '—'}</td><td>{u.name || u.unit}</td><td>{u.composite?.toFixed(1) ?? '—'}</td><td>{u.grade ?? '—'}</td>
                  {shown.map((i) => (
                    <td key={i.id} class="number">
                      <button type="button" class="link" title={terms(u.values[i.id])}
                        aria-label={`${u.name || u.unit} ${indicatorName(i)} ${figure(u.values[i.id])}`}
                        onClick={() => open(u, i)}>{figure(u.values[i.id])}</button>
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {drill && <DrillDown drill={drill} unitName={drill.unitName} onClose={() => setDrill(null)} />}
    </section>
  );
}

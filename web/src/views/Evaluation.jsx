// 考核评价: a kind of unit over a period — composite, grade, rank and every indicator — with
// period presets, drill-down to the cases an indicator counted, and .xlsx export.
import { useEffect, useState } from 'preact/hooks';
import { get, query } from '../api.js';
import { t } from '../i18n.js';
import { onLinkClick } from '../router.js';
import { can } from '../session.js';
import { isoDate as iso } from '../dates.js';


function preset(name) {
  const now = new Date();
  const y = now.getFullYear();
  const m = now.getMonth();
  if (name === 'last_month') return [iso(new Date(y, m - 1, 1)), iso(new Date(y, m, 0))];
  if (name === 'this_quarter') return [iso(new Date(y, m - (m % 3), 1)), iso(now)];
  if (name === 'this_year') return [`${y}-01-01`, iso(now)];
  return [iso(new Date(y, m, 1)), iso(now)];
}

export function Evaluation() {
  const [kind, setKind] = useState('department');
  const [level, setLevel] = useState('street');
  const [[from, to], setPeriod] = useState(preset('this_month'));
  const [result, setResult] = useState(null);
  const [drill, setDrill] = useState(null);
  const [error, setError] = useState('');
  const params = { kind, from, to, ...(kind === 'region' ? { level } : {}) };
  useEffect(() => {
    setResult(null);
    setDrill(null);
    get(`/api/v1/evaluations${query(params)}`).then((r) => { setResult(r); setError(''); }).catch((err) => setError(err.message));
  }, [kind, level, from, to]);
  const open = (unit, indicator) => get(`/api/v1/evaluations/cases${query({ ...params, unit, indicator })}`)
    .then((r) => setDrill(r)).catch((err) => setError(err.message));
  const shown = result ? result.indicators.filter((i) => !i.hidden).slice(0, 12) : [];
  const value = (v) => (v === null || v === undefined ? '—' : typeof v === 'object' ? (v.value === null ? '—' : `${(v.value * 100).toFixed(1)}%`) : v);
  return (
    <section class="evaluation">
      <div class="toolbar">
        <h1>{t('eval.title')}</h1>
        <label for="ev-kind">{t('eval.kind')}</label>
        <select id="ev-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)}>
          {['region', 'department', 'supervisor', 'operator', 'shift_leader', 'dispatcher'].map((k) => <option key={k} value={k}>{t(`kind.${k}`)}</option>)}
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
        {can('data.export') && <a class="button" href={`/api/v1/evaluations${query({ ...params, format: 'xlsx' })}`} download>{t('common.export')}</a>}
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {!result ? <p class="loading">{t('common.loading')}</p> : (
        <div class="table-wrap">
          <p class="hint">{t('eval.source', { s: result.source })}</p>
          <table class="cases">
            <thead><tr>
              <th scope="col">{t('dash.rank')}</th><th scope="col">{t('eval.unit')}</th><th scope="col">{t('dash.score')}</th><th scope="col">{t('dash.grade')}</th>
              {shown.map((i) => <th scope="col" key={i.code} title={i.description}>{i.name}</th>)}
            </tr></thead>
            <tbody>
              {result.units.map((u) => (
                <tr key={u.unit}>
                  <td>{u.rank ?? '—'}</td><td>{u.name || u.unit}</td><td>{u.composite?.toFixed(1) ?? '—'}</td><td>{u.grade ?? '—'}</td>
                  {shown.map((i) => (
                    <td key={i.code}><button type="button" class="link" onClick={() => open(u.unit, i.code)}>{value(u.values[i.code])}</button></td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {drill && (
        <div class="panel">
          <h2>{t('eval.drill')}: {drill.unit} · {drill.indicator?.name}</h2>
          <ul class="drill">
            {drill.cases.slice(0, 200).map((c) => (<li key={c.id}><a href={`/cases/${c.id}`} onClick={onLinkClick}>{c.id}</a> {c.numerator}/{c.denominator ?? ''}</li>))}
          </ul>
        </div>
      )}
    </section>
  );
}

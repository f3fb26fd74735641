// 一张图: the city's unit grids coloured by open cases, overdue cases, the last 30 days' reports
// or their evaluation grade over the last 30 days; today's intake by channel, the 30-day trend,
// problem classes, the departments' ranking this month and the hot spots. Every figure clicks
// through to its cases.
import { useEffect, useMemo, useState } from 'preact/hooks';
import { get, prefetch, prefetched, query } from '../api.js';
import { named, t } from '../i18n.js';
import { navigate, onLinkClick } from '../router.js';
import { Chart, preloadCharts } from '../components/Chart.jsx';
import { isoDate as day } from '../dates.js';
import { MapView } from '../components/MapView.jsx';
import { majorClassNames } from '../names.js';

// Sequential blues, light to dark; the first is "none".
const SCALE = ['#f1f5f9', '#c6dbef', '#9ecae1', '#6baed6', '#3182bd', '#08519c'];

// A grid's grade as the evaluation gave it (DOMAIN.md §7: A best … E worst), green to red; no
// grade (no cases to score): grey.
const GRADE_COLOURS = { A: '#15803d', B: '#65a30d', C: '#ca8a04', D: '#ea580c', E: '#b91c1c' };
const gradeShade = (unit) => GRADE_COLOURS[unit?.grade] || SCALE[0];

function shade(n, max) {
  if (!n) return SCALE[0];
  return SCALE[Math.min(SCALE.length - 1, 1 + Math.floor(((SCALE.length - 2) * Math.log1p(n)) / Math.log1p(max || 1)))];
}

const GRID_LAYER = '/api/v1/grids';

// Opened directly on the dashboard, the app fetches its largest parts (the grid layer, the chart
// library) beside its first requests (issue 22 §3: the map and charts drawn within 1.5 s on a 10
// Mbit/s link).
export function preloadDashboard() {
  prefetch(GRID_LAYER);
  preloadCharts();
}

export function Dashboard() {
  const [measure, setMeasure] = useState('open');
  const [grids, setGrids] = useState(null);
  const [byGrid, setByGrid] = useState({});
  const [today, setToday] = useState({});
  const [trend, setTrend] = useState({});
  const [classes, setClasses] = useState({});
  const [majors, setMajors] = useState(new Map());
  const [ranking, setRanking] = useState([]);
  const [hot, setHot] = useState({});
  const [error, setError] = useState('');
  const now = new Date();
  const since = day(new Date(now.getTime() - 29 * 86400000));
  const fail = (err) => setError(err.message);

  useEffect(() => {
    prefetched(GRID_LAYER).then(setGrids).catch(fail);
    get(`/api/v1/cases/counts${query({ by: 'channel', created_from: day(now) })}`).then((r) => setToday(r.groups)).catch(fail);
    get(`/api/v1/cases/counts${query({ by: 'created_day', created_from: since })}`).then((r) => setTrend(r.groups)).catch(fail);
    get(`/api/v1/cases/counts${query({ by: 'category', created_from: since })}`).then((r) => setClasses(r.groups)).catch(fail);
    get(`/api/v1/cases/counts${query({ by: 'grid', created_from: since })}`).then((r) => setHot(r.groups)).catch(fail);
    majorClassNames().then(setMajors);
    const monthStart = day(new Date(now.getFullYear(), now.getMonth(), 1));
    get(`/api/v1/evaluations${query({ kind: 'department', from: monthStart, to: day(now) })}`)
      .then((r) => setRanking(r.units)).catch(fail);
  }, []);
  useEffect(() => {
    setByGrid({});
    if (measure === 'score') {
      get(`/api/v1/evaluations${query({ kind: 'region', level: 'grid', from: since, to: day(now) })}`)
        .then((r) => setByGrid(Object.fromEntries(r.units.filter((u) => u.grade).map((u) => [u.unit, u]))))
        .catch(fail);
      return;
    }
    const filter = measure === 'open' ? { open: 'true' } : measure === 'overdue' ? { overdue: 'true', open: 'true' } : { created_from: since };
    get(`/api/v1/cases/counts${query({ by: 'grid', ...filter })}`).then((r) => setByGrid(r.groups)).catch(fail);
  }, [measure]);

  // The queue behind a figure: what the map colours by, or the last 30 days' reports.
  const casesOf = (filter, reported = measure === 'reported' || measure === 'score') =>
    `/queues${query({ queue: 'all', ...filter, ...(reported ? { created_from: since, open: 'any' } : measure === 'overdue' ? { overdue: 'true' } : {}) })}`;
  const layers = useMemo(() => {
    if (!grids) return [];
    const max = measure === 'score' ? 0 : Math.max(0, ...Object.values(byGrid));
    return [{
      data: grids,
      style: (f) => ({ color: '#94a3b8', weight: 0.3, fillOpacity: 0.75,
        fillColor: measure === 'score' ? gradeShade(byGrid[f.properties.code]) : shade(byGrid[f.properties.code], max) }),
      tooltip: (f) => (measure === 'score'
        ? t('dash.grid_score', { grid: `${f.properties.code} ${f.properties.name}`,
          score: byGrid[f.properties.code] ? `${byGrid[f.properties.code].composite.toFixed(1)} (${byGrid[f.properties.code].grade})` : '—' })
        : t('dash.grid_cases', { grid: `${f.properties.code} ${f.properties.name}`, n: byGrid[f.properties.code] || 0 })),
      onFeatureClick: (f) => navigate(casesOf({ region: f.properties.code })),
    }];
  }, [grids, byGrid]);

  const days = Object.keys(trend).sort();
  const majorCounts = {};
  for (const [code, n] of Object.entries(classes)) majorCounts[code.slice(0, 2)] = (majorCounts[code.slice(0, 2)] || 0) + n;
  const majorRows = Object.entries(majorCounts).sort((a, b) => b[1] - a[1]).slice(0, 10);
  const hotRows = Object.entries(hot).filter(([g]) => g).sort((a, b) => b[1] - a[1]).slice(0, 10);
  const axis = { axisLabel: { color: '#334155' } };

  return (
    <section class="dashboard">
      <div class="toolbar">
        <h1>{t('dash.title')}</h1>
        <label for="dash-measure">{t('dash.colour_by')}</label>
        <select id="dash-measure" value={measure} onChange={(e) => setMeasure(e.currentTarget.value)}>
          {['open', 'overdue', 'reported', 'score'].map((m) => <option key={m} value={m}>{t(`dash.${m}`)}</option>)}
        </select>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      <div class="dash-grid">
        <div class="panel map-panel">
          <MapView layers={layers} fitLayers label={t('dash.title')} height={520} />
          {measure === 'score' ? (
            <p class="legend"><span>{t('dash.grade')}</span>{Object.entries(GRADE_COLOURS).map(([g, c]) => (
              <span key={g}><i style={{ background: c }} aria-hidden="true" /> {g}</span>))}
              <span><i style={{ background: SCALE[0] }} aria-hidden="true" /> {t('dash.no_score')}</span></p>
          ) : (
            <p class="legend"><span>{t('dash.legend')}</span>{SCALE.map((c) => <i key={c} style={{ background: c }} aria-hidden="true" />)}<span>{t(`dash.${measure}`)}</span></p>
          )}
        </div>
        <div class="panel">
          <h2>{t('dash.today')}</h2>
          {Object.keys(today).length === 0 && <p class="hint">{t('dash.none_today')}</p>}
          <Chart label={t('dash.today')} height={220} points={Object.keys(today).length} option={{
            tooltip: { trigger: 'item' },
            series: [{ type: 'pie', radius: ['40%', '70%'], data: Object.entries(today).map(([c, n]) => ({ name: named('channel', c), value: n })) }],
          }} />
          <h2>{t('dash.ranking')}</h2>
          <table class="compact">
            <thead><tr><th scope="col">{t('dash.rank')}</th><th scope="col">{t('case.department')}</th><th scope="col">{t('dash.score')}</th><th scope="col">{t('dash.grade')}</th></tr></thead>
            <tbody>
              {ranking.filter((u) => u.rank).sort((a, b) => a.rank - b.rank).map((u) => (
                <tr key={u.unit}><td>{u.rank}</td><td><a href="/evaluation" onClick={onLinkClick}>{u.name || u.unit}</a></td>
                  <td>{u.composite?.toFixed(1) ?? '—'}</td><td>{u.grade ?? '—'}</td></tr>
              ))}
            </tbody>
          </table>
        </div>
        <div class="panel">
          <h2>{t('dash.trend')}</h2>
          <Chart label={t('dash.trend')} points={days.length} option={{
            tooltip: { trigger: 'axis' }, grid: { left: 40, right: 10, top: 10, bottom: 30 },
            xAxis: { type: 'category', data: days.map((d) => d.slice(5)), ...axis }, yAxis: { type: 'value', ...axis },
            series: [{ type: 'line', smooth: true, areaStyle: { opacity: 0.15 }, data: days.map((d) => trend[d]) }],
          }} />
        </div>
        <div class="panel">
          <h2>{t('dash.categories')}</h2>
          <Chart label={t('dash.categories')} points={majorRows.length} option={{
            tooltip: { trigger: 'axis' }, grid: { left: 90, right: 10, top: 10, bottom: 20 },
            xAxis: { type: 'value', ...axis }, yAxis: { type: 'category', inverse: true, data: majorRows.map(([m]) => majors.get(m) || m), ...axis },
            series: [{ type: 'bar', data: majorRows.map(([, n]) => n), itemStyle: { color: '#3182bd' } }],
          }} onClick={(p) => { const code = majorRows[p.dataIndex]?.[0]; if (code) navigate(casesOf({ category: code }, true)); }} />
        </div>
        <div class="panel">
          <h2>{t('dash.hotspots')}</h2>
          <ol class="hot">
            {hotRows.map(([g, n]) => (
              <li key={g}><a href={casesOf({ region: g }, true)} onClick={onLinkClick}>{g}</a> <span>{n} {t('dash.cases')}</span></li>
            ))}
          </ol>
        </div>
      </div>
    </section>
  );
}

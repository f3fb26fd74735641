// Unit grid import: pick a GeoJSON file, check it (nothing is written), read the validation report
// — rejected features with their reasons, repairs, overlaps, gaps, unknown divisions — with the
// file's features drawn on the map (rejected ones in red), then import what the check accepted.
import { useMemo, useState } from 'preact/hooks';
import { query, sendText } from '../../api.js';
import { t } from '../../i18n.js';
import { MapView } from '../../components/MapView.jsx';

const SHOWN = 200; // rows of each list on the page; the rest are counted

function Capped({ items, render }) {
  return (<>
    {items.slice(0, SHOWN).map(render)}
    {items.length > SHOWN && <li class="hint">{t('admin.grid_more', { n: items.length - SHOWN })}</li>}
  </>);
}

function Report({ report }) {
  return (
    <div class="panel grid-report" aria-live="polite">
      <h3>{report.written ? t('admin.grid_written') : report.refused ? t('admin.grid_refused') : t('admin.grid_checked')}</h3>
      <dl class="facts">
        <dt>{t('admin.grid_features')}</dt><dd>{report.features}</dd>
        <dt>{t('admin.grid_accepted')}</dt><dd>{report.accepted}</dd>
        <dt>{t('admin.grid_rejected')}</dt><dd>{report.rejected.length}</dd>
        <dt>{t('admin.grid_repaired')}</dt><dd>{report.repaired.length}</dd>
        <dt>{t('admin.grid_warnings')}</dt><dd>{report.warnings.length}</dd>
        <dt>{t('admin.grid_stored')}</dt><dd>{report.grids_stored}</dd>
      </dl>
      {report.rejected.length > 0 && (<>
        <h4>{t('admin.grid_rejected')}</h4>
        <div class="table-wrap"><table class="cases compact">
          <thead><tr><th scope="col">{t('admin.grid_feature')}</th><th scope="col">{t('case.grid')}</th><th scope="col">{t('admin.grid_reasons')}</th></tr></thead>
          <tbody>{report.rejected.slice(0, SHOWN).map((r) => (
            <tr key={r.feature}><td>#{r.feature}</td><td class="mono">{r.code || '—'}</td><td>{r.reasons.join('；')}</td></tr>))}</tbody>
        </table></div>
        {report.rejected.length > SHOWN && <p class="hint">{t('admin.grid_more', { n: report.rejected.length - SHOWN })}</p>}
      </>)}
      {report.repaired.length > 0 && (<>
        <h4>{t('admin.grid_repaired')}</h4>
        <ul class="report-list"><Capped items={report.repaired} render={(r) => (
          <li key={r.feature}>#{r.feature} <span class="mono">{r.code}</span>：{r.repairs.join('；')}</li>)} /></ul>
      </>)}
      {report.warnings.length > 0 && (<>
        <h4>{t('admin.grid_warnings')}</h4>
        <ul class="report-list"><Capped items={report.warnings} render={(w, i) => (
          <li key={i}><strong>{t(`admin.warning_${w.kind}`)}</strong> {w.message}</li>)} /></ul>
      </>)}
    </div>
  );
}

export function Grids() {
  const [file, setFile] = useState(null); // {name, text}
  const [options, setOptions] = useState({ code_property: 'code', name_property: 'name', repair: false, strict: false });
  const [report, setReport] = useState(null);
  const [checked, setChecked] = useState(''); // what the last check was of: file + options
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState('');
  const basis = file ? JSON.stringify([file.name, file.text.length, options]) : '';
  const parsed = useMemo(() => {
    if (!file) return null;
    try { return JSON.parse(file.text); } catch { return null; }
  }, [file]);
  const rejected = new Set((report?.rejected || []).map((r) => r.feature));
  const layers = useMemo(() => (parsed?.type === 'FeatureCollection' && Array.isArray(parsed.features) ? [{
    data: { type: 'FeatureCollection', features: parsed.features.map((f, i) => ({ ...f, properties: { ...f?.properties, _n: i } })).filter((f) => f.geometry) },
    style: (f) => (rejected.has(f.properties._n)
      ? { color: '#b00020', weight: 2, fillOpacity: 0.35 } : { color: '#1f6f3f', weight: 1, fillOpacity: 0.15 }),
    tooltip: (f) => `#${f.properties._n} ${f.properties[options.code_property] ?? ''}`,
  }] : []), [parsed, report]);

  const pick = async (e) => {
    const input = e.currentTarget;
    const chosen = input.files?.[0];
    setReport(null);
    setError('');
    setFile(chosen ? { name: chosen.name, text: await chosen.text() } : null);
  };
  const set = (k) => (e) => setOptions({ ...options, [k]: e.currentTarget.type === 'checkbox' ? e.currentTarget.checked : e.currentTarget.value });
  const run = async (dryRun) => {
    setBusy(true);
    setError('');
    try {
      const r = await sendText('POST', `/api/v1/grids/import${query({ ...options, dry_run: dryRun })}`,
        file.text, 'application/geo+json');
      setReport(r);
      setChecked(dryRun ? basis : '');
    } catch (err) {
      setReport(null);
      setError(err.message);
    } finally {
      setBusy(false);
    }
  };
  const canImport = file && report && !report.written && !report.refused && report.accepted > 0 && checked === basis;
  return (
    <>
      <h2>{t('admin.grids_title')}</h2>
      <p class="hint">{t('admin.grids_hint')}</p>
      <form class="panel admin-form" onSubmit={(e) => { e.preventDefault(); run(true); }}>
        <div class="form-grid">
          <label for="g-file">{t('admin.grid_file')}</label>
          <input id="g-file" type="file" accept=".geojson,.json,application/geo+json,application/json" onChange={pick} />
          <label for="g-code">{t('admin.grid_code_property')}</label>
          <input id="g-code" value={options.code_property} onInput={set('code_property')} required />
          <label for="g-name">{t('admin.grid_name_property')}</label>
          <input id="g-name" value={options.name_property} onInput={set('name_property')} />
        </div>
        <label class="inline"><input type="checkbox" checked={options.repair} onChange={set('repair')} />{t('admin.grid_repair')}</label>
        <label class="inline"><input type="checkbox" checked={options.strict} onChange={set('strict')} />{t('admin.grid_strict')}</label>
        {error && <p class="error" role="alert">{error}</p>}
        <div class="buttons">
          <button type="submit" disabled={!file || busy}>{t('admin.grid_check')}</button>
          <button type="button" class="primary" disabled={!canImport || busy} onClick={() => run(false)}>
            {report ? t('admin.grid_import_n', { n: report.accepted }) : t('admin.grid_import')}</button>
        </div>
        {file && !canImport && !report?.written && <p class="hint">{t('admin.grid_check_first')}</p>}
      </form>
      {report && <Report report={report} />}
      {layers.length > 0 && <MapView layers={layers} fitLayers height={420} label={t('admin.grid_map')} />}
    </>
  );
}

// 权责清单 as administrators keep it: the "which rule matches here" tester (a category, a place on
// the map, an urgency → the department, limit, deciding rule and why, with the grid drawn), the
// rules themselves (add, remove) and the organisation units they name (add, rename, switch off).
import { useEffect, useMemo, useState } from 'preact/hooks';
import { get, post, put, query, remove } from '../../api.js';
import { codesOf, named, t } from '../../i18n.js';
import { CategoryPicker } from '../../components/CategoryPicker.jsx';
import { MapView, gridOutline, gridStyle } from '../../components/MapView.jsx';
import { AdminForm, HeadWithActions, useFields } from './AdminForm.jsx';
import { forgetDirectories } from '../../names.js';

const UNITS = ['working_hours', 'working_days', 'working_minutes', 'natural_hours', 'natural_days', 'natural_minutes'];
const KINDS = ['department', 'street_office', 'command_centre', 'supervision_centre', 'other'];

function Tester({ onMatch }) {
  const [category, setCategory] = useState('');
  const [urgency, setUrgency] = useState('normal');
  const [point, setPoint] = useState(null);
  const [result, setResult] = useState(null);
  const [outline, setOutline] = useState(null);
  const [error, setError] = useState('');
  useEffect(() => {
    if (!category || !point) return;
    get(`/api/v1/routing/suggest${query({ category, urgency, ...point })}`)
      .then((r) => { setResult(r); setError(''); onMatch(r.rule?.id ?? null); gridOutline(point, r.grid).then(setOutline); })
      .catch((err) => { setResult(null); setOutline(null); onMatch(null); setError(err.message); });
  }, [category, urgency, point?.lon, point?.lat]);
  const layers = useMemo(() => (outline ? [{ data: outline, style: gridStyle }] : []), [outline]);
  return (
    <div class="panel">
      <h3>{t('admin.tester')}</h3>
      <p class="hint">{t('admin.tester_hint')}</p>
      <div class="two-columns">
        <div>
          <label for="tr-category">{t('case.category')}</label>
          <CategoryPicker id="tr-category" value={category} onChange={setCategory} />
          <label for="tr-urgency">{t('case.urgency')}</label>
          <select id="tr-urgency" value={urgency} onChange={(e) => setUrgency(e.currentTarget.value)}>
            {codesOf('urgency').map((u) => <option key={u} value={u}>{named('urgency', u)}</option>)}
          </select>
          {error && <p class="error" role="alert">{error}</p>}
          {!point && <p class="hint">{t('admin.tester_pick')}</p>}
          {result && (
            <dl class="facts tester-result" aria-live="polite">
              <dt>{t('case.grid')}</dt><dd class="mono">{result.grid || t('admin.no_grid')}</dd>
              <dt>{t('admin.department')}</dt><dd>{result.department ? `${result.department.id} ${result.department.name}` : t('common.none')}</dd>
              <dt>{t('admin.limit')}</dt><dd>{`${result.limit.value} ${named('unit', result.limit.unit)}`}</dd>
              <dt>{t('admin.rule')}</dt><dd>{result.rule ? `#${result.rule.id}` : t('admin.fallback')}</dd>
              <dt>{t('admin.reason')}</dt><dd>{result.reason}</dd>
            </dl>)}
        </div>
        <MapView point={point} onPick={setPoint} layers={layers} label={t('admin.tester_map')} height={300} />
      </div>
    </div>
  );
}

function RuleForm({ units, onAdded, onCancel }) {
  const [v, , set] = useFields({ scope: 'matter', code: '', area_prefix: '', urgency: '', department_id: units[0]?.id || '',
    value: '2', unit: 'working_hours' });
  const save = async () => onAdded(await post('/api/v1/routing/rules', {
    matter_code: v.scope === 'matter' ? v.code : '', major_code: v.scope === 'major' ? v.code : '',
    area_prefix: v.area_prefix.trim(), urgency: v.urgency, department_id: v.department_id,
    limit: { value: Number(v.value), unit: v.unit },
  }));
  return (
    <AdminForm id="rule-form-title" title={t('admin.rule_new')} onSave={save} onCancel={onCancel}>
      <div class="form-grid">
        <label for="r-scope">{t('admin.rule_scope')}</label>
        <select id="r-scope" value={v.scope} onChange={set('scope')}>
          <option value="matter">{t('admin.rule_matter')}</option>
          <option value="major">{t('admin.rule_major')}</option>
          <option value="any">{t('admin.rule_any')}</option>
        </select>
        {v.scope !== 'any' && (<>
          <label for="r-code">{v.scope === 'matter' ? t('admin.category_code') : t('admin.major')}</label>
          <input id="r-code" value={v.code} onInput={set('code')} required inputMode="numeric"
            pattern={v.scope === 'matter' ? '[0-9]{5}' : '[0-9]{2}'} placeholder={v.scope === 'matter' ? '06010' : '06'} />
        </>)}
        <label for="r-area">{t('admin.area_prefix')}</label>
        <input id="r-area" value={v.area_prefix} onInput={set('area_prefix')} aria-describedby="r-area-hint" />
        <p id="r-area-hint" class="hint">{t('admin.area_hint')}</p>
        <label for="r-urgency">{t('case.urgency')}</label>
        <select id="r-urgency" value={v.urgency} onChange={set('urgency')}>
          <option value="">{t('admin.any_urgency')}</option>
          {codesOf('urgency').map((u) => <option key={u} value={u}>{named('urgency', u)}</option>)}
        </select>
        <label for="r-department">{t('admin.department')}</label>
        <select id="r-department" value={v.department_id} onChange={set('department_id')} required>
          {units.map((u) => <option key={u.id} value={u.id}>{`${u.id} ${u.name}`}</option>)}
        </select>
        <label for="r-value">{t('admin.limit')}</label>
        <span class="row">
          <input id="r-value" type="number" min="1" value={v.value} onInput={set('value')} required />
          <select aria-label={t('admin.limit_unit')} value={v.unit} onChange={set('unit')}>
            {UNITS.map((u) => <option key={u} value={u}>{named('unit', u)}</option>)}
          </select>
        </span>
      </div>
    </AdminForm>
  );
}

function UnitForm({ initial, onSaved, onCancel }) {
  const [v, , set] = useFields(initial);
  const creating = !initial.existing;
  const save = async () => {
    const { id, existing, ...body } = v;
    onSaved(await put(`/api/v1/org-units/${encodeURIComponent(id)}`, body));
  };
  return (
    <AdminForm id="unit-form-title" title={creating ? t('admin.unit_new') : `${v.id} ${v.name}`} onSave={save} onCancel={onCancel}>
      <div class="form-grid">
        <label for="o-id">{t('admin.unit_id')}</label>
        <input id="o-id" value={v.id} onInput={set('id')} required readOnly={!creating} />
        <label for="o-name">{t('admin.unit_name')}</label>
        <input id="o-name" value={v.name} onInput={set('name')} required />
        <label for="o-kind">{t('admin.unit_kind')}</label>
        <select id="o-kind" value={v.kind} onChange={set('kind')}>
          {KINDS.map((k) => <option key={k} value={k}>{named('unit_kind', k)}</option>)}
        </select>
        <label for="o-street">{t('admin.street_code')}</label>
        <input id="o-street" value={v.street_code} onInput={set('street_code')} inputMode="numeric"
          required={v.kind === 'street_office'} pattern="[0-9]{9}|" />
        <label for="o-parent">{t('admin.parent_unit')}</label>
        <input id="o-parent" value={v.parent_id} onInput={set('parent_id')} />
      </div>
      <label class="inline"><input type="checkbox" checked={v.active} onChange={set('active')} />{t('admin.active')}</label>
    </AdminForm>
  );
}

export function Rules() {
  const [rules, setRules] = useState([]);
  const [units, setUnits] = useState([]);
  const [matched, setMatched] = useState(null);
  const [adding, setAdding] = useState(false);
  const [unit, setUnit] = useState(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const load = () => Promise.all([get('/api/v1/routing/rules'), get('/api/v1/org-units?include_inactive=true')])
    .then(([r, u]) => { setRules(r.rules); setUnits(u.org_units); })
    .catch((err) => setError(err.message));
  useEffect(() => { load(); }, []);
  const unitName = (id) => units.find((u) => u.id === id)?.name || id;
  const scopeOf = (r) => (r.matter_code ? r.matter_code : r.major_code ? t('admin.major_n', { code: r.major_code }) : t('admin.rule_any'));
  const drop = async (r) => {
    if (!window.confirm(t('admin.rule_remove_confirm', { id: r.id }))) return;
    try { await remove(`/api/v1/routing/rules/${r.id}`); setNotice(t('admin.rule_removed', { id: r.id })); load(); } catch (err) { setError(err.message); }
  };
  return (
    <>
      <h2>{t('admin.rules')}</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {notice && <p class="notice" role="status">{notice}</p>}
      <Tester onMatch={setMatched} />
      <div class="section-head">
        <h3>{t('admin.rule_list')}</h3>
        <button type="button" onClick={() => setAdding(true)}>{t('admin.rule_new')}</button>
      </div>
      {adding && <RuleForm units={units.filter((u) => u.active)} onCancel={() => setAdding(false)}
        onAdded={(r) => { setAdding(false); setNotice(t('admin.rule_added', { id: r.id })); load(); }} />}
      <div class="table-wrap"><table class="cases compact">
        <HeadWithActions columns={['#', t('admin.rule_scope'), t('admin.area_prefix'), t('case.urgency'),
          t('admin.department'), t('admin.limit')]} />
        <tbody>{rules.map((r) => (
          <tr key={r.id} class={r.id === matched ? 'matched' : ''} aria-current={r.id === matched ? 'true' : undefined}>
            <td>{r.id}{r.id === matched && <span class="tag">{t('admin.matches')}</span>}</td>
            <td class="mono">{scopeOf(r)}</td><td class="mono">{r.area_prefix || t('admin.whole_city')}</td>
            <td>{r.urgency ? named('urgency', r.urgency) : t('admin.any_urgency')}</td>
            <td>{`${r.department_id} ${unitName(r.department_id)}`}</td>
            <td>{`${r.limit.value} ${named('unit', r.limit.unit)}`}</td>
            <td class="row-actions"><button type="button" onClick={() => drop(r)} aria-label={t('admin.rule_remove_named', { id: r.id })}>{t('admin.remove')}</button></td>
          </tr>))}</tbody>
      </table></div>

      <div class="section-head">
        <h3>{t('admin.units')}</h3>
        <button type="button" onClick={() => setUnit({ id: '', name: '', kind: 'department', street_code: '', parent_id: '', active: true })}>{t('admin.unit_new')}</button>
      </div>
      {unit && <UnitForm key={unit.id || 'new'} initial={unit} onCancel={() => setUnit(null)}
        onSaved={(u) => { setUnit(null); forgetDirectories(); setNotice(t('admin.unit_saved', { name: u.name })); load(); }} />}
      <div class="table-wrap"><table class="cases compact">
        <HeadWithActions columns={[t('admin.unit_id'), t('admin.unit_name'), t('admin.unit_kind'), t('admin.street_code'),
          t('admin.active')]} />
        <tbody>{units.map((u) => (
          <tr key={u.id} class={u.active ? '' : 'disabled'}>
            <td class="mono">{u.id}</td><td>{u.name}</td><td>{named('unit_kind', u.kind)}</td>
            <td class="mono">{u.street_code}</td><td>{u.active ? t('admin.yes') : t('admin.no')}</td>
            <td class="row-actions"><button type="button" onClick={() => setUnit({ ...u, existing: true })}
              aria-label={t('admin.edit_named', { name: u.name })}>{t('admin.edit')}</button></td>
          </tr>))}</tbody>
      </table></div>
    </>
  );
}

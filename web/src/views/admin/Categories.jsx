// The category directory as administrators keep it: search it (disabled ones included), switch a
// category on or off, edit its synonyms and its register and close conditions, and add local
// categories (minor class 900–999 under a standard major class).
import { useEffect, useState } from 'preact/hooks';
import { get, patch, post, query } from '../../api.js';
import { t } from '../../i18n.js';
import { AdminForm, HeadWithActions, useFields } from './AdminForm.jsx';
import { forgetDirectories } from '../../names.js';

const synonymsOf = (text) => text.split(/[,，、\n]+/).map((s) => s.trim()).filter(Boolean);

function EditForm({ category, onSaved, onCancel }) {
  const [v, , set] = useFields({ synonyms: category.synonyms.join('、'), register_condition: category.register_condition,
    close_condition: category.close_condition });
  const save = async () => onSaved(await patch(`/api/v1/categories/${category.kind}/${category.code}`,
    { synonyms: synonymsOf(v.synonyms), register_condition: v.register_condition, close_condition: v.close_condition }));
  return (
    <AdminForm id="cat-edit-title" title={`${category.code} ${category.name}`} onSave={save} onCancel={onCancel}>
      <div class="form-grid">
        <label for="c-synonyms">{t('admin.synonyms')}</label>
        <textarea id="c-synonyms" rows={2} value={v.synonyms} onInput={set('synonyms')} aria-describedby="c-synonyms-hint" />
        <p id="c-synonyms-hint" class="hint">{t('admin.synonyms_hint')}</p>
        <label for="c-register">{t('admin.register_condition')}</label>
        <textarea id="c-register" rows={2} value={v.register_condition} onInput={set('register_condition')} />
        <label for="c-close">{t('admin.close_condition')}</label>
        <textarea id="c-close" rows={2} value={v.close_condition} onInput={set('close_condition')} />
      </div>
    </AdminForm>
  );
}

function KindSelect({ id, value, onChange }) {
  return (
    <select id={id} value={value} onChange={onChange}>
      <option value="matter">{t('admin.kind_matter')}</option>
      <option value="component">{t('admin.kind_component')}</option>
    </select>
  );
}

function AddForm({ onAdded, onCancel }) {
  const [v, , set] = useFields({ kind: 'matter', code: '', name: '', synonyms: '' });
  const save = async () => onAdded(await post('/api/v1/categories', { ...v, synonyms: synonymsOf(v.synonyms) }));
  return (
    <AdminForm id="cat-add-title" title={t('admin.category_new')} onSave={save} onCancel={onCancel}>
      <div class="form-grid">
        <label for="n-kind">{t('admin.category_kind')}</label>
        <KindSelect id="n-kind" value={v.kind} onChange={set('kind')} />
        <label for="n-code">{t('admin.category_code')}</label>
        <input id="n-code" value={v.code} onInput={set('code')} required pattern="[0-9]{5}" inputMode="numeric"
          placeholder="01901" aria-describedby="n-code-hint" />
        <p id="n-code-hint" class="hint">{t('admin.category_code_hint')}</p>
        <label for="n-name">{t('admin.category_name')}</label>
        <input id="n-name" value={v.name} onInput={set('name')} required />
        <label for="n-synonyms">{t('admin.synonyms')}</label>
        <input id="n-synonyms" value={v.synonyms} onInput={set('synonyms')} />
      </div>
    </AdminForm>
  );
}

export function Categories() {
  const [kind, setKind] = useState('matter');
  const [text, setText] = useState('');
  const [rows, setRows] = useState([]);
  const [editing, setEditing] = useState(null);
  const [adding, setAdding] = useState(false);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const [version, setVersion] = useState(0);
  useEffect(() => {
    let alive = true;
    const timer = setTimeout(() => get(`/api/v1/categories${query({ kind, q: text, include_disabled: true })}`)
      .then((r) => alive && setRows(r.categories)).catch((err) => alive && setError(err.message)), 150);
    return () => { alive = false; clearTimeout(timer); };
  }, [kind, text, version]);
  const changed = (_, message) => { forgetDirectories(); setEditing(null); setAdding(false); setNotice(message); setVersion(version + 1); };
  const toggle = async (c) => {
    try {
      const r = await patch(`/api/v1/categories/${c.kind}/${c.code}`, { enabled: !c.enabled });
      changed(r, t(r.enabled ? 'admin.category_enabled' : 'admin.category_disabled', { name: `${r.code} ${r.name}` }));
    } catch (err) { setError(err.message); }
  };
  return (
    <>
      <div class="section-head">
        <h2>{t('admin.categories')}</h2>
        <button type="button" onClick={() => setAdding(true)}>{t('admin.category_new')}</button>
      </div>
      {error && <p class="error" role="alert">{error}</p>}
      {notice && <p class="notice" role="status">{notice}</p>}
      {adding && <AddForm onCancel={() => setAdding(false)}
        onAdded={(c) => changed(c, t('admin.category_added', { name: `${c.code} ${c.name}` }))} />}
      {editing && <EditForm key={editing.code} category={editing} onCancel={() => setEditing(null)}
        onSaved={(c) => changed(c, t('common.saved'))} />}
      <div class="toolbar">
        <label for="c-kind">{t('admin.category_kind')}</label>
        <KindSelect id="c-kind" value={kind} onChange={(e) => setKind(e.currentTarget.value)} />
        <label for="c-search">{t('common.search')}</label>
        <input id="c-search" type="search" value={text} onInput={(e) => setText(e.currentTarget.value)}
          placeholder={t('intake.category_search')} />
        <span class="count">{t('admin.n_categories', { n: rows.length })}</span>
      </div>
      <div class="table-wrap"><table class="cases compact">
        <HeadWithActions columns={[t('admin.category_code'), t('admin.major'), t('admin.category_name'), t('admin.origin'),
          t('admin.synonyms'), t('admin.conditions'), t('admin.active')]} />
        <tbody>{rows.map((c) => (
          <tr key={`${c.kind}${c.code}`} class={c.enabled ? '' : 'disabled'}>
            <td class="mono">{c.code}</td><td>{c.major_name}</td><td>{c.name}</td>
            <td>{c.standard ? t('admin.standard') : t('admin.local')}</td>
            <td>{c.synonyms.join('、')}</td>
            <td>{[c.register_condition && `${t('admin.register_short')}：${c.register_condition}`,
              c.close_condition && `${t('admin.close_short')}：${c.close_condition}`].filter(Boolean).join('；')}</td>
            <td>{c.enabled ? t('admin.yes') : t('admin.no')}</td>
            <td class="row-actions">
              <button type="button" onClick={() => setEditing(c)} aria-label={t('admin.edit_named', { name: `${c.code} ${c.name}` })}>{t('admin.edit')}</button>
              <button type="button" onClick={() => toggle(c)} aria-label={`${c.enabled ? t('admin.disable') : t('admin.enable')} ${c.code} ${c.name}`}>
                {c.enabled ? t('admin.disable') : t('admin.enable')}</button>
            </td>
          </tr>))}</tbody>
      </table></div>
    </>
  );
}

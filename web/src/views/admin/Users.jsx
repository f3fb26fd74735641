// Accounts and API tokens: create and edit users (roles, region and department scopes, unit,
// switched off), hand out one-time passwords, create tokens (the secret is shown once) and revoke
// them.
import { useEffect, useState } from 'preact/hooks';
import { get, post, put, remove } from '../../api.js';
import { formatTime } from '../../dates.js';
import { named, t } from '../../i18n.js';
import { orgUnits } from '../../names.js';
import { AdminForm, HeadWithActions, useFields } from './AdminForm.jsx';

const ROLES = ['citizen', 'supervisor', 'operator', 'shift_leader', 'dispatcher', 'handler', 'leader', 'admin',
  'integration'];
const CHANNELS = ['', 'external_api', 'video_ai', 'hotline_12345', 'hotline_12319', 'open311'];

// "370811, 370812" ⇄ ["370811", "370812"]
const listOf = (text) => text.split(/[,，\s]+/).map((s) => s.trim()).filter(Boolean);

const blankUser = { username: '', display_name: '', org_unit_id: '', roles: [], region_scopes: '', department_scopes: '',
  password: '', active: true };

function UserForm({ initial, units, onSaved, onCancel }) {
  const [v, setV, set] = useFields(initial);
  const creating = !initial.id;
  const toggleRole = (role) => setV({ ...v, roles: v.roles.includes(role) ? v.roles.filter((r) => r !== role) : [...v.roles, role] });
  const save = async () => {
    const body = { username: v.username, display_name: v.display_name, org_unit_id: v.org_unit_id, roles: v.roles,
      region_scopes: listOf(v.region_scopes), department_scopes: listOf(v.department_scopes) };
    if (creating) await post('/api/v1/users', { ...body, ...(v.password ? { password: v.password } : {}) });
    else await put(`/api/v1/users/${v.id}`, { ...body, active: v.active });
    onSaved(t(creating ? 'admin.user_created' : 'admin.user_saved', { name: v.username }));
  };
  return (
    <AdminForm id="user-form-title" title={creating ? t('admin.user_new') : t('admin.user_edit', { name: v.username })}
      onSave={save} onCancel={onCancel}>
      <div class="form-grid">
        <label for="u-name">{t('login.username')}</label>
        <input id="u-name" value={v.username} onInput={set('username')} required readOnly={!creating} autocomplete="off" />
        <label for="u-display">{t('admin.display_name')}</label>
        <input id="u-display" value={v.display_name} onInput={set('display_name')} />
        <label for="u-unit">{t('admin.org_unit')}</label>
        <select id="u-unit" value={v.org_unit_id} onChange={set('org_unit_id')}>
          <option value="">{t('common.none')}</option>
          {units.map((u) => <option key={u.id} value={u.id}>{`${u.id} ${u.name}`}</option>)}
        </select>
        <label for="u-regions">{t('admin.scopes')}</label>
        <input id="u-regions" value={v.region_scopes} onInput={set('region_scopes')} placeholder="370811, 370811002"
          aria-describedby="u-regions-hint" />
        <p id="u-regions-hint" class="hint">{t('admin.scopes_hint')}</p>
        <label for="u-departments">{t('admin.department_scopes')}</label>
        <input id="u-departments" value={v.department_scopes} onInput={set('department_scopes')} placeholder="HW" />
        {creating && (<>
          <label for="u-password">{t('login.password')}</label>
          <input id="u-password" type="password" value={v.password} onInput={set('password')} autocomplete="new-password"
            aria-describedby="u-password-hint" />
          <p id="u-password-hint" class="hint">{t('admin.password_hint')}</p>
        </>)}
      </div>
      <fieldset class="check">
        <legend>{t('admin.roles')}</legend>
        {ROLES.map((r) => (
          <label key={r} class="inline"><input type="checkbox" checked={v.roles.includes(r)} onChange={() => toggleRole(r)} />
            {named('role', r)}</label>))}
      </fieldset>
      {!creating && <label class="inline"><input type="checkbox" checked={v.active} onChange={set('active')} />{t('admin.active')}</label>}
    </AdminForm>
  );
}

function TokenForm({ users, onCreated, onCancel }) {
  const [v, , set] = useFields({ username: users[0]?.username || '', name: '', channel: '', region_scopes: '', expires_days: '' });
  const save = async () => {
    const r = await post('/api/v1/tokens', { username: v.username, name: v.name, channel: v.channel,
      region_scopes: listOf(v.region_scopes), ...(v.expires_days ? { expires_days: Number(v.expires_days) } : {}) });
    onCreated(r.token);
  };
  return (
    <AdminForm id="token-form-title" title={t('admin.token_new')} onSave={save} onCancel={onCancel}
      saveLabel={t('admin.token_create')}>
      <div class="form-grid">
        <label for="k-user">{t('login.username')}</label>
        <select id="k-user" value={v.username} onChange={set('username')}>
          {users.filter((u) => u.active).map((u) => <option key={u.id} value={u.username}>{u.username}</option>)}
        </select>
        <label for="k-name">{t('admin.token_name')}</label>
        <input id="k-name" value={v.name} onInput={set('name')} required placeholder={t('admin.token_name_hint')} />
        <label for="k-channel">{t('case.channel')}</label>
        <select id="k-channel" value={v.channel} onChange={set('channel')}>
          {CHANNELS.map((c) => <option key={c} value={c}>{c ? named('channel', c) : t('common.none')}</option>)}
        </select>
        <label for="k-regions">{t('admin.scopes')}</label>
        <input id="k-regions" value={v.region_scopes} onInput={set('region_scopes')} aria-describedby="k-regions-hint" />
        <p id="k-regions-hint" class="hint">{t('admin.token_scopes_hint')}</p>
        <label for="k-days">{t('admin.expires_days')}</label>
        <input id="k-days" type="number" min="1" value={v.expires_days} onInput={set('expires_days')} />
      </div>
    </AdminForm>
  );
}

export function Users() {
  const [users, setUsers] = useState([]);
  const [tokens, setTokens] = useState([]);
  const [units, setUnits] = useState([]);
  const [editing, setEditing] = useState(null);
  const [makingToken, setMakingToken] = useState(false);
  const [secret, setSecret] = useState('');
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const load = () => Promise.all([get('/api/v1/users'), get('/api/v1/tokens')])
    .then(([u, k]) => { setUsers(u.users); setTokens(k.tokens); })
    .catch((err) => setError(err.message));
  useEffect(() => { load(); orgUnits().then(setUnits); }, []);
  const nameOf = (id) => users.find((u) => u.id === id)?.username || `#${id}`;
  const edit = (u) => setEditing({ ...blankUser, ...u, region_scopes: u.region_scopes.join(', '),
    department_scopes: u.department_scopes.join(', ') });
  const saved = (message) => { setEditing(null); setNotice(message); load(); };
  const reset = async (u) => {
    if (!window.confirm(t('admin.reset_confirm', { name: u.username }))) return;
    try {
      const r = await post(`/api/v1/users/${u.id}/password-reset`);
      setNotice(t('admin.reset_done', { name: u.username, password: r.one_time_password }));
    } catch (err) { setError(err.message); }
  };
  const revoke = async (k) => {
    if (!window.confirm(t('admin.revoke_confirm', { name: k.name }))) return;
    try { await remove(`/api/v1/tokens/${k.id}`); load(); } catch (err) { setError(err.message); }
  };
  return (
    <>
      {error && <p class="error" role="alert">{error}</p>}
      {notice && <p class="notice" role="status">{notice}</p>}
      <div class="section-head">
        <h2>{t('admin.users')}</h2>
        <button type="button" onClick={() => setEditing({ ...blankUser })}>{t('admin.user_new')}</button>
      </div>
      {editing && <UserForm key={editing.id || 'new'} initial={editing} units={units} onSaved={saved} onCancel={() => setEditing(null)} />}
      <div class="table-wrap"><table class="cases compact">
        <HeadWithActions columns={[t('login.username'), t('admin.display_name'), t('admin.roles'), t('admin.scopes'),
          t('admin.department_scopes'), t('admin.active')]} />
        <tbody>{users.map((u) => (
          <tr key={u.id}>
            <td>{u.username}</td><td>{u.display_name}</td>
            <td>{u.roles.map((r) => named('role', r)).join('、')}</td>
            <td>{u.region_scopes.join(', ')}</td><td>{u.department_scopes.join(', ')}</td>
            <td>{u.active ? t('admin.yes') : t('admin.no')}{u.must_change_password ? ` · ${t('admin.must_change')}` : ''}</td>
            <td class="row-actions">
              <button type="button" onClick={() => edit(u)} aria-label={t('admin.user_edit', { name: u.username })}>{t('admin.edit')}</button>
              <button type="button" onClick={() => reset(u)}>{t('admin.reset_password')}</button>
            </td>
          </tr>))}</tbody>
      </table></div>

      <div class="section-head">
        <h2>{t('admin.tokens')}</h2>
        <button type="button" onClick={() => { setMakingToken(true); setSecret(''); }}>{t('admin.token_new')}</button>
      </div>
      {makingToken && <TokenForm users={users} onCancel={() => setMakingToken(false)}
        onCreated={(s) => { setMakingToken(false); setSecret(s); load(); }} />}
      {secret && (
        <div class="notice" role="status">
          <p>{t('admin.token_once')}</p>
          <output class="mono secret" aria-label={t('admin.token_secret')}>{secret}</output>
        </div>)}
      {!tokens.length && <p class="empty">{t('admin.tokens_none')}</p>}
      {tokens.length > 0 && <div class="table-wrap"><table class="cases compact">
        <HeadWithActions columns={[t('admin.token_name'), t('login.username'), t('case.channel'), t('admin.scopes'),
          t('admin.created'), t('admin.expires'), t('admin.last_used'), t('case.state')]} />
        <tbody>{tokens.map((k) => (
          <tr key={k.id}>
            <td>{k.name}</td><td>{nameOf(k.user_id)}</td><td>{named('channel', k.channel)}</td>
            <td>{k.region_scopes.join(', ')}</td><td>{formatTime(k.created_at_ms)}</td>
            <td>{k.expires_at_ms ? formatTime(k.expires_at_ms) : '—'}</td>
            <td>{k.last_used_at_ms ? formatTime(k.last_used_at_ms) : '—'}</td>
            <td>{k.revoked_at_ms ? t('admin.revoked') : t('admin.valid')}</td>
            <td class="row-actions">{!k.revoked_at_ms && (
              <button type="button" onClick={() => revoke(k)} aria-label={t('admin.revoke_named', { name: k.name })}>{t('admin.revoke')}</button>)}</td>
          </tr>))}</tbody>
      </table></div>}
    </>
  );
}

// Administration, first part: the users with their roles and scopes, the API tokens, and the
// local calendar changes.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.js';
import { t } from '../i18n.js';

export function Admin() {
  const [users, setUsers] = useState([]);
  const [tokens, setTokens] = useState([]);
  const [overrides, setOverrides] = useState([]);
  const [error, setError] = useState('');
  useEffect(() => {
    get('/api/v1/users').then((r) => setUsers(r.users)).catch((err) => setError(err.message));
    get('/api/v1/tokens').then((r) => setTokens(r.tokens)).catch(() => {});
    get('/api/v1/calendar/overrides').then((r) => setOverrides(r.overrides)).catch(() => {});
  }, []);
  return (
    <section class="admin">
      <h1>{t('admin.title')}</h1>
      {error && <p class="error" role="alert">{error}</p>}
      <h2>{t('admin.users')}</h2>
      <div class="table-wrap"><table class="cases">
        <thead><tr><th scope="col">{t('login.username')}</th><th scope="col">{t('admin.roles')}</th><th scope="col">{t('admin.scopes')}</th><th scope="col">{t('admin.active')}</th></tr></thead>
        <tbody>{users.map((u) => (<tr key={u.id}><td>{u.username}</td><td>{u.roles.join(', ')}</td><td>{u.region_scopes.join(', ')}</td><td>{u.active ? '✓' : '×'}</td></tr>))}</tbody>
      </table></div>
      <h2>{t('admin.tokens')}</h2>
      <ul>{tokens.map((k) => (<li key={k.id}>{k.name} · {k.username} {k.revoked ? '×' : ''}</li>))}</ul>
      <h2>{t('admin.calendar')}</h2>
      <ul>{overrides.map((o) => (<li key={o.date}>{o.date} {o.workday ? t('admin.workday') : t('admin.offday')} · {o.reason}</li>))}</ul>
    </section>
  );
}

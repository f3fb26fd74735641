// Staff sign-in; citizens are pointed to the report and tracking pages, which need no account.
import { useState } from 'preact/hooks';
import { t } from '../i18n.js';
import { navigate, onLinkClick } from '../router.js';
import { homeOf, signIn } from '../session.js';

export function Login({ next }) {
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [error, setError] = useState('');
  const submit = async (e) => {
    e.preventDefault();
    setError('');
    try {
      const user = await signIn(username.trim(), password);
      navigate(next && next !== '/login' ? next : homeOf(user), true);
    } catch (err) {
      setError(err.message);
    }
  };
  return (
    <section class="narrow card">
      <h1>{t('login.title')}</h1>
      <form onSubmit={submit}>
        <p><label for="username">{t('login.username')}</label>
          <input id="username" autocomplete="username" required value={username} onInput={(e) => setUsername(e.currentTarget.value)} /></p>
        <p><label for="password">{t('login.password')}</label>
          <input id="password" type="password" autocomplete="current-password" required value={password}
            onInput={(e) => setPassword(e.currentTarget.value)} /></p>
        {error && <p class="error" role="alert">{error}</p>}
        <p><button type="submit" class="primary">{t('login.submit')}</button></p>
      </form>
      <p class="hint">{t('login.citizen')}<a href="/report" onClick={onLinkClick}>{t('nav.report')}</a> · <a href="/track" onClick={onLinkClick}>{t('nav.track')}</a></p>
    </section>
  );
}

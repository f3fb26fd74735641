// Changing one's own password: where a one-time password (after `user bootstrap`, a reset or a new
// account) leads straight after sign-in — every other screen waits until it is done — and a page
// any signed-in user reaches from the top bar. The server's password rules decide; its refusal is
// shown in place.
import { useState } from 'preact/hooks';
import { post } from '../api.js';
import { t } from '../i18n.js';
import { navigate, searchParams } from '../router.js';
import { homeOf, me, signIn } from '../session.js';

export function ChangePassword() {
  const forced = !!me.value?.must_change_password;
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [repeat, setRepeat] = useState('');
  const [error, setError] = useState('');
  const [done, setDone] = useState(false);
  const [sending, setSending] = useState(false);
  const submit = async (e) => {
    e.preventDefault();
    setError('');
    if (next !== repeat) { setError(t('password.mismatch')); return; }
    if (next === current) { setError(t('password.same')); return; }
    setSending(true);
    try {
      const username = me.value.username;
      await post('/api/v1/me/password', { current_password: current, new_password: next });
      // The change ends every session of the account, this one too: sign in again with the new password.
      await signIn(username, next);
      setDone(true);
      setCurrent(''); setNext(''); setRepeat('');
      if (forced) {
        const to = searchParams().get('next');
        navigate(to && to.startsWith('/') && !to.startsWith('/password') ? to : homeOf(me.value), true);
      }
    } catch (err) {
      setError(err.message);
    } finally {
      setSending(false);
    }
  };
  return (
    <section class="narrow card">
      <h1>{t('password.title')}</h1>
      {forced && <p class="notice" role="status">{t('password.forced')}</p>}
      {done && !forced && <p class="notice" role="status">{t('password.changed')}</p>}
      <form onSubmit={submit}>
        <p><label for="pw-current">{forced ? t('password.one_time') : t('password.current')}</label>
          <input id="pw-current" type="password" autocomplete="current-password" required value={current}
            onInput={(e) => setCurrent(e.currentTarget.value)} /></p>
        <p><label for="pw-new">{t('password.new')}</label>
          <input id="pw-new" type="password" autocomplete="new-password" required minLength={8} value={next}
            aria-describedby="pw-rules" onInput={(e) => setNext(e.currentTarget.value)} /></p>
        <p class="hint" id="pw-rules">{t('password.rules')}</p>
        <p><label for="pw-repeat">{t('password.repeat')}</label>
          <input id="pw-repeat" type="password" autocomplete="new-password" required value={repeat}
            onInput={(e) => setRepeat(e.currentTarget.value)} /></p>
        {error && <p class="error" role="alert">{error}</p>}
        <p><button type="submit" class="primary" disabled={sending}>{t('password.submit')}</button></p>
      </form>
    </section>
  );
}

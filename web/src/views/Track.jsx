// The tracking page: progress by tracking code, nothing personal, and the rating once closed.
import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../api.js';
import { named, t } from '../i18n.js';
import { navigate } from '../router.js';
import { formatTime } from '../dates.js';

export function Track({ code }) {
  const [text, setText] = useState(code || '');
  const [view, setView] = useState(null);
  const [error, setError] = useState('');
  const load = (c) => get(`/api/v1/public/cases/${encodeURIComponent(c)}`).then((v) => { setView(v); setError(''); })
    .catch((err) => { setView(null); setError(err.status === 404 ? t('citizen.not_found') : err.message); });
  useEffect(() => { if (code) load(code); }, [code]);
  const rate = async (satisfaction) => {
    try { setView(await post(`/api/v1/public/cases/${encodeURIComponent(view.tracking_code)}/rating`, { satisfaction })); } catch (err) { setError(err.message); }
  };
  return (
    <section class="narrow">
      <h1>{t('citizen.track_title')}</h1>
      <form class="row" onSubmit={(e) => { e.preventDefault(); navigate(`/track/${encodeURIComponent(text.trim())}`); }}>
        <span><label for="t-code">{t('citizen.code')}</label>
          <input id="t-code" required value={text} autocapitalize="characters" onInput={(e) => setText(e.currentTarget.value)} /></span>
        <span><button type="submit" class="primary">{t('citizen.query')}</button></span>
      </form>
      {error && <p class="error" role="alert">{error}</p>}
      {view && (
        <div class="card">
          <p><strong class={`state s-${view.state}`}>{named('state', view.state)}</strong> · {t('case.created')} {formatTime(view.created_at)}</p>
          <h2>{t('citizen.steps')}</h2>
          <ol class="timeline">
            {view.steps.map((s, i) => (<li key={i}><time datetime={s.at}>{formatTime(s.at)}</time> <strong>{t(`action.${s.action}`)}</strong></li>))}
          </ol>
          <ul class="thumbs">
            {view.attachments.map((p) => (<li key={p.id}><img src={p.thumbnail_url || p.content_url} alt={t('case.photos')} width="96" height="96" /></li>))}
          </ul>
          {view.satisfaction && <p class="notice">{t('citizen.rated', { s: t(`sat.${view.satisfaction}`) })}</p>}
          {view.can_rate && (
            <div class="rate">
              <h2>{t('citizen.rate')}</h2>
              {['满意', '基本满意', '不满意'].map((s) => (<button type="button" key={s} onClick={() => rate(s)}>{t(`sat.${s}`)}</button>))}
            </div>
          )}
        </div>
      )}
    </section>
  );
}

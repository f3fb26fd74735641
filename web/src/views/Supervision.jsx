// The 督办 ledger (督办台账): every notice on the cases this user may see, by state with its count,
// the level, the supervised unit, the reply deadline with its light, and what was asked and answered.
import { useEffect, useState } from 'preact/hooks';
import { get } from '../api.js';
import { t } from '../i18n.js';
import { onLinkClick } from '../router.js';
import { Light } from '../components/Light.jsx';
import { unitName } from '../components/Notices.jsx';
import { formatTime } from '../dates.js';
import { orgUnits } from '../names.js';

const STATES = ['issued', 'replied', 'overdue', 'withdrawn', 'archived'];

export function Supervision() {
  const [state, setState] = useState('issued');
  const [ledger, setLedger] = useState(null);
  const [units, setUnits] = useState(new Map());
  const [error, setError] = useState('');
  useEffect(() => { orgUnits().then((all) => setUnits(new Map(all.map((u) => [u.id, u.name])))); }, []);
  useEffect(() => {
    get(`/api/v1/supervision-notices${state ? `?state=${state}` : ''}`).then(setLedger).catch((err) => setError(err.message));
  }, [state]);
  const total = ledger ? Object.values(ledger.counts).reduce((a, b) => a + b, 0) : 0;
  return (
    <section class="supervision">
      <h1>{t('supervision.title')}</h1>
      <nav class="stages" aria-label={t('supervision.state')}>
        <button type="button" aria-pressed={state === ''} onClick={() => setState('')}>
          {t('supervision.all')} <span class="count">{total}</span>
        </button>
        {STATES.map((s) => (
          <button type="button" key={s} aria-pressed={state === s} data-state={s} onClick={() => setState(s)}>
            {t(`supervision.state.${s}`)} <span class="count">{ledger?.counts[s] ?? 0}</span>
          </button>
        ))}
      </nav>
      {error && <p class="error" role="alert">{error}</p>}
      {!ledger ? <p class="loading">{t('common.loading')}</p> : ledger.notices.length === 0 ? (
        <p class="hint">{t('supervision.none')}</p>
      ) : (
        <div class="table-wrap">
          <table class="ledger">
            <thead><tr>
              <th>{t('supervision.number')}</th><th>{t('case.number')}</th><th>{t('supervision.field.level')}</th>
              <th>{t('supervision.state')}</th><th>{t('supervision.unit')}</th><th>{t('supervision.deadline')}</th>
              <th>{t('supervision.field.comment')}</th><th>{t('supervision.reply')}</th>
            </tr></thead>
            <tbody>
              {ledger.notices.map((n) => (
                <tr key={n.id} data-notice={n.id}>
                  <td>{n.id}</td>
                  <td><a href={`/cases/${n.case_id}`} onClick={onLinkClick}>{n.case_id}</a></td>
                  <td><span class={`level l-${n.level}`}>{t(`level.${n.level}`)}</span></td>
                  <td>{t(`supervision.state.${n.state}`)}{n.late && <span class="chip late">{t('supervision.late')}</span>}</td>
                  <td>{unitName(n.unit, units)}</td>
                  <td>{n.open ? <Light deadline={n.reply_clock} /> : null} {formatTime(n.due_at)}</td>
                  <td>{n.comment}</td>
                  <td>{n.reply || (n.escalated_to ? t('supervision.escalated_to', { id: n.escalated_to }) : '—')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}

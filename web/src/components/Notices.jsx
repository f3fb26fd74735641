// The 督办 notices of one case on its page: each with its level, state, supervised unit, reply
// deadline and light; the forms the server offers this user (issue, reply, withdraw), whose fields
// come from the notice's action_fields.
import { useEffect, useState } from 'preact/hooks';
import { get, post } from '../api.js';
import { t } from '../i18n.js';
import { can } from '../session.js';
import { Light } from './Light.jsx';
import { formatTime } from '../dates.js';
import { orgUnits } from '../names.js';

export const unitName = (unit, units) => (unit ? units.get(unit) || unit : t('supervision.centre'));

// One action on a notice: its button opens the form of the fields the server asks for.
function NoticeAction({ notice, action, onDone }) {
  const fields = notice.action_fields[action] || [];
  const [open, setOpen] = useState(false);
  const [values, setValues] = useState({});
  const [error, setError] = useState('');
  if (!open && fields.length) {
    return (<button type="button" data-open-action={action} onClick={() => setOpen(true)}
      class={action === 'reply' ? 'primary' : ''}>{t(`supervision.action.${action}`)}</button>);
  }
  const submit = async (e) => {
    e.preventDefault();
    try {
      onDone(await post(`/api/v1/supervision-notices/${encodeURIComponent(notice.id)}/actions/${action}`,
        { version: notice.version, ...values }));
    } catch (err) { setError(err.message); }
  };
  return (
    <form class="notice-action" onSubmit={submit} data-notice-action={action}>
      {fields.map((f) => (
        <label key={f.field}>{t(`supervision.field.${f.field}`)}{f.required ? ' *' : ''}
          <textarea name={f.field} required={f.required} rows="2" value={values[f.field] || ''}
            onInput={(e) => setValues({ ...values, [f.field]: e.currentTarget.value })} />
        </label>
      ))}
      <button type="submit" class={action === 'reply' ? 'primary' : ''}>{t(`supervision.action.${action}`)}</button>
      <button type="button" onClick={() => setOpen(false)}>{t('common.cancel')}</button>
      {error && <p class="error" role="alert">{error}</p>}
    </form>
  );
}

// `onChange`: a notice was issued or acted on (the case's own counts follow).
export function Notices({ caseView, onChange = () => {} }) {
  const [notices, setNotices] = useState([]);
  const [units, setUnits] = useState(new Map());
  useEffect(() => { orgUnits().then((all) => setUnits(new Map(all.map((u) => [u.id, u.name])))); }, []);
  const [error, setError] = useState('');
  const [level, setLevel] = useState('normal');
  const [comment, setComment] = useState('');
  const load = () => get(`/api/v1/supervision-notices?case_id=${encodeURIComponent(caseView.id)}`)
    .then((r) => setNotices(r.notices)).catch((err) => setError(err.message));
  useEffect(() => { load(); }, [caseView.id, caseView.version]);
  const open = !['closed', 'invalid', 'rejected', 'void', 'merged'].includes(caseView.state);
  const issue = async (e) => {
    e.preventDefault();
    try {
      await post('/api/v1/supervision-notices', { case_id: caseView.id, level, comment });
      setComment(''); setError(''); load(); onChange();
    } catch (err) { setError(err.message); }
  };
  const mayIssue = open && can('case.supervise');
  if (notices.length === 0 && !mayIssue && !error) return null; // nothing to show or do
  return (
    <section class="notices" aria-labelledby="notices-title">
      <h2 id="notices-title">{t('supervision.on_case', { n: notices.length })}</h2>
      {notices.length > 0 && (
        <ul class="notice-list">
          {notices.map((n) => (
            <li key={n.id} data-notice={n.id}>
              <p>
                <strong>{n.id}</strong> <span class={`level l-${n.level}`}>{t(`level.${n.level}`)}</span>
                {' '}<span class={`state n-${n.state}`}>{t(`supervision.state.${n.state}`)}</span>
                {n.open && <> <Light deadline={n.reply_clock} /> <small>{t('supervision.due', { time: formatTime(n.due_at) })}</small></>}
                {n.late && !n.open && <span class="chip late">{t('supervision.late')}</span>}
              </p>
              <p class="hint">{t('supervision.unit')}: {unitName(n.unit, units)} · {formatTime(n.issued_at)}</p>
              {n.comment && <q>{n.comment}</q>}
              {n.reply && <p>{t('supervision.reply')}: {n.reply}</p>}
              {n.escalated_to && <p class="hint">{t('supervision.escalated_to', { id: n.escalated_to })}</p>}
              <div class="actions">
                {n.allowed_actions.map((a) => <NoticeAction key={a} notice={n} action={a} onDone={() => { load(); onChange(); }} />)}
              </div>
            </li>
          ))}
        </ul>
      )}
      {mayIssue && (
        <form class="issue" onSubmit={issue} id="issue-notice">
          <label>{t('supervision.field.level')}
            <select value={level} onChange={(e) => setLevel(e.currentTarget.value)} name="level">
              {['normal', 'important', 'listed'].map((l) => <option key={l} value={l}>{t(`level.${l}`)}</option>)}
            </select>
          </label>
          <label>{t('supervision.field.comment')} *
            <textarea name="comment" required rows="2" value={comment} onInput={(e) => setComment(e.currentTarget.value)} />
          </label>
          <button type="submit" class="primary">{t('supervision.action.issue')}</button>
        </form>
      )}
      {error && <p class="error" role="alert">{error}</p>}
    </section>
  );
}

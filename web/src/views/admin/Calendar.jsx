// The working calendar: a year's figures and its special days (national holidays, make-up days,
// local changes), local changes added and withdrawn, and a new national year imported from a
// holiday-cn JSON file with the dates whose working time it changed.
import { useEffect, useState } from 'preact/hooks';
import { get, put, remove, sendText } from '../../api.js';
import { t } from '../../i18n.js';
import { AdminForm, useFields } from './AdminForm.jsx';
import { CommittedInput } from '../../components/CommittedInput.jsx';

// Why a special day is what it is, in the UI's language: a local change's own reason, a national
// holiday's name, or the holiday a make-up workday (调休) belongs to.
function dayReason(d) {
  if (d.source === 'override') return d.reason;
  if (d.source === 'national') return d.workday ? t('admin.makeup_for', { name: d.holiday }) : d.holiday;
  return d.workday ? t('admin.workday') : t('admin.offday');
}

export function Calendar() {
  const [year, setYear] = useState(new Date().getFullYear());
  const [days, setDays] = useState(null);
  const [overrides, setOverrides] = useState([]);
  const [form, setForm, set] = useFields({ date: '', workday: 'false', reason: '' });
  const [imported, setImported] = useState(null);
  const [notice, setNotice] = useState('');
  const [error, setError] = useState('');
  const [version, setVersion] = useState(0);
  useEffect(() => {
    get(`/api/v1/calendar/days?year=${year}`).then(setDays).catch((err) => { setDays(null); setError(err.message); });
    get('/api/v1/calendar/overrides').then((r) => setOverrides(r.overrides)).catch((err) => setError(err.message));
  }, [year, version]);
  const reload = (message) => { setNotice(message); setError(''); setVersion(version + 1); };
  const add = async () => {
    await put(`/api/v1/calendar/overrides/${form.date}`, { workday: form.workday === 'true', reason: form.reason });
    setForm({ date: '', workday: 'false', reason: '' });
    reload(t('admin.override_saved', { date: form.date }));
  };
  const withdraw = async (o) => {
    try { await remove(`/api/v1/calendar/overrides/${o.date}`); reload(t('admin.override_removed', { date: o.date })); } catch (err) { setError(err.message); }
  };
  const importYear = async (e) => {
    const input = e.currentTarget;
    const file = input.files?.[0];
    if (!file) return;
    try {
      const r = await sendText('POST', '/api/v1/calendar/years', await file.text(), 'application/json');
      setImported(r);
      setYear(r.year);
      reload(t('admin.year_imported', { year: r.year }));
    } catch (err) { setImported(null); setError(err.message); }
    input.value = '';
  };
  const special = days ? days.days.filter((d) => d.source !== 'weekday_rule') : [];
  const unsettled = days ? days.days.filter((d) => d.provisional).length : 0;
  return (
    <>
      <h2>{t('admin.calendar')}</h2>
      {error && <p class="error" role="alert">{error}</p>}
      {notice && <p class="notice" role="status">{notice}</p>}
      <div class="toolbar">
        <label for="cal-year">{t('admin.year')}</label>
        <CommittedInput id="cal-year" type="number" min="2000" max="2099" value={year} onCommit={(typed) => setYear(Number(typed))} />
        {days && <span class="count">{t('admin.year_summary', { workdays: days.workdays, hours: Math.round(days.working_minutes / 60) })}</span>}
        {days?.provisional && <span class="tag warn">{unsettled === days.days.length ? t('admin.provisional')
          : t('admin.provisional_days', { n: unsettled })}</span>}
      </div>
      <div class="two-columns">
        <div>
          <h3>{t('admin.special_days')}</h3>
          <div class="table-wrap"><table class="cases compact">
            <thead><tr><th scope="col">{t('admin.date')}</th><th scope="col">{t('admin.day_kind')}</th><th scope="col">{t('admin.reason')}</th><th scope="col">{t('admin.source')}</th></tr></thead>
            <tbody>{special.map((d) => (
              <tr key={d.date}><td class="mono">{d.date}</td><td>{d.workday ? t('admin.workday') : t('admin.offday')}</td>
                <td>{dayReason(d)}</td><td>{t(`admin.source_${d.source}`)}</td></tr>))}</tbody>
          </table></div>
          {days && !special.length && <p class="empty">{t('admin.no_special_days')}</p>}
        </div>
        <div>
          <h3>{t('admin.overrides')}</h3>
          <AdminForm id="ov-title" title={t('admin.override_new')} onSave={add} autoFocus={false}>
            <div class="form-grid">
              <label for="ov-date">{t('admin.date')}</label>
              <input id="ov-date" type="date" value={form.date} onInput={set('date')} required />
              <label for="ov-kind">{t('admin.day_kind')}</label>
              <select id="ov-kind" value={form.workday} onChange={set('workday')}>
                <option value="false">{t('admin.offday')}</option>
                <option value="true">{t('admin.workday')}</option>
              </select>
              <label for="ov-reason">{t('admin.reason')}</label>
              <input id="ov-reason" value={form.reason} onInput={set('reason')} required placeholder={t('admin.override_reason_hint')} />
            </div>
          </AdminForm>
          <ul class="report-list">{overrides.map((o) => (
            <li key={o.date}><span class="mono">{o.date}</span> {o.workday ? t('admin.workday') : t('admin.offday')} · {o.reason}
              <button type="button" class="link" onClick={() => withdraw(o)} aria-label={t('admin.override_remove_named', { date: o.date })}>{t('admin.remove')}</button></li>))}</ul>
          {!overrides.length && <p class="empty">{t('common.none')}</p>}
          <h3>{t('admin.year_import')}</h3>
          <label for="cal-file">{t('admin.year_file')}</label>
          <input id="cal-file" type="file" accept=".json,application/json" onChange={importYear} aria-describedby="cal-file-hint" />
          <p id="cal-file-hint" class="hint">{t('admin.year_file_hint')}</p>
          {imported && (
            <p class="notice" role="status">{t('admin.year_report', { year: imported.year, days: imported.listed_days,
              changed: imported.changed_dates.length ? imported.changed_dates.join('、') : t('common.none') })}</p>)}
        </div>
      </div>
    </>
  );
}

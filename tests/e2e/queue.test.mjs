// Issue 22 §4, §5 and §8 as the people at the desks do them. A hotline seat narrows the queue by
// reported date, urgency and channel, adds the phone column, keeps the view under a name and takes
// it away as a spreadsheet (the file holds the rows and columns the table shows, in Chinese, and the
// audit log says so). A dispatcher selects the whole page and reads where each case will go before
// sending them; a request waiting on a case reads as what it is. The same in English on a phone.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { apiAs, openPage, pointInSupervisorsStreet, shot, shotAsShown, signIn, switchLanguage, PHONE, useCity, caseToDispatch } from './harness.mjs';

const env = useCity(0);

const today = () => new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10); // Asia/Shanghai
const rows = (page) => page.locator('table.cases tbody tr');

// `n` hotline reports carrying `word`, the first of them urgent; newest last.
async function reports(word, n) {
  const seat = await apiAs(env.city.base, 'demo-operator');
  const place = await pointInSupervisorsStreet(env.city.base);
  const made = [];
  for (let i = 0; i < n; i++) {
    made.push(await seat('POST', '/api/v1/cases', {
      description: `${word} 第${i + 1}件`, lon: place.longitude, lat: place.latitude,
      reporter_name: '李四', reporter_phone: `1390000${String(1000 + i)}`, ...(i === 0 ? { urgency: 'urgent' } : {}),
    }));
  }
  return made;
}

// Searches the queue for `word` and waits until the list holds only what it finds (`n` cases).
async function search(page, word, n) {
  await page.locator('#queue-q').fill(word);
  await page.locator('#queue-q').press('Enter');
  await page.waitForURL((url) => url.searchParams.get('q') === word);
  await page.waitForFunction((count) => document.querySelectorAll('table.cases tbody tr').length === count, n);
}

test('a seat narrows the queue, keeps the view and exports what it shows', async () => {
  const word = `队列筛选${Date.now()}`;
  const made = await reports(word, 3);
  const seat = await apiAs(env.city.base, 'demo-operator');
  const page = await openPage(env.chromium.browser, env.city.base);
  await signIn(page, 'demo-operator');
  await page.goto('/queues?queue=all');
  await search(page, word, 3);

  // Urgency: the one urgent report; the badge counts what the list holds.
  await page.locator('#queue-urgency').selectOption('urgent');
  await page.waitForFunction(() => document.querySelectorAll('table.cases tbody tr').length === 1);
  assert.equal((await rows(page).first().locator('a').textContent()).trim(), made[0].id);
  await page.locator('.stages button[aria-pressed="true"] .count', { hasText: /^1$/ }).waitFor();
  await page.locator('#queue-urgency').selectOption('');
  await rows(page).nth(2).waitFor();

  // Reported dates: today holds them, yesterday nothing.
  const yesterday = new Date(Date.now() + 8 * 3600e3 - 86400e3).toISOString().slice(0, 10);
  await page.locator('#queue-to').fill(yesterday);
  await page.locator('.empty', { hasText: '没有案件' }).waitFor();
  await page.locator('#queue-from').fill(today());
  await page.locator('#queue-to').fill(today());
  await rows(page).nth(2).waitFor();

  // Channel: the seat's own (the hotline) holds them; the citizens' app none.
  const channels = await page.locator('#queue-channel option').allTextContents();
  assert.ok(channels.includes('12345热线'), channels.join(' '));
  await page.locator('#queue-channel').selectOption(made[0].channel);
  await rows(page).nth(2).waitFor();
  assert.equal(await rows(page).count(), 3);

  // The phone column: in full for a seat, as the API gives it.
  await page.locator('details.columns summary').click();
  await page.getByLabel('联系电话').check();
  await page.locator('table.cases thead th', { hasText: '联系电话' }).waitFor();
  await page.locator('details.columns summary').click();
  const phones = await page.locator('table.cases tbody td.col-reporter_phone').allTextContents();
  const listed = await seat('GET', `/api/v1/cases?queue=all&q=${encodeURIComponent(word)}`);
  assert.deepEqual(phones, listed.cases.map((c) => c.reporter.phone));
  assert.equal(phones[2], '13900001000');

  // Kept as a view; the view opens the same list from an empty queue.
  await page.getByRole('button', { name: '保存为视图' }).click();
  await page.getByLabel('视图名称').fill('今日热线');
  await page.getByRole('button', { name: '保存', exact: true }).click();
  await page.locator('#queue-outcome', { hasText: '已保存视图“今日热线”' }).waitFor();
  await page.waitForFunction(() => document.getElementById('queue-view').value === '今日热线')
    .catch(() => assert.fail('the saved view is not the one selected'));
  // The same name again says it replaces that view.
  await page.getByRole('button', { name: '保存为视图' }).click();
  await page.getByLabel('视图名称').fill('今日热线');
  await page.getByRole('button', { name: '替换同名视图' }).click();
  await page.locator('#queue-outcome', { hasText: '已保存视图“今日热线”' }).waitFor();
  await shot(page, 'queue-filters');
  const saved = await seat('GET', '/api/v1/me/views');
  assert.deepEqual(saved.views.map((v) => v.name), ['今日热线']);
  await page.goto('/queues');
  await page.locator('#queue-view').selectOption('今日热线');
  await rows(page).nth(2).waitFor();
  await page.waitForURL((url) => url.searchParams.get('q') === word);
  await page.waitForFunction(([w, d]) => document.getElementById('queue-q').value === w &&
    document.getElementById('queue-from').value === d && document.querySelectorAll('table.cases tbody tr').length === 3,
  [word, today()]).catch(() => assert.fail('the saved view did not open as it was saved'));

  // The export: the rows and columns shown, with Chinese headers.
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  assert.match(download.suggestedFilename(), /^cases-\d{4}-\d{2}-\d{2}\.csv$/);
  const lines = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], '案件编号,状态,红黄绿灯,时限,问题描述,类别,紧急程度,网格,来源,上报时间,联系电话');
  assert.equal(lines.length - 1, await rows(page).count());
  const shownIds = (await page.locator('table.cases tbody tr td a').allTextContents()).map((s) => s.trim());
  assert.deepEqual(lines.slice(1).map((l) => l.split(',')[0]), shownIds);
  assert.ok(lines[1].endsWith(',13900001002'), lines[1]);
  const [book] = await Promise.all([page.waitForEvent('download'), page.locator('#export-xlsx').click()]);
  assert.match(book.suggestedFilename(), /\.xlsx$/);
  assert.equal(readFileSync(await book.path()).subarray(0, 2).toString(), 'PK');
  // Both are in the audit log, with the rows taken.
  const admin = await apiAs(env.city.base, 'demo-admin');
  const audit = await admin('GET', '/api/v1/audit?action=case.export&actor=demo-operator');
  assert.deepEqual(audit.entries.slice(0, 2).map((e) => [e.summary.format, e.summary.rows]), [['xlsx', 3], ['csv', 3]]);

  await page.getByRole('button', { name: '删除视图“今日热线”' }).click();
  await page.locator('#queue-outcome', { hasText: '已删除视图“今日热线”' }).waitFor();
  assert.deepEqual((await seat('GET', '/api/v1/me/views')).views, []);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('a dispatcher selects the page, reads where each case goes, sends them; a request reads as what it is', async () => {
  const word = `批量预览${Date.now()}`;
  const cases = [await caseToDispatch(env.city.base, `${word} 一`), await caseToDispatch(env.city.base, `${word} 二`)];
  const dispatcher = await apiAs(env.city.base, 'demo-dispatcher');
  const units = (await dispatcher('GET', '/api/v1/org-units')).org_units;
  const unitName = (id) => units.find((u) => u.id === id).name;
  const page = await openPage(env.chromium.browser, env.city.base);
  await signIn(page, 'demo-dispatcher');
  await page.goto(`/queues?queue=all&stage=dispatch&q=${encodeURIComponent(word)}`);
  await rows(page).nth(1).waitFor();
  await page.getByLabel('全选本页 2 件').check();
  const preview = page.locator('table.bulk-preview tbody tr');
  await preview.nth(1).waitFor();
  for (const c of cases) {
    const suggested = c.view.routing?.department || c.view.suggested_department;
    await preview.filter({ hasText: c.view.id }).locator('td.to', { hasText: `→ ${unitName(suggested)}` }).waitFor();
  }
  await shot(page, 'queue-bulk-preview');
  // One unit for all: the preview says so for each.
  const other = units.find((u) => u.kind === 'street_office');
  await page.locator('#bulk-dept').selectOption(other.id);
  assert.deepEqual(await preview.locator('td.to').allTextContents(), [`→ ${other.name}`, `→ ${other.name}`]);
  await page.locator('#bulk-dept').selectOption('');
  await page.getByRole('button', { name: '批量派遣 (2)' }).click();
  await page.locator('#queue-outcome', { hasText: '已派遣 2 件' }).waitFor();
  for (const c of cases) {
    const now = await dispatcher('GET', `/api/v1/cases/${c.view.id}`);
    assert.equal(now.department, c.view.routing?.department || c.view.suggested_department);
  }

  // The handler asks for two more working days: the dispatcher's queue reads it as a request.
  const first = await dispatcher('GET', `/api/v1/cases/${cases[0].view.id}`);
  const handler = await apiAs(env.city.base, 'demo-handler');
  const signed = await handler('POST', `/api/v1/cases/${first.id}/actions/sign`, { version: first.version });
  await handler('POST', `/api/v1/cases/${first.id}/actions/request_extension`,
    { version: signed.version, extension: '2 working_days', reason: '需等待配件' });
  await page.goto(`/queues?queue=all&q=${encodeURIComponent(word)}`);
  await rows(page).filter({ hasText: first.id }).locator('.chip.pending', { hasText: '待审批：延期 2 个工作日' }).waitFor();
  await page.goto(`/cases/${first.id}`);
  await page.locator('.chip.pending', { hasText: '待审批：延期 2 个工作日' }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('in English on a phone: the filters, a saved view and the export read in English', async () => {
  const word = `phone${Date.now()}`;
  const [made] = await reports(word, 2);
  const vocabulary = await (await fetch(`${env.city.base}/api/v1/vocabulary`)).json();
  const channel = vocabulary.channels.find((c) => c.id === made.channel).en;
  const page = await openPage(env.chromium.browser, env.city.base);
  await signIn(page, 'demo-operator');
  await switchLanguage(page, 'en');
  await page.setViewportSize(PHONE);
  await page.goto('/queues?queue=all');
  await search(page, word, 2);
  // On a phone the filters are folded under one line that says how many are set.
  assert.equal(await page.getByLabel('Reported from').isVisible(), false);
  await page.locator('details.queue-filters > summary', { hasText: 'Filters' }).click();
  await page.getByLabel('Reported from').fill(today());
  await page.locator('#queue-open').selectOption('any');
  await page.locator('details.queue-filters > summary', { hasText: 'Filters (2 set)' }).waitFor();
  await page.getByRole('button', { name: 'Save as view' }).click();
  await page.getByLabel('View name').fill('Today');
  await page.getByRole('button', { name: 'Save', exact: true }).click();
  await page.locator('#queue-outcome', { hasText: 'View “Today” saved' }).waitFor();
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1),
    'the queue page is wider than the phone');
  await shotAsShown(page, 'queue-filters-phone-en');
  assert.equal(new URL(page.url()).searchParams.get('q'), word);
  assert.equal(await rows(page).count(), 2);
  const [download] = await Promise.all([page.waitForEvent('download'), page.locator('#export-csv').click()]);
  const lines = readFileSync(await download.path(), 'utf8').replace(/^\uFEFF/, '').trim().split('\r\n');
  assert.equal(lines[0], 'Case number,State,Light,Deadline,Description,Category,Urgency,Grid,Channel,Reported');
  assert.equal(lines.length, 3);
  assert.ok(lines.slice(1).every((l) => l.includes(',Reported,') && l.includes(`,${channel},`)), lines.join('\n'));
  assert.deepEqual(page.problems, []);
  await page.close();
});

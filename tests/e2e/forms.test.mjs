// The forms people fill in while something else is still going on: the supervisor's field report
// and the citizen's report with a photo upload held open (its progress shown, the submit waiting,
// text typed meanwhile kept, a photo removable), two field reports in a row that each keep their own
// photo, a double click that makes one case, and a one-time password that leads straight to the
// form replacing it. What is checked is what the user reads and what the server then holds.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { PHONE, DESKTOP, apiAs, openPage, picture, pointInSupervisorsStreet, shot, signIn, switchLanguage, wordingProblems, useCity } from './harness.mjs';

const env = useCity(0);

// Holds every upload to `path` until release() is called; `seen` resolves when the first arrives.
function holdUploads(page, path) {
  let release;
  const released = new Promise((r) => { release = r; });
  let arrived;
  const seen = new Promise((r) => { arrived = r; });
  return page.route(`**${path}`, async (route) => {
    arrived();
    await released;
    await route.continue();
  }).then(() => ({ seen, release: () => release(), stop: () => page.unroute(`**${path}`) }));
}

const photo = (name) => ({ ...picture(), name });

test('a field report keeps what was typed during an upload, and the next report starts clean', async () => {
  const page = await openPage(env.chromium.browser, env.city.base, { viewport: PHONE, mobile: true, geolocation: await pointInSupervisorsStreet(env.city.base) });
  await signIn(page, 'demo-supervisor');
  await page.waitForURL(/\/field$/);
  const api = await apiAs(env.city.base, 'demo-operator');
  const submit = page.getByRole('button', { name: '巡查上报', exact: true });

  const held = await holdUploads(page, '/api/v1/attachments');
  await page.getByLabel('拍照').setInputFiles(photo('first.png'));
  await held.seen;
  // While it uploads: its progress, a submit that waits, and why.
  await page.locator('.thumbs li.uploading progress').waitFor();
  assert.equal(await submit.isDisabled(), true);
  await page.getByText('照片正在上传，上传完成后才能提交').waitFor();
  await page.getByLabel('问题描述').fill('人行道井盖缺失，已设警示');
  held.release();
  await page.locator('.thumbs li.done').waitFor();
  await held.stop();
  assert.equal(await page.getByLabel('问题描述').inputValue(), '人行道井盖缺失，已设警示', 'the upload wiped the text');
  assert.equal(await submit.isDisabled(), false);
  await submit.click();
  const first = (await page.getByRole('status').filter({ hasText: '已上报' }).textContent()).match(/\d{14}/)[0];
  // The form starts over: no text, no photo.
  assert.equal(await page.getByLabel('问题描述').inputValue(), '');
  assert.equal(await page.locator('.thumbs li').count(), 0);
  const firstCase = await api('GET', `/api/v1/cases/${first}`);
  assert.equal(firstCase.description, '人行道井盖缺失，已设警示');
  assert.equal(firstCase.attachments.length, 1);

  // A second report with a photo of its own goes through (once: "附件已用于其他案件").
  await page.getByLabel('拍照').setInputFiles(photo('second.png'));
  await page.locator('.thumbs li.done').waitFor();
  await page.getByLabel('问题描述').fill('垃圾桶满溢');
  await submit.click();
  await page.getByRole('status').filter({ hasText: '已上报' }).filter({ hasNotText: first }).waitFor();
  const second = (await page.getByRole('status').textContent()).match(/\d{14}/)[0];
  assert.notEqual(second, first);
  const secondCase = await api('GET', `/api/v1/cases/${second}`);
  assert.equal(secondCase.attachments.length, 1);
  assert.notEqual(secondCase.attachments[0].id, firstCase.attachments[0].id);

  // A photo picked by mistake is removed before sending.
  await page.getByLabel('拍照').setInputFiles(photo('wrong.png'));
  await page.locator('.thumbs li.done').waitFor();
  await page.getByRole('button', { name: '移除 wrong.png' }).click();
  assert.equal(await page.locator('.thumbs li').count(), 0);
  assert.deepEqual(page.problems, []);
});

test("a citizen's report waits for its photo and is made once, however often it is clicked", async () => {
  const page = await openPage(env.chromium.browser, env.city.base, { viewport: PHONE, mobile: true, geolocation: await pointInSupervisorsStreet(env.city.base) });
  await page.goto('/report');
  const held = await holdUploads(page, '/api/v1/public/attachments');
  await page.getByLabel('照片（选填）').setInputFiles(photo('bins.png'));
  await held.seen;
  await page.getByLabel('发生了什么？').fill('小区门口垃圾桶满溢');
  await page.getByLabel('手机号（选填，仅用于回访）').fill('13912348888');
  await page.getByRole('button', { name: '用手机定位' }).click();
  await page.locator('#c-point').waitFor();
  const submit = page.getByRole('button', { name: '提交' });
  assert.equal(await submit.isDisabled(), true, 'could be sent without its photo');
  held.release();
  await page.locator('.thumbs li.done').waitFor();
  await held.stop();
  // A double click: both clicks carry the same Idempotency-Key, so one case.
  const posts = [];
  page.on('request', (r) => { if (r.method() === 'POST' && r.url().endsWith('/api/v1/public/cases')) posts.push(r.headers()['idempotency-key']); });
  await submit.dblclick();
  const code = (await page.locator('#tracking-code').textContent()).trim();
  const tracked = await (await fetch(`${env.city.base}/api/v1/public/cases/${code}`)).json();
  assert.equal(tracked.attachments.length, 1, 'the case was made without its photo');
  assert.ok(posts.length >= 1 && new Set(posts).size === 1, `keys sent: ${posts}`);
  const reports = await (await apiAs(env.city.base, 'demo-operator'))('GET', '/api/v1/cases?q=%E5%B0%8F%E5%8C%BA%E9%97%A8%E5%8F%A3');
  assert.equal(reports.cases.length, 1);
  await shot(page, 'citizen-report-done-phone');
  assert.deepEqual(page.problems, []);

  // The caller phones the hotline: the seat finds the case by the tracking code, or the number's last four digits.
  const seat = await openPage(env.chromium.browser, env.city.base, { viewport: DESKTOP });
  await signIn(seat, 'demo-operator');
  await seat.goto('/queues?queue=all');
  for (const q of [code, '8888', '139 1234 8888']) {
    await seat.locator('#queue-q').fill('');
    await seat.locator('#queue-q').press('Enter');
    await seat.waitForFunction(() => document.querySelectorAll('table.cases tbody tr').length > 1);
    await seat.locator('#queue-q').fill(q);
    await seat.locator('#queue-q').press('Enter');
    // The list and its badge once the search has answered: one case, the caller's.
    await seat.waitForFunction(() => document.querySelectorAll('table.cases tbody tr').length === 1
      && document.querySelector('.stages button[aria-pressed="true"] .count')?.textContent.trim() === '1')
      .catch(async () => assert.fail(`${q}: ${await seat.locator('table.cases tbody tr').count()} rows`));
    assert.equal(await seat.locator('table.cases tbody tr td.desc').textContent(), '小区门口垃圾桶满溢', q);
  }
  assert.deepEqual(seat.problems, []);
});

test('a search typed while the queue changes live is kept, and applied on Enter', async () => {
  const seat = await openPage(env.chromium.browser, env.city.base, { viewport: DESKTOP });
  await signIn(seat, 'demo-operator');
  await seat.goto('/queues?queue=all');
  await seat.locator('.live.on').waitFor({ timeout: 30000 });
  const box = seat.locator('#queue-q');
  await box.fill('小区门口');
  // Before Enter, a hotline report arrives: its notice and the reload it causes redraw the page.
  const place = await pointInSupervisorsStreet(env.city.base);
  const made = await (await apiAs(env.city.base, 'demo-operator'))('POST', '/api/v1/cases', {
    description: '路灯不亮', lon: place.longitude, lat: place.latitude });
  await seat.getByText(made.id).first().waitFor();
  assert.equal(await box.inputValue(), '小区门口', 'the live change wiped the search being typed');
  await box.press('Enter');
  await seat.waitForFunction(() => document.querySelectorAll('table.cases tbody tr').length === 1)
    .catch(async () => assert.fail(`${await seat.locator('table.cases tbody tr').count()} rows`));
  assert.equal(await seat.locator('table.cases tbody tr td.desc').textContent(), '小区门口垃圾桶满溢');
  assert.deepEqual(seat.problems, []);
});

test('a one-time password leads to the form that replaces it, and the new one signs in', async () => {
  const admin = await apiAs(env.city.base, 'demo-admin');
  const { id } = await admin('POST', '/api/v1/users', {
    username: 'new-seat', display_name: '新坐席', roles: ['operator'], region_scopes: ['370811'], department_scopes: [],
  });
  const { one_time_password: once } = await admin('POST', `/api/v1/users/${id}/password-reset`);
  const page = await openPage(env.chromium.browser, env.city.base, { viewport: DESKTOP });
  await page.goto('/login');
  await page.getByLabel('用户名').fill('new-seat');
  await page.getByLabel('密码').fill(once);
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/password/);
  await page.getByText('您使用的是一次性密码').waitFor();
  // Every other page leads back here until it is done.
  await page.goto('/queues');
  await page.waitForURL(/\/password/);
  await page.getByLabel('一次性密码').fill(once);
  await page.getByLabel('新密码', { exact: true }).fill('古槐路井盖2026');
  await page.getByLabel('再次输入新密码').fill('古槐路井盖2026x');
  await page.getByRole('button', { name: '修改密码' }).click();
  await page.getByRole('alert').filter({ hasText: '两次输入的新密码不一致' }).waitFor();
  await page.getByLabel('再次输入新密码').fill('古槐路井盖2026');
  await page.getByRole('button', { name: '修改密码' }).click();
  await page.waitForURL(/\/queues/);
  await page.locator('h1', { hasText: '工作队列' }).waitFor();

  // Signed out and in again with the new password; the top bar's name leads to the same form.
  await page.getByRole('button', { name: '退出' }).click();
  await page.waitForURL(/\/login/);
  await page.getByLabel('用户名').fill('new-seat');
  await page.getByLabel('密码').fill('古槐路井盖2026');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL(/\/queues/);
  await page.getByRole('link', { name: /new-seat/ }).click();
  await page.locator('h1', { hasText: '修改密码' }).waitFor();
  assert.equal(await page.getByText('您使用的是一次性密码').count(), 0);
  await shot(page, 'change-password');
  assert.deepEqual(page.problems, []);
});

// The wording check every screenshot runs must catch what it is for: a raw key, a bare code, and
// the other language's interface text (and leave data alone).
test('the wording check finds raw keys, codes and the other language', async () => {
  const page = await openPage(env.chromium.browser, env.city.base, { viewport: DESKTOP });
  await page.goto('/report');
  await page.evaluate(() => {
    const add = (text) => { const p = document.createElement('p'); p.textContent = text; document.body.append(p); };
    add('来源：channel.camera_ai');
    add('值班长 · shift_leader');
    add('Loading…');
    add('To dispatch'); // a state's English name, from the server's vocabulary
    add('路边垃圾堆积，井盖缺失'); // data: no finding
  });
  const zh = await wordingProblems(page, 'zh-CN');
  assert.ok(zh.some((p) => p.includes('raw key "channel.camera_ai"')), zh.join('\n'));
  assert.ok(zh.some((p) => p.includes('code "shift_leader"')), zh.join('\n'));
  assert.ok(zh.some((p) => p.includes('"Loading…" is the other language')), zh.join('\n'));
  assert.ok(zh.some((p) => p.includes('"To dispatch" is the other language')), zh.join('\n'));
  assert.equal(zh.length, 4, zh.join('\n'));
  await page.evaluate(() => { const p = document.createElement('p'); p.textContent = '加载中…'; document.body.append(p); });
  const en = await wordingProblems(page, 'en');
  assert.ok(en.some((p) => p.includes('"加载中…" is the other language')), en.join('\n'));
});

// A refused event stream (429: the user has too many open) is not the end of live updates: the
// queue opens a new one after a pause and says it is live again.
test('a refused event stream is retried and the queue goes live again', async () => {
  const page = await openPage(env.chromium.browser, env.city.base, { viewport: DESKTOP });
  let refused = 0;
  await page.route('**/api/v1/events/stream', (route) => {
    if (refused++ === 0) {
      return route.fulfill({ status: 429, contentType: 'application/json', headers: { 'retry-after': '3' },
        body: JSON.stringify({ error: { code: 'rate_limited', message: '实时连接过多', details: {} } }) });
    }
    return route.continue();
  });
  await signIn(page, 'demo-operator'); // lands on the queue, whose first stream is refused
  await page.waitForURL(/\/queues/);
  await page.locator('.live.on').waitFor({ timeout: 30000 });
  assert.ok(refused >= 2, `streams asked for: ${refused}`);
  // The refusal is logged by the browser as a failed resource; nothing else may be.
  assert.deepEqual(page.problems.filter((p) => !p.includes('429')), []);
});

// Issue 20: the server words an error in the language the UI shows, which the UI sends with every
// request; the browser here asks for zh-CN, so the English answer is the UI's choice.
test('a refused sign-in is worded in the language the page is in', async () => {
  const page = await openPage(env.chromium.browser, env.city.base);
  await page.goto('/login');
  const tryWrongPassword = async (submit) => {
    await page.locator('#username').fill('demo-operator');
    await page.locator('#password').fill('not the password');
    await page.getByRole('button', { name: submit }).click();
    return page.getByRole('alert');
  };
  const zh = await tryWrongPassword('登录');
  await zh.waitFor();
  assert.equal(await zh.textContent(), '用户名或密码错误');
  await switchLanguage(page, 'en');
  const en = await tryWrongPassword('Sign in');
  await page.waitForFunction(() => document.querySelector('[role=alert]')?.textContent === 'Wrong username or password');
  assert.equal(await en.textContent(), 'Wrong username or password');
  assert.deepEqual(page.problems.filter((p) => !p.includes('401')), []);
  await page.close();
});

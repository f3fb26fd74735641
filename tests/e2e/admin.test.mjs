// The administration pages in a real Chromium, by the demo administrator: an account made,
// edited and given an API token that is then revoked; a grid file checked (its bad feature
// reported, nothing written) and then imported; a local category added, found by its synonym and
// switched off; the rule tester naming the deciding rule, following a new sharper rule and its
// removal; a local calendar change and a national year imported. Each change is confirmed through
// the API, not only on the page, and every page must finish without a console error; the views
// with screenshots are audited for accessibility too.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, apiAs, launch, openPage, shot, signIn, startCity } from './harness.mjs';

let city;
let chromium;
let admin;
before(async () => {
  city = await startCity(0);
  chromium = await launch();
  admin = await openPage(chromium.browser, city.base, { viewport: DESKTOP });
  admin.on('dialog', (d) => d.accept()); // the "are you sure?" of removals and revocations
  await signIn(admin, 'demo-admin');
});
after(async () => {
  await chromium?.close();
  await city?.stop();
});

// What the server holds, read as the administrator through the API (anything but 2xx throws).
const api = async (path) => (await apiAs(city.base, 'demo-admin'))('GET', path);

const row = (page, text) => page.locator('tbody tr', { hasText: text });

test('accounts: create, edit, token shown once and revoked', async () => {
  await admin.waitForURL('**/admin/users');
  await admin.getByRole('button', { name: '新建用户' }).click();
  assert.equal(await admin.evaluate(() => document.activeElement.id), 'u-name'); // the form takes the focus
  await admin.getByLabel('用户名').fill('e2e-handler');
  await admin.getByLabel('姓名').fill('端到端处置员');
  await admin.getByLabel('数据范围').fill('370811');
  await admin.getByLabel('负责部门').fill('HW');
  await admin.getByLabel('密码', { exact: true }).fill('e2e-password-1');
  await admin.getByRole('checkbox', { name: '处置人员' }).check();
  await admin.getByRole('button', { name: '保存' }).click();
  await admin.getByText('已新建用户 e2e-handler').waitFor();
  await row(admin, 'e2e-handler').getByText('处置人员').waitFor();
  // No token yet: the section says so and how to make one, instead of an empty table.
  assert.equal((await api('/api/v1/tokens')).tokens.length, 0);
  await admin.getByText('还没有接口令牌。外部系统（如 12345 热线平台）用令牌调用接口：点“新建令牌”为它创建一个。').waitFor();
  await shot(admin, 'admin-users');

  await admin.getByRole('button', { name: '修改用户 e2e-handler' }).click();
  await admin.getByRole('checkbox', { name: '启用' }).uncheck();
  await admin.getByRole('button', { name: '保存' }).click();
  await admin.getByText('已保存用户 e2e-handler').waitFor();
  const users = (await api('/api/v1/users')).users;
  const made = users.find((u) => u.username === 'e2e-handler');
  assert.deepEqual([made.roles, made.region_scopes, made.department_scopes, made.active],
    [['handler'], ['370811'], ['HW'], false]);

  await admin.getByRole('button', { name: '新建令牌' }).click();
  await admin.getByLabel('用户名').selectOption('demo-dispatcher');
  await admin.getByLabel('令牌名称').fill('e2e 令牌');
  await admin.getByRole('button', { name: '生成令牌' }).click();
  const secret = await admin.getByRole('status').locator('output').textContent();
  assert.match(secret, /^ugt_/);
  const whoami = await fetch(`${city.base}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal((await whoami.json()).username, 'demo-dispatcher');
  assert.equal(await admin.locator('p.empty').count(), 0); // the table replaced it, one row per token
  assert.equal(await admin.locator('tr', { hasText: 'e2e 令牌' }).count(), (await api('/api/v1/tokens')).tokens.length);
  await admin.getByRole('button', { name: '吊销令牌 e2e 令牌' }).click();
  await row(admin, 'e2e 令牌').getByText('已吊销').waitFor();
  const revoked = await fetch(`${city.base}/api/v1/me`, { headers: { authorization: `Bearer ${secret}` } });
  assert.equal(revoked.status, 401);
  assert.deepEqual(admin.problems, []);
});

test('grids: the check reports the bad feature and writes nothing; the import writes the rest', async () => {
  const square = (w, s) => [[[w, s], [w + 0.001, s], [w + 0.001, s + 0.001], [w, s + 0.001], [w, s]]];
  const file = {
    type: 'FeatureCollection',
    features: [
      { type: 'Feature', properties: { code: '370811999001001', name: '端到端网格一' }, geometry: { type: 'Polygon', coordinates: square(116.70, 35.30) } },
      { type: 'Feature', properties: { code: '370811999001002', name: '端到端网格二' }, geometry: { type: 'Polygon', coordinates: square(116.701, 35.30) } },
      { type: 'Feature', properties: { code: 'not-a-code' }, geometry: { type: 'Point', coordinates: [116.7, 35.3] } },
    ],
  };
  const before = (await api('/api/v1/grids')).features.length;
  await admin.goto('/admin/grids');
  await admin.getByLabel('GeoJSON 文件').setInputFiles({ name: 'e2e.geojson', mimeType: 'application/geo+json', buffer: Buffer.from(JSON.stringify(file)) });
  const importButton = admin.getByRole('button', { name: /^导入/ });
  assert.equal(await importButton.isDisabled(), true); // not before a check
  await admin.getByRole('button', { name: '校验' }).click();
  await admin.getByRole('heading', { name: '校验结果（尚未写入）' }).waitFor();
  await admin.locator('.grid-report tbody tr', { hasText: '#2' }).getByText('Point is not Polygon').waitFor();
  assert.equal((await api('/api/v1/grids')).features.length, before);
  await admin.locator('.leaflet-overlay-pane canvas').waitFor(); // the file drawn on the map
  await shot(admin, 'admin-grids');

  await admin.getByRole('button', { name: '导入 2 个网格' }).click();
  await admin.getByRole('heading', { name: '已导入' }).waitFor();
  const located = await api('/api/v1/grids/locate?lon=116.7015&lat=35.3005');
  assert.equal(located.grid.code, '370811999001002');
  assert.equal((await api('/api/v1/grids')).features.length, before + 2);
  assert.deepEqual(admin.problems, []);
});

test('categories: a local one added, found by its synonym, switched off', async () => {
  await admin.goto('/admin/categories');
  await admin.getByRole('button', { name: '新增本地类别' }).click();
  const form = admin.locator('form', { has: admin.getByRole('heading', { name: '新增本地类别' }) });
  await form.getByLabel('类别代码').fill('06901');
  await form.getByLabel('名称').fill('共享单车乱停放');
  await form.getByLabel('同义词').fill('单车、电单车');
  await form.getByRole('button', { name: '保存' }).click();
  await admin.getByText('已新增 06901 共享单车乱停放').waitFor();
  await admin.getByRole('searchbox', { name: '搜索' }).fill('电单车');
  // Found by its synonym alone: the badge says one, and the table is as long as the badge (the
  // unfiltered list holds 06901 too, so the row alone does not show the search answered).
  await admin.getByText('1 个类别', { exact: true }).waitFor();
  await row(admin, '06901').getByText('本地扩展').waitFor();
  assert.equal(await admin.locator('table tbody tr').count(), 1);
  await shot(admin, 'admin-categories');
  await admin.getByRole('button', { name: '停用 06901 共享单车乱停放' }).click();
  await admin.getByText('已停用 06901 共享单车乱停放').waitFor();
  const found = await api('/api/v1/categories?kind=matter&q=06901&include_disabled=true');
  assert.deepEqual(found.categories.map((c) => [c.code, c.enabled, c.synonyms]), [['06901', false, ['单车', '电单车']]]);
  assert.deepEqual(admin.problems, []);
});

test('rules: the tester names the deciding rule and follows a sharper one and its removal', async () => {
  await admin.goto('/admin/rules');
  await admin.getByLabel('按代码、名称或同义词查找类别').fill('06010');
  await admin.locator('select#tr-category option[value="06010"]').waitFor({ state: 'attached' });
  await admin.locator('select#tr-category').selectOption('06010');
  await admin.locator('.leaflet-ug-outlines-pane canvas').waitFor(); // the street outlines
  await admin.locator('.map').click(); // the middle of the city
  const result = admin.locator('.tester-result');
  await result.getByText('HW 任城区环卫处').waitFor();
  const grid = (await result.locator('dd').first().textContent()).trim();
  assert.match(grid, /^370811[0-9A-Z]{9}$/);
  const decided = (await result.locator('dd').nth(3).textContent()).trim();
  await admin.locator('tr.matched', { hasText: decided.replace('#', '') }).getByText('适用').waitFor();
  await shot(admin, 'admin-rules');

  // A rule for this very grid sends the case to the enforcement team instead.
  await admin.getByRole('button', { name: '新增规则' }).click();
  await admin.getByLabel('类别代码').fill('06010');
  await admin.getByLabel('区域').fill(grid);
  await admin.getByLabel('责任单位').selectOption('ZF');
  await admin.getByLabel('处置时限').fill('3');
  await admin.getByRole('button', { name: '保存' }).click();
  const added = await admin.getByText(/已新增规则 #\d+/).textContent();
  const id = added.match(/#(\d+)/)[1];
  await admin.getByLabel('紧急程度').selectOption('urgent');
  await admin.getByLabel('紧急程度').selectOption('normal'); // ask the tester again
  await result.getByText(`#${id}`, { exact: true }).waitFor();
  await result.getByText(/^ZF /).waitFor();

  await admin.getByRole('button', { name: `删除规则 #${id}` }).click();
  await admin.getByText(`已删除规则 #${id}`).waitFor();
  const rules = (await api('/api/v1/routing/rules')).rules;
  assert.equal(rules.some((r) => String(r.id) === id), false);
  assert.deepEqual(admin.problems, []);
});

test('calendar: a local change and a national year', async () => {
  await admin.goto('/admin/calendar');
  await admin.getByLabel('年份').fill('2026');
  await admin.getByLabel('年份').press('Enter');
  await admin.getByLabel('日期').fill('2026-12-26'); // a Saturday worked for flood duty
  await admin.getByLabel('安排').selectOption('true');
  await admin.getByLabel('原因').fill('端到端测试值守');
  await admin.getByRole('button', { name: '保存' }).click();
  await admin.getByText('已调整 2026-12-26').waitFor();
  await row(admin, '2026-12-26').getByText('本地调整').waitFor();
  const day = (await api('/api/v1/calendar/days?year=2026')).days.find((d) => d.date === '2026-12-26');
  assert.deepEqual([day.workday, day.source], [true, 'override']);

  const year = { year: 2031, days: [{ name: '元旦', date: '2031-01-01', isOffDay: true }] };
  await admin.getByLabel('节假日文件（holiday-cn JSON）').setInputFiles({ name: '2031.json', mimeType: 'application/json', buffer: Buffer.from(JSON.stringify(year)) });
  await admin.getByText('已导入 2031 年安排').waitFor();
  await row(admin, '2031-01-01').getByText('国家安排').waitFor();
  await shot(admin, 'admin-calendar');

  await admin.getByLabel('年份').fill('2026');
  await admin.getByLabel('年份').press('Enter');
  await admin.getByRole('button', { name: '删除 2026-12-26 的调整' }).click();
  await admin.getByText('已取消 2026-12-26 的调整').waitFor();
  const back = (await api('/api/v1/calendar/days?year=2026')).days.find((d) => d.date === '2026-12-26');
  assert.deepEqual([back.workday, back.source], [false, 'weekday_rule']);
  assert.deepEqual(admin.problems, []);
});

test('administration on a phone', async () => {
  const phone = await openPage(chromium.browser, city.base, { viewport: PHONE, mobile: true });
  await signIn(phone, 'demo-admin');
  await phone.goto('/admin/rules');
  await phone.getByRole('heading', { name: '哪条规则适用？' }).waitFor();
  const overflow = await phone.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `the page is ${overflow}px wider than the phone`);
  await shot(phone, 'admin-rules-phone');
  assert.deepEqual(phone.problems, []);
});

// The web UI in a real Chromium, each step by the user whose role it is: a citizen's report through
// verification, registration, dispatch, handling with a photo, a failed and a passed check, closing
// and the citizen's rating; a bulk dispatch; a handler's urgent case pinned and their extension,
// suspension and return requests, each decided by the dispatcher; then the leader's dashboard drawing its map and charts from 5,000
// simulated cases. Every page must finish without a console error, and every main view and action
// dialog must pass an axe-core audit (WCAG 2.1 A/AA).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, PHONE, accessibilityProblems, apiAs, caseToDispatch, launch, openPage, picture, pointInSupervisorsStreet, shot, signIn, startCity } from './harness.mjs';

let city;
let chromium;
before(async () => {
  city = await startCity(5000);
  chromium = await launch();
});
after(async () => {
  await chromium?.close();
  await city?.stop();
});

const pages = [];
async function as(username, options) {
  const page = await openPage(chromium.browser, city.base, options);
  pages.push(page);
  if (username) await signIn(page, username);
  return page;
}

async function expectState(page, name) {
  await page.locator('.toolbar .state', { hasText: name }).waitFor();
}

// Clicks an action's button on the case page and fills its dialog.
async function act(page, caseId, action, fill) {
  if (!page.url().endsWith(`/cases/${caseId}`)) await page.goto(`/cases/${caseId}`);
  await page.locator(`button[data-action="${action}"]`).click();
  if (fill) {
    const dialog = page.locator('dialog[open]');
    await fill(dialog);
    for (const problem of await accessibilityProblems(page)) page.problems.push(`accessibility of ${action}'s dialog: ${problem}`);
    await dialog.locator('button[type="submit"]').click();
    await dialog.waitFor({ state: 'detached' });
  }
}

test('the whole loop through the UI, each step by its role', async () => {
  const place = await pointInSupervisorsStreet(city.base);
  const marker = `端到端测试 ${Date.now()}：人行道垃圾堆积`;

  // A citizen on a phone: description, photo, the phone's location, no account.
  const citizen = await as(null, { viewport: PHONE, mobile: true, geolocation: place });
  await citizen.goto('/report');
  await citizen.getByLabel('发生了什么？').fill(marker);
  await citizen.locator('#c-photo').setInputFiles(picture());
  await citizen.locator('.thumbs img').first().waitFor();
  await citizen.getByRole('button', { name: '用手机定位' }).click();
  await citizen.locator('#c-point').waitFor();
  await shot(citizen, 'citizen-report-phone');
  await citizen.getByRole('button', { name: '提交' }).click();
  const code = (await citizen.locator('#tracking-code').textContent()).trim();
  assert.match(code, /^[A-Z0-9]{6,}$/);

  // The hotline seat finds it in the open queue and sends it to be verified.
  const operator = await as('demo-operator');
  await operator.goto('/queues');
  await operator.getByRole('button', { name: '全部未结' }).click();
  await operator.getByLabel('搜索').fill(marker);
  await operator.getByLabel('搜索').press('Enter');
  await operator.getByRole('link', { name: /^\d{14}$/ }).first().click();
  await operator.waitForURL(/\/cases\/\d{14}$/);
  const caseId = operator.url().split('/').pop();
  await expectState(operator, '待受理');
  await act(operator, caseId, 'request_verify');
  await expectState(operator, '待核实');

  // The street's supervisor sees the task on the phone and verifies it.
  const supervisor = await as('demo-supervisor', { viewport: PHONE, mobile: true, geolocation: place });
  await supervisor.goto('/field');
  await supervisor.locator('.tasks a', { hasText: caseId }).click();
  await act(supervisor, caseId, 'verify_ok', (d) => d.getByLabel('意见').fill('现场属实'));
  await expectState(supervisor, '待立案');

  const shiftLeader = await as('demo-shift-leader');
  await act(shiftLeader, caseId, 'register', async (d) => {
    await d.getByPlaceholder('按代码、名称或同义词查找类别').fill('06010');
    await d.locator('select#dlg-category option[value="06010"]').waitFor({ state: 'attached' });
    await d.locator('select#dlg-category').selectOption('06010');
    await d.getByLabel('紧急程度').selectOption('normal');
  });
  await expectState(shiftLeader, '待派遣');

  const dispatcher = await as('demo-dispatcher');
  await act(dispatcher, caseId, 'dispatch', async (d) => {
    await d.locator('select#dlg-department option[value="HW"]').waitFor({ state: 'attached' });
    await d.getByLabel('处置单位').selectOption('HW');
  });
  await expectState(dispatcher, '待签收');

  const handler = await as('demo-handler');
  const finish = () => act(handler, caseId, 'finish', async (d) => {
    await d.getByLabel('意见').fill('已清理');
    await d.locator('input[type="file"]').setInputFiles(picture());
    await d.locator('.thumbs img').waitFor();
  });
  await act(handler, caseId, 'sign');
  await expectState(handler, '处置中');
  await finish();
  await expectState(handler, '待核查');

  await act(operator, caseId, 'request_check');
  await expectState(operator, '核查中');
  await act(supervisor, caseId, 'check_fail', (d) => d.getByLabel('理由').fill('仍有垃圾未清'));
  await expectState(supervisor, '处置中');

  await handler.reload();
  await finish();
  await expectState(handler, '待核查');
  await act(operator, caseId, 'request_check');
  await expectState(operator, '核查中');
  await act(supervisor, caseId, 'check_pass', (d) => d.getByLabel('意见').fill('已清理干净'));
  await expectState(supervisor, '待结案');
  await shot(supervisor, 'case-check-phone');

  await act(shiftLeader, caseId, 'close');
  await expectState(shiftLeader, '已结案');
  await shiftLeader.locator('.timeline li').nth(10).waitFor();
  await shot(shiftLeader, 'case-detail');

  // The citizen follows the code and rates the result.
  await citizen.goto(`/track/${code}`);
  await citizen.getByRole('button', { name: '满意', exact: true }).click();
  await citizen.getByText('已评价：满意').waitFor();
  await shot(citizen, 'track-phone');

  await operator.goto('/queues?queue=all');
  await operator.locator('table.cases tbody tr').first().waitFor();
  await shot(operator, 'queues');
  // From the keyboard: the first Tab reaches "skip to content", which lands in the view.
  await operator.keyboard.press('Tab');
  assert.equal(await operator.evaluate(() => document.activeElement.textContent), '跳到正文');
  await operator.keyboard.press('Enter');
  assert.equal(await operator.evaluate(() => document.activeElement.id), 'main');
  // "/" goes to the search box; j / k walk the cases; Enter opens the one with the focus.
  await operator.keyboard.press('/');
  assert.equal(await operator.evaluate(() => document.activeElement.id), 'queue-q');
  await operator.locator('#queue-q').blur();
  await operator.keyboard.press('j');
  await operator.keyboard.press('j');
  await operator.keyboard.press('k');
  const first = (await operator.locator('table.cases tbody a').first().textContent()).trim();
  assert.equal(await operator.evaluate(() => document.activeElement.textContent), first);
  await operator.keyboard.press('Enter');
  await operator.waitForURL(`**/cases/${first}`);
  await operator.goto('/intake');
  // A typed address (full-width digits) is found in the gazetteer: its house number first, then
  // the road, then the street it names; the seat picks the number and the form names the place.
  await operator.getByLabel('地址').fill('许庄街道育才路 １２ 号');
  await operator.getByRole('button', { name: '按地址定位' }).click();
  const candidates = operator.locator('ul.places li button');
  await candidates.first().waitFor();
  assert.equal((await candidates.first().textContent()).trim(), '门牌 育才路12号');
  assert.ok((await candidates.allTextContents()).includes('街道 许庄街道'));
  await candidates.first().click();
  await operator.getByText('地点：育才路12号').waitFor();
  await operator.getByText(/所在网格：/).waitFor();
  await operator.getByLabel('经度').fill(String(place.longitude.toFixed(6)));
  await operator.getByLabel('纬度').fill(String(place.latitude.toFixed(6)));
  await operator.getByLabel('纬度').press('Tab');
  await operator.getByText(/所在网格：/).waitFor();
  await shot(operator, 'intake');
  await supervisor.goto('/field');
  await shot(supervisor, 'field-phone');

  for (const page of pages) assert.deepEqual(page.problems, [], `console of ${page.url()}`);
});

// A report at `pending_dispatch` with a time in its description (harness.caseToDispatch).
const caseWaitingForDispatch = (description, urgency) => caseToDispatch(city.base, `${description} ${Date.now()}`, urgency);

test('the dispatcher sends several cases at once, each to its suggested department', async () => {
  const first = await caseWaitingForDispatch('端到端测试：批量派遣一');
  const second = await caseWaitingForDispatch('端到端测试：批量派遣二');
  const dispatcher = await as('demo-dispatcher');
  await dispatcher.goto('/queues?stage=dispatch');
  await dispatcher.locator('[data-stage="dispatch"]').click();
  for (const c of [first, second]) await dispatcher.getByLabel(`选择 ${c.view.id}`).check();
  await dispatcher.getByRole('button', { name: /批量派遣 \(2\)/ }).click();
  await dispatcher.getByText('已派遣 2 件').waitFor();
  const api = await apiAs(city.base, 'demo-dispatcher');
  for (const c of [first, second]) {
    const now = await api('GET', `/api/v1/cases/${c.view.id}`);
    assert.deepEqual([now.state, now.department], ['dispatched', 'HW']);
  }
  assert.deepEqual(dispatcher.problems, []);
});

test("a handler's urgent case pinned; extension, suspension and return, each decided by the dispatcher", async () => {
  const arranged = await caseWaitingForDispatch('端到端测试：垃圾桶满溢', 'urgent');
  await arranged.step('demo-dispatcher', 'dispatch', { department: 'HW' });
  const caseId = arranged.view.id;
  const apiFor = (name) => apiAs(city.base, name);

  const handler = await as('demo-handler');
  const dispatcher = await as('demo-dispatcher');
  // The handler's queue pins urgent cases above the rest.
  await handler.goto('/queues');
  await handler.locator('.pressing li', { hasText: caseId }).getByText('紧急').waitFor();
  // One unit's crew has no unit to filter by.
  assert.equal(await handler.locator('#queue-department').count(), 0);
  await shot(handler, 'handler-queue');
  const due = async () => (await (await apiFor('demo-dispatcher'))('GET', `/api/v1/cases/${caseId}`)).handling.due;

  await act(handler, caseId, 'sign');
  await expectState(handler, '处置中');
  const before = await due();
  await act(handler, caseId, 'request_extension', async (d) => {
    await d.getByLabel('延期（工作日）').fill('2');
    await d.getByLabel('理由').fill('需等待配件');
  });
  await act(dispatcher, caseId, 'approve_extension');
  await dispatcher.locator('button[data-action="approve_extension"]').waitFor({ state: 'detached' });
  assert.ok(new Date(await due()) > new Date(before), 'the approved extension moves the handling deadline');

  await act(handler, caseId, 'request_suspend', (d) => d.getByLabel('理由').fill('涉及产权纠纷'));
  await act(dispatcher, caseId, 'approve_suspend');
  await expectState(dispatcher, '挂账');
  await act(dispatcher, caseId, 'resume');
  await expectState(dispatcher, '处置中');

  await act(handler, caseId, 'request_return', (d) => d.getByLabel('理由').fill('不属于环卫处职责'));
  await act(dispatcher, caseId, 'approve_return');
  await expectState(dispatcher, '待派遣');
  for (const page of [handler, dispatcher]) assert.deepEqual(page.problems, [], `console of ${page.url()}`);
});

test('the dashboard draws its map and charts from the simulated history', async () => {
  for (const [viewport, name] of [[DESKTOP, 'dashboard'], [PHONE, 'dashboard-phone']]) {
    const leader = await as('demo-leader', { viewport, mobile: viewport === PHONE });
    await leader.waitForURL(/\/dashboard$/);
    // The unit grids on the map (a canvas layer of ~11,700 grids), coloured by open cases.
    await leader.locator('.leaflet-overlay-pane canvas').first().waitFor();
    // The trend and the problem classes as drawn SVG (today's channels hold the loop's report).
    for (const chart of ['近 30 天上报趋势', '近 30 天问题大类', '今日上报（按来源）']) {
      await leader.waitForFunction((c) => {
        const box = document.querySelector(`.chart[aria-label="${c}"]`);
        return Number(box?.dataset.points) > 0 && box.querySelectorAll('svg path').length > 1;
      }, chart).catch(() => assert.fail(`chart ${chart} not drawn`));
    }
    await leader.waitForFunction(() => document.querySelectorAll('.hot li').length >= 5)
      .catch(() => assert.fail('hot spots not listed'));
    await leader.waitForFunction(() => document.querySelectorAll('table.compact tbody tr').length >= 3)
      .catch(() => assert.fail('departments not ranked'));
    await leader.waitForTimeout(300);
    await shot(leader, name);
    if (viewport === DESKTOP) {
      // Coloured by the 30-day grade instead: the grids' evaluation arrives and the legend follows.
      const scored = leader.waitForResponse((r) => r.url().includes('/api/v1/evaluations?') && r.url().includes('level=grid'));
      await leader.locator('#dash-measure').selectOption('score');
      const evaluation = await (await scored).json();
      assert.ok(evaluation.units.some((u) => u.composite !== null), 'no grid has a score');
      await leader.locator('.legend', { hasText: '无案件' }).getByText('等级').waitFor();
      await leader.locator('#dash-measure').selectOption('open');
      // A hot spot clicks through to that grid's cases.
      const hottest = leader.locator('.hot li a').first();
      const grid = (await hottest.textContent()).trim();
      const reported = parseInt(await leader.locator('.hot li span').first().textContent(), 10);
      await hottest.click();
      await leader.waitForURL(/\/queues\?/);
      await leader.locator('table.cases tbody tr').first().waitFor();
      const grids = await leader.locator('table.cases tbody td.grid').allTextContents();
      assert.ok(grids.every((g) => g === grid), `${grid}: ${grids}`);
      assert.equal(grids.length, Math.min(reported, 50)); // the hot spot's 30-day count, first page
      // The stage badges count what the list holds: "all stages" is the hot spot's count too.
      await leader.locator('.stages button[aria-pressed="true"] .count', { hasText: String(reported) }).waitFor()
        .catch(async () => assert.fail(`badge ${await leader.locator('.stages button[aria-pressed="true"] .count').textContent()} beside ${reported} cases`));
      await leader.locator('#queue-filters .chip', { hasText: grid }).waitFor();
    }
    assert.deepEqual(leader.problems, []);
  }
});

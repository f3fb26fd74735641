// DOMAIN.md §9 and issue 21 §3: 督办 as a person does it. A bureau leader issues a 重点 notice from
// the case page and the centre's shift leader answers it there; a second notice left unanswered is
// escalated once the test clock passes its deadline, and the 督办台账 shows each state with the
// count the API gives, the late one marked 督办超期 and its successor awaiting a reply.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, launch, openPage, pointInSupervisorsStreet, shot, signIn, startCity } from './harness.mjs';

let city;
let chromium;
before(async () => {
  city = await startCity(0, { settings: ['testing.enabled=true', 'supervision.escalation_interval_ms=200'] });
  chromium = await launch();
});
after(async () => {
  await chromium?.close();
  await city?.stop();
});

test('a leader issues a notice, the shift leader replies, a late one is escalated on the ledger', async () => {
  const place = await pointInSupervisorsStreet(city.base);
  const seat = await apiAs(city.base, 'demo-operator');
  const made = await seat('POST', '/api/v1/cases', {
    description: `端到端测试：督办 ${Date.now()}`, category: '06010', lon: place.longitude, lat: place.latitude });

  const leader = await openPage(chromium.browser, city.base);
  await signIn(leader, 'demo-leader');
  await leader.goto(`/cases/${made.id}`);
  const form = leader.locator('#issue-notice');
  await form.locator('select[name=level]').selectOption('important');
  await form.locator('textarea[name=comment]').fill('请今天内处置');
  await form.getByRole('button', { name: '发出督办' }).click();
  const first = leader.locator('.notice-list li').first();
  await first.filter({ hasText: '待回复' }).waitFor();
  assert.equal(await leader.locator('#notices-title').textContent(), '督办（1 条）');
  assert.match(await first.textContent(), /重点督办/);
  assert.match(await first.textContent(), /被督办单位: 中心（值班长）/);
  await leader.locator('.case .hint').filter({ hasText: '督办 1 条' }).waitFor(); // the case's own count follows
  await shot(leader, 'case-supervision');

  // Before any dispatch the centre's shift leader answers; the form's field is the notice's own.
  const shift = await openPage(chromium.browser, city.base);
  await signIn(shift, 'demo-shift-leader');
  await shift.goto(`/cases/${made.id}`);
  await shift.locator('[data-open-action=reply]').click();
  const reply = shift.locator('[data-notice-action=reply]');
  await reply.locator('textarea[name=reply]').fill('已安排环卫处今日处置');
  await reply.getByRole('button', { name: '回复督办' }).click();
  await shift.locator('.notice-list li').filter({ hasText: '已回复' }).waitFor();
  let boss = await apiAs(city.base, 'demo-leader');
  const [answered] = (await boss('GET', `/api/v1/supervision-notices?case_id=${made.id}`)).notices;
  assert.equal(answered.state, 'replied');
  assert.equal(answered.reply, '已安排环卫处今日处置');

  // A second notice, not answered: ten days on (past any weekend or holiday) it is overdue and escalated.
  const second = await boss('POST', '/api/v1/supervision-notices', { case_id: made.id, comment: '仍未处置，再次督办' });
  // Both leave the case page before the clock jumps ten days: their sessions end then, and a page
  // still live would ask for the case once more and be refused.
  assert.deepEqual(shift.problems, []);
  await shift.close();
  await leader.goto('/login');
  const admin = await apiAs(city.base, 'demo-admin');
  await admin('PUT', '/api/v1/testing/clock', { advance_seconds: 10 * 86400 });
  // Ten days on, yesterday's sessions have expired: everyone signs in again.
  boss = await apiAs(city.base, 'demo-leader', { fresh: true });
  let late = second;
  for (let i = 0; i < 100 && late.state === 'issued'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    late = await boss('GET', `/api/v1/supervision-notices/${second.id}`);
  }
  assert.equal(late.state, 'overdue');

  const ledger = await boss('GET', '/api/v1/supervision-notices');
  await signIn(leader, 'demo-leader');
  await leader.goto('/supervision');
  await leader.getByRole('heading', { name: '督办台账' }).waitFor();
  await leader.locator('table.ledger tbody tr').first().waitFor(); // the ledger has answered
  for (const state of ['issued', 'replied', 'overdue']) {
    const tab = leader.locator(`nav.stages [data-state=${state}] .count`);
    assert.equal(Number(await tab.textContent()), ledger.counts[state], state);
  }
  await leader.locator('[data-state=overdue]').click();
  const row = leader.locator(`tr[data-notice="${second.id}"]`);
  await row.waitFor();
  assert.match(await row.textContent(), /已超期/);
  assert.match(await row.textContent(), /督办超期/);
  assert.match(await row.textContent(), new RegExp(`已升级为 ${late.escalated_to}`));
  await leader.locator('[data-state=issued]').click();
  const next = leader.locator(`tr[data-notice="${late.escalated_to}"]`);
  await next.waitFor();
  assert.match(await next.textContent(), /重点督办/);
  assert.equal(await leader.locator('table.ledger tbody tr').count(), ledger.counts.issued);
  await leader.getByRole('button', { name: /^全部/ }).click();
  await leader.locator('table.ledger tbody tr').nth(2).waitFor();
  assert.equal(await leader.locator('table.ledger tbody tr').count(), 3);
  await shot(leader, 'supervision-ledger');
  assert.deepEqual(leader.problems, []);
});

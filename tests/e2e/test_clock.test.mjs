// DOMAIN.md §11: on a test deployment the clock can be moved on, and a person sees a deadline pass
// without waiting. The hotline seat's new report is within its first stage's minutes; two hours
// later on the test clock the case page says it is overdue, in the words and colour of the light.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, launch, openPage, pointInSupervisorsStreet, signIn, startCity } from './harness.mjs';

let city;
let chromium;
before(async () => {
  city = await startCity(0, { settings: ['testing.enabled=true'] });
  chromium = await launch();
});
after(async () => {
  await chromium?.close();
  await city?.stop();
});

test('a deadline passes on the case page when the test clock is moved on', async () => {
  const place = await pointInSupervisorsStreet(city.base);
  const seat = await apiAs(city.base, 'demo-operator');
  const made = await seat('POST', '/api/v1/cases', {
    description: `端到端测试：期限到期 ${Date.now()}`, category: '06010', lon: place.longitude, lat: place.latitude });
  assert.equal(made.deadline.overdue, false);

  const page = await openPage(chromium.browser, city.base);
  await signIn(page, 'demo-operator');
  await page.goto(`/cases/${made.id}`);
  const deadline = page.locator('.deadlines .deadline').first();
  await deadline.locator('.light').filter({ hasText: '正常' }).waitFor();
  assert.match(await deadline.locator('.hint').textContent(), /^剩余/);

  const admin = await apiAs(city.base, 'demo-admin');
  const clock = await admin('PUT', '/api/v1/testing/clock', { advance_seconds: 7200 });
  assert.equal(clock.offset_seconds, 7200);
  const health = await (await fetch(`${city.base}/healthz`)).json();
  assert.equal(health.test_clock.offset_seconds, 7200);

  await page.reload();
  await deadline.locator('.light.red').filter({ hasText: '超时' }).waitFor();
  assert.equal(await deadline.locator('.hint').textContent(), '已超时');
  const seen = await seat('GET', `/api/v1/cases/${made.id}`);
  assert.equal(seen.deadline.overdue, true);
  assert.deepEqual(page.problems, []);
});

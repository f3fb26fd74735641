// Issue 22 §1–2 as a hotline seat does it. A caller gave only an address; the seat opens the
// case's 定位 dialog, finds the address in the gazetteer, picks the house number, and reads the
// place's name and grid before placing it; the case page then names its place as the API does.
// Without tiles the map says so and draws the roads with their names at street zoom. The same in
// English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, openPage, shotAsShown, signIn, switchLanguage, PHONE, useCity } from './harness.mjs';

const env = useCity(0);

test('a case with only an address is placed by finding the address; the map draws named roads without tiles', async () => {
  const seat = await apiAs(env.city.base, 'demo-operator');
  const made = await seat('POST', '/api/v1/cases', { description: `端到端测试：只有地址 ${Date.now()}`, address: '育才路１５号' });
  assert.equal(made.needs_placing, true);

  const page = await openPage(env.chromium.browser, env.city.base);
  await signIn(page, 'demo-operator');
  await page.goto(`/cases/${made.id}`);
  await page.getByRole('button', { name: '定位', exact: true }).click();
  const dialog = page.locator('dialog[open]');
  // The dialog starts from the case's own address; the map says it has no tiles.
  assert.equal(await dialog.getByLabel('地址').inputValue(), '育才路１５号');
  await dialog.locator('.map-note').filter({ hasText: '未配置底图：显示道路、网格和行政区划' }).waitFor();
  await dialog.getByRole('button', { name: '按地址定位' }).click();
  const candidates = dialog.locator('ul.places li button');
  await candidates.first().waitFor();
  const found = await seat('GET', `/api/v1/places?q=${encodeURIComponent('育才路１５号')}`);
  assert.equal((await candidates.first().textContent()).trim(), `门牌 ${found.places[0].name}`);
  assert.equal(await candidates.count(), found.places.length);
  await candidates.first().click();
  await dialog.getByText('地点：育才路15号').waitFor();
  await dialog.getByText(`所在网格：${found.places[0].grid.code}`, { exact: false }).waitFor();
  // Street zoom: the road under the point is named on the map.
  await dialog.locator('.road-label').filter({ hasText: '育才路' }).first().waitFor();
  await shotAsShown(page, 'place-dialog');
  // The layers came compressed (issue 22 §3): the street outlines, the roads, and the whole grid
  // layer the dashboard draws (3.7 MB as JSON). The browser's own count of the bytes.
  await page.evaluate(() => fetch('/api/v1/grids').then((r) => r.text()));
  const sizes = await page.evaluate(() => Object.fromEntries(performance.getEntriesByType('resource')
    .filter((e) => /\/api\/v1\/(grids\/outlines|roads|grids)$|outlines\?/.test(e.name))
    .map((e) => [new URL(e.name).pathname, { wire: e.encodedBodySize, json: e.decodedBodySize }])));
  for (const path of ['/api/v1/grids/outlines', '/api/v1/roads', '/api/v1/grids']) {
    assert.ok(sizes[path], `${path} was not fetched: ${JSON.stringify(sizes)}`);
    assert.ok(sizes[path].wire < sizes[path].json / 3, `${path} not compressed: ${JSON.stringify(sizes[path])}`);
  }
  assert.ok(sizes['/api/v1/grids'].json > 3_000_000, JSON.stringify(sizes['/api/v1/grids']));
  assert.ok(sizes['/api/v1/grids'].wire < 600_000, `grid layer: ${sizes['/api/v1/grids'].wire} bytes on the wire`);
  await dialog.getByRole('button', { name: '定位', exact: true }).click();
  await page.locator('dialog[open]').waitFor({ state: 'detached' });

  const placed = await seat('GET', `/api/v1/cases/${made.id}`);
  assert.equal(placed.needs_placing, false);
  assert.equal(placed.grid, found.places[0].grid.code);
  assert.equal(placed.place, '育才路15号');
  await page.locator('dd.case-place').filter({ hasText: placed.place }).waitFor();
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('in English the candidates, the place and the map note read in English, on a phone too', async () => {
  const seat = await apiAs(env.city.base, 'demo-operator');
  const page = await openPage(env.chromium.browser, env.city.base);
  await signIn(page, 'demo-operator');
  await switchLanguage(page, 'en');
  await page.setViewportSize(PHONE);
  await page.goto('/intake');
  await page.getByLabel('Address').fill('建设大道与东风街交叉口');
  await page.getByRole('button', { name: 'Find the address' }).click();
  const first = page.locator('ul.places li button').first();
  await first.waitFor();
  const found = await seat('GET', `/api/v1/places?q=${encodeURIComponent('建设大道与东风街交叉口')}`);
  assert.equal(found.places[0].kind, 'intersection');
  assert.equal((await first.textContent()).trim(), `Crossing ${found.places[0].name}`);
  await first.click();
  await page.locator('.place-name').filter({ hasText: /^Place: / }).waitFor();
  await page.locator('.map-note').filter({ hasText: 'No base map configured: roads, grids and divisions shown' }).waitFor();
  // Nothing wider than the phone.
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1));
  await shotAsShown(page, 'intake-crossing-phone-en');
  assert.deepEqual(page.problems, []);
  await page.close();
});

// Issue 22 §3: the chart library is fetched by pages with charts only, and what a citizen's phone
// downloads for the report form stays small (the bytes as the browser counts them on the wire).
test('the report form downloads no chart library and little else; the dashboard fetches it', async () => {
  const resources = (page) => page.evaluate(() => performance.getEntriesByType('resource')
    .map((e) => ({ path: new URL(e.name).pathname, wire: e.transferSize })));
  const citizen = await openPage(env.chromium.browser, env.city.base);
  await citizen.goto('/report');
  await citizen.locator('#c-description').waitFor();
  await citizen.waitForLoadState('networkidle');
  const loaded = await resources(citizen);
  assert.ok(!loaded.some((r) => r.path.includes('echarts')), loaded.map((r) => r.path).join(' '));
  const wire = loaded.reduce((n, r) => n + r.wire, 0) + await citizen.evaluate(() => performance.getEntriesByType('navigation')[0].transferSize);
  assert.ok(wire < 400_000, `the report form took ${wire} bytes`);
  assert.deepEqual(citizen.problems, []);
  await citizen.close();

  const leader = await openPage(env.chromium.browser, env.city.base);
  await signIn(leader, 'demo-leader');
  await leader.waitForURL(/\/dashboard$/);
  await leader.locator('.chart svg').first().waitFor();
  assert.ok((await resources(leader)).some((r) => r.path.includes('echartsSetup')));
  assert.deepEqual(leader.problems, []);
  await leader.close();
});

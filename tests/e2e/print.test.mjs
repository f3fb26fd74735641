// Issue 22 §6 on paper: the case page printed as an A4 case sheet (案件处理单) — the sheet's own head
// with who printed it, the number, channel, place and map, category, description, the reporter
// masked as this reader sees them, the deadlines and the timeline; no navigation, buttons or forms.
// Asserted in the print media the browser lays the sheet out with, and through the browser's own PDF.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { apiAs, openPage, pointInSupervisorsStreet, shotsDir, signIn, switchLanguage, useCity } from './harness.mjs';
import { join } from 'node:path';

const env = useCity(0);

async function aCase() {
  const place = await pointInSupervisorsStreet(env.city.base);
  const seat = await apiAs(env.city.base, 'demo-operator');
  const made = await seat('POST', '/api/v1/cases', {
    description: `端到端测试：打印处理单 ${Date.now()}`, lon: place.longitude, lat: place.latitude,
    reporter_name: '王五', reporter_phone: '13912341234',
  });
  return seat('POST', `/api/v1/cases/${made.id}/actions/request_verify`, { version: made.version });
}

test('a case prints as an A4 sheet with what the reader may see and nothing to click', async () => {
  const made = await aCase();
  const leader = await apiAs(env.city.base, 'demo-leader');
  const seen = await leader('GET', `/api/v1/cases/${made.id}`);
  assert.equal(seen.reporter.phone, '139****1234'); // a leader may not see contacts in full

  const page = await openPage(env.chromium.browser, env.city.base);
  await signIn(page, 'demo-leader');
  await page.goto(`/cases/${made.id}`);
  await page.getByRole('button', { name: '打印处理单' }).waitFor();
  await page.locator('ol.timeline li').nth(1).waitFor();
  await page.emulateMedia({ media: 'print' });
  await page.locator('.print-title', { hasText: 'UrbanGrid 城市运行管理服务平台 · 案件处理单' }).waitFor();
  assert.match(await page.locator('.print-meta').textContent(), /^打印于 \d{4}-\d{2}-\d{2} \d{2}:\d{2}，打印人 demo-leader$/);
  for (const hidden of ['.topbar', '.print-button', 'section.case .toolbar button', '.leaflet-control-zoom']) {
    assert.equal(await page.locator(hidden).first().isVisible(), false, `${hidden} is printed`);
  }
  assert.equal(await page.locator('h1').textContent(), `案件编号 ${made.id}`);
  const facts = Object.fromEntries(await page.locator('dl.facts dt').evaluateAll((dts) => dts.map((dt) => [dt.textContent, dt.nextElementSibling.textContent])));
  assert.equal(facts['上报人'], '王* 139****1234');
  assert.equal(facts['来源'], '12319热线');
  assert.equal(facts['问题描述'], made.description);
  assert.ok(await page.locator('.case .map canvas, .case .map svg').first().isVisible(), 'no map on the sheet');
  assert.deepEqual(await page.locator('ol.timeline li strong').allTextContents(), ['上报', '派发核实']);
  await page.screenshot({ path: join(shotsDir, 'case-print.png'), fullPage: true });
  // The browser's own PDF of it: A4, on one page.
  const pdf = await page.pdf({ format: 'A4', printBackground: true });
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.equal((pdf.toString('latin1').match(/\/Type\s*\/Page\b/g) || []).length, 1);

  // In English, the sheet's words follow the page's language.
  await page.emulateMedia({ media: 'screen' });
  await switchLanguage(page, 'en');
  await page.emulateMedia({ media: 'print' });
  await page.locator('.print-title', { hasText: 'UrbanGrid city operations · Case sheet' }).waitFor();
  assert.match(await page.locator('.print-meta').textContent(), /^Printed .* by demo-leader$/);
  assert.deepEqual(page.problems, []);
  await page.close();
});

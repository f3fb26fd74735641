// The evaluation page as a bureau leader reads it, over a simulated month: the indicators' names
// as headers in the UI's language, each cell the API's figure (rates as %, their terms on hover),
// and a click on a figure opens exactly the cases it counts — a rate's numerator and denominator
// cases, as many as the figure's terms — for every kind: regions at each level, departments and
// each kind of staff. Every page must finish without a console error and pass the audit.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DESKTOP, apiAs, launch, openPage, shot, signIn, startCity } from './harness.mjs';

let city;
let chromium;
let leader;
before(async () => {
  city = await startCity(3000);
  chromium = await launch();
  leader = await openPage(chromium.browser, city.base, { viewport: DESKTOP });
  await signIn(leader, 'demo-leader');
});
after(async () => {
  await chromium?.close();
  await city?.stop();
});

// Last month's first and last local dates, as the page's "上月" preset computes them.
function lastMonth() {
  const now = new Date();
  const pad = (n) => String(n).padStart(2, '0');
  const first = new Date(now.getFullYear(), now.getMonth() - 1, 1);
  const last = new Date(now.getFullYear(), now.getMonth(), 0);
  const iso = (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
  return { from: iso(first), to: iso(last) };
}

const percent = (rate) => (rate.value === null ? '—' : `${(rate.value * 100).toFixed(1)}%`);
const shown = (value) => (typeof value === 'object' ? percent(value) : String(value));

// The page's evaluation of `kind` (and `level`) for last month, after the API's answer arrived;
// `first` is done after listening for the answer (a click that asks for it).
async function choose(kind, level, first) {
  const answered = leader.waitForResponse((r) => r.url().includes('/api/v1/evaluations?') && r.url().includes(`kind=${kind}`)
    && (!level || r.url().includes(`level=${level}`)) && r.url().includes(`from=${lastMonth().from}`));
  if (first) await first();
  if (kind !== await leader.locator('#ev-kind').inputValue()) await leader.locator('#ev-kind').selectOption(kind);
  if (level) await leader.locator('#ev-level').selectOption(level);
  const result = await (await answered).json();
  await leader.locator('table.evaluation-table tbody tr').first().waitFor();
  return result;
}

// The cell of `unit`'s `indicator` and the drill-down it opens.
async function drill(result, unit, indicator) {
  const column = result.indicators.filter((i) => !i.part_of).findIndex((i) => i.id === indicator.id);
  const row = leader.locator('table.evaluation-table tbody tr').nth(result.units.indexOf(unit));
  const cell = row.locator('td').nth(4 + column);
  assert.equal((await cell.textContent()).trim(), shown(unit.values[indicator.id]), `${unit.unit} ${indicator.id}`);
  await cell.getByRole('button').click();
  const panel = leader.locator('.drill-down');
  await panel.locator('h2', { hasText: `${unit.name || unit.unit} · ${indicator.zh}` }).waitFor();
  return panel;
}

const listed = async (section) => ({
  badge: Number(await section.locator('h3 .count').textContent()),
  rows: await section.locator('ul.drill li').count(),
});
// What a list of n cases shows: all of them as the badge, the first 200 as rows.
const shows = (n) => ({ badge: n, rows: Math.min(n, 200) });

test('headers are the indicators, cells the API figures, and a rate opens its numerator and denominator cases', async () => {
  await leader.goto('/evaluation');
  const result = await choose('department', undefined, () => leader.getByRole('button', { name: '上月' }).click());
  const columns = result.indicators.filter((i) => !i.part_of);
  const headers = (await leader.locator('table.evaluation-table thead th').allTextContents()).map((h) => h.trim());
  assert.deepEqual(headers, ['名次', '对象', '综合得分', '等级', ...columns.map((i) => i.zh)]);
  assert.ok(columns.every((i) => i.zh), 'an indicator without a name');
  assert.equal(await leader.locator('thead th', { hasText: '处置率' }).first().getAttribute('title'),
    result.indicators.find((i) => i.id === 'handle_rate').definition);

  // 处置率 of the first department with handled cases: its numerator's and denominator's cases.
  const rate = result.indicators.find((i) => i.id === 'handle_rate');
  const unit = result.units.find((u) => u.values.handle_rate.denominator > 0 && u.values.handle_rate.denominator <= 200);
  assert.ok(unit, 'no department with cases due to handle');
  const { numerator, denominator } = unit.values.handle_rate;
  const cell = leader.locator('table.evaluation-table tbody tr').nth(result.units.indexOf(unit)).locator('td').nth(4 + columns.indexOf(rate));
  assert.equal(await cell.getByRole('button').getAttribute('title'), `分子 ${numerator} / 分母 ${denominator}`);
  const panel = await drill(result, unit, rate);
  const [top, bottom] = [panel.locator('section').nth(0), panel.locator('section').nth(1)];
  assert.deepEqual(await listed(top), { badge: numerator, rows: numerator });
  assert.deepEqual(await listed(bottom), { badge: denominator, rows: denominator });
  await shot(leader, 'evaluation');

  // A count: 处置数 lists exactly its cases, each a link to the case.
  const handled = result.indicators.find((i) => i.id === 'handled');
  const counted = await drill(result, unit, handled);
  assert.deepEqual(await listed(counted), { badge: unit.values.handled, rows: unit.values.handled });
  const first = counted.locator('ul.drill li a').first();
  assert.match(await first.getAttribute('href'), /^\/cases\/\d{14}$/);
  assert.deepEqual(leader.problems, []);
});

test('every kind drills down to as many cases as its figures say', async () => {
  await leader.goto('/evaluation');
  await leader.getByRole('button', { name: '上月' }).click();
  const kinds = [['region', 'district'], ['region', 'street'], ['region', 'community'], ['region', 'grid'],
    ['department'], ['supervisor'], ['operator'], ['shift_leader'], ['dispatcher']];
  for (const [kind, level] of kinds) {
    const result = await choose(kind, level);
    const headers = await leader.locator('table.evaluation-table thead th').allTextContents();
    assert.ok(headers.slice(4).every((h) => h.trim().length > 0), `${kind}: an empty header`);
    // Its smallest count and the rate with the smallest denominator that have anything in them.
    for (const type of ['count', 'rate']) {
      let found;
      const size = (v) => (type === 'count' ? v : v.denominator);
      for (const indicator of result.indicators.filter((i) => i.type === type && !i.part_of)) {
        for (const unit of result.units) {
          const n = size(unit.values[indicator.id]);
          if (n > 0 && (!found || n < size(found.unit.values[found.indicator.id]))) found = { unit, indicator };
        }
      }
      assert.ok(found, `${kind} ${level ?? ''}: no ${type} with cases`);
      const panel = await drill(result, found.unit, found.indicator);
      const cases = (await (await apiAs(city.base, 'demo-leader'))('GET', `/api/v1/evaluations/cases?kind=${kind}${
        level ? `&level=${level}` : ''}&from=${lastMonth().from}&to=${lastMonth().to}&unit=${encodeURIComponent(found.unit.unit)}&indicator=${found.indicator.id}`)).cases;
      const value = found.unit.values[found.indicator.id];
      if (type === 'count') {
        // Each case once, or ×n when it counts n times (a dispatcher's two dispatches of one case).
        assert.equal(cases.reduce((s, c) => s + c.numerator, 0), value, `${kind}: the API's cases`);
        assert.deepEqual(await listed(panel), shows(cases.length));
      } else {
        assert.equal(cases.reduce((s, c) => s + c.denominator, 0), value.denominator);
        const inNumerator = cases.filter((c) => c.numerator > 0).length;
        assert.deepEqual(await listed(panel.locator('section').nth(0)), shows(inNumerator));
        assert.deepEqual(await listed(panel.locator('section').nth(1)), shows(cases.length));
        if (cases.every((c) => c.numerator <= 1 && c.denominator === 1)) {
          assert.equal(inNumerator, value.numerator, `${kind} ${found.indicator.id}`);
          assert.equal(cases.length, value.denominator);
        }
      }
    }
  }
  assert.deepEqual(leader.problems, []);
});

test('in English the headers are the English names and no Chinese interface text is left', async () => {
  await leader.goto('/evaluation');
  await leader.getByRole('button', { name: 'English' }).click();
  const result = await choose('region', 'street', () => leader.getByRole('button', { name: 'Last month' }).click());
  const headers = (await leader.locator('table.evaluation-table thead th').allTextContents()).map((h) => h.trim());
  assert.deepEqual(headers.slice(4), result.indicators.filter((i) => !i.part_of).map((i) => i.en));
  await leader.getByLabel('Reports by channel').check();
  const wide = (await leader.locator('table.evaluation-table thead th').allTextContents()).map((h) => h.trim());
  assert.deepEqual(wide.slice(4), result.indicators.map((i) => i.en));
  assert.ok(wide.includes('Reports: 12345 hotline'), wide.join(' | '));
  await leader.getByRole('button', { name: '中文' }).click();
  assert.deepEqual(leader.problems, []);
});

// Page loads over a slow link (issue 22 §3): in Debian's Chromium throttled to 10 Mbit/s with 40 ms
// of latency, a cold cache each time, how long until
//   - the leader's dashboard has drawn its map and its three charts (the e2e test's own "drawn"
//     condition: the grid canvas, and each chart's SVG with its data points; and here also the
//     grid layer received, which an older build's canvas did not wait for), and
//   - the citizen's report form can be typed in (its description field and submit button there,
//     the page's scripts run);
// the median of --rounds runs, with the bytes that crossed the wire. With --baseline-bin and
// --baseline-static, the same measured in the same run on another build (an older checkout), so
// the figures come as a ratio against a baseline measured on the same machine at the same time.
//
//   node bench/page_load.mjs [--rounds 3] [--cases 3000] [--baseline-bin ../old/build/urbangrid \
//     --baseline-static ../old/web/dist] [--out bench/results/page_load-<time>.json]
//
// Targets: dashboard drawn ≤ 1.5 s, citizen form interactive ≤ 1 s.
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { apiAs, launch, startCity } from '../tests/e2e/harness.mjs';

const root = resolve(new URL('..', import.meta.url).pathname);
const args = Object.fromEntries(process.argv.slice(2).reduce((pairs, a, i, all) => {
  if (a.startsWith('--')) pairs.push([a.slice(2), all[i + 1]]);
  return pairs;
}, []));
const rounds = Number(args.rounds || 3);
const cases = Number(args.cases || 3000);
const LINK = { offline: false, latency: 40, downloadThroughput: 10e6 / 8, uploadThroughput: 10e6 / 8 };

const median = (xs) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// A fresh context (cold cache) on the throttled link; `signedIn` as whom, through the API first.
async function throttledPage(browser, base, signedIn) {
  const context = await browser.newContext({ baseURL: base, viewport: { width: 1366, height: 768 }, locale: 'zh-CN' });
  if (signedIn) {
    const r = await context.request.post('/api/v1/session', { data: { username: signedIn, password: 'urbangrid-demo' } });
    if (!r.ok()) throw new Error(`sign-in of ${signedIn}: ${r.status()}`);
  }
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  await cdp.send('Network.emulateNetworkConditions', LINK);
  let bytes = 0;
  cdp.on('Network.loadingFinished', (e) => { bytes += e.encodedDataLength; });
  return { page, bytes: () => bytes, close: () => context.close() };
}

// Milliseconds from the start of navigation until `ready` holds in the page.
async function timeUntil(page, path, ready) {
  await page.goto(path, { waitUntil: 'commit' });
  await page.waitForFunction(ready, null, { polling: 'raf', timeout: 60000 });
  return page.evaluate(() => performance.now());
}

// The grid layer's answer is part of "drawn": an older build draws a canvas (its street outlines)
// before the grids arrive, and the map is not drawn without them.
const dashboardDrawn = () => document.querySelector('.leaflet-overlay-pane canvas') &&
  performance.getEntriesByType('resource').some((e) => new URL(e.name).pathname === '/api/v1/grids' && e.responseEnd > 0) &&
  ['近 30 天上报趋势', '近 30 天问题大类', '今日上报（按来源）'].every((c) => {
    const box = document.querySelector(`.chart[aria-label="${c}"]`);
    return Number(box?.dataset.points) > 0 && box.querySelectorAll('svg path').length > 1;
  });
const formInteractive = () => {
  const field = document.getElementById('c-description');
  return field && !field.disabled && document.querySelector('form button[type="submit"]') && document.readyState === 'complete';
};

async function measure(name, bin, staticDir) {
  const city = await startCity(cases, { bin, staticDir });
  // Today's chart needs a report of today (the simulated history ends yesterday).
  await (await apiAs(city.base, 'demo-operator'))('POST', '/api/v1/cases',
    { description: '页面加载基准：今日上报', lon: 116.5301, lat: 35.3706 });
  const chromium = await launch();
  const out = { name, dashboard: [], dashboard_bytes: [], form: [], form_bytes: [] };
  try {
    for (let round = 0; round < rounds; round++) {
      const leader = await throttledPage(chromium.browser, city.base, 'demo-leader');
      out.dashboard.push(await timeUntil(leader.page, '/dashboard', dashboardDrawn));
      out.dashboard_bytes.push(leader.bytes());
      await leader.close();
      const citizen = await throttledPage(chromium.browser, city.base, null);
      out.form.push(await timeUntil(citizen.page, '/report', formInteractive));
      out.form_bytes.push(citizen.bytes());
      await citizen.close();
    }
  } finally {
    await chromium.close();
    await city.stop();
  }
  return out;
}

const runs = [await measure('current', process.env.URBANGRID_BIN || join(root, 'build/urbangrid'), join(root, 'web/dist'))];
if (args['baseline-bin']) runs.push(await measure('baseline', resolve(args['baseline-bin']), resolve(args['baseline-static'])));

const kb = (n) => `${Math.round(n / 1024)} KiB`;
console.log(`page loads, ${rounds} rounds each, 10 Mbit/s and 40 ms, cold cache, ${cases} simulated cases`);
console.log('build      dashboard drawn (median, runs)            citizen form interactive (median, runs)');
for (const r of runs) {
  console.log(`${r.name.padEnd(10)} ${Math.round(median(r.dashboard))} ms ${kb(median(r.dashboard_bytes))} (${r.dashboard.map(Math.round).join(', ')})`.padEnd(60) +
    `${Math.round(median(r.form))} ms ${kb(median(r.form_bytes))} (${r.form.map(Math.round).join(', ')})`);
}
if (runs.length === 2) {
  const [now, base] = runs;
  console.log(`ratio current/baseline: dashboard ${(median(now.dashboard) / median(base.dashboard)).toFixed(2)}, ` +
    `form ${(median(now.form) / median(base.form)).toFixed(2)}`);
}
const out = args.out || join(root, 'bench/results', `page_load-${new Date().toISOString().replace(/[-:]|\.\d+/g, '')}.json`);
mkdirSync(dirname(out), { recursive: true });
writeFileSync(out, JSON.stringify({ rounds, cases, link: LINK, runs }, null, 1));
console.log(`written to ${out}`);

// What the browser tests share: a fresh demo city served by the real binary on a free loopback
// port, Debian's Chromium driven by playwright-core (from web/node_modules), one browser context per
// user, console errors collected, an accessibility audit (axe-core, WCAG 2.1 A/AA), and
// screenshots into UG_SCREENSHOTS (build/ unless `make screenshots` points it at docs/screenshots).
import { spawn, execFileSync } from 'node:child_process';
import { after, before } from 'node:test';
import { get as httpsGet } from 'node:https';
import { createRequire } from 'node:module';
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { deflateSync } from 'node:zlib';
import { crc32 } from './crc32.mjs';
import { VOCABULARY_GROUPS } from '../../web/src/vocabularyGroups.js';

const root = resolve(new URL('../..', import.meta.url).pathname);
const { chromium } = createRequire(join(root, 'web/package.json'))('playwright-core');
const axeSource = readFileSync(createRequire(join(root, 'web/package.json')).resolve('axe-core/axe.min.js'), 'utf8');
const binary = process.env.URBANGRID_BIN || join(root, 'build/urbangrid');
export const shotsDir = resolve(process.env.UG_SCREENSHOTS || join(root, 'build/e2e-screenshots'));


const day = (offset) => new Date(Date.now() + offset * 86400000 + 8 * 3600000).toISOString().slice(0, 10);

// A demo city with `cases` simulated over the last 60 days, served until stop(); `settings` are
// configuration keys the server starts with ("cases.required_fields=sign:comment" …). `tls`: served
// over HTTPS with a pair from `urbangrid tls self-signed` (`ca`: its certificate, to trust it).
// `bin` and `staticDir` serve another build (a benchmark's baseline).
export async function startCity(cases, { settings = [], tls = false, bin = binary, staticDir = join(root, 'web/dist') } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'ug-e2e-'));
  const db = join(dir, 'city.db');
  const run = (...args) => execFileSync(bin, args, { stdio: ['ignore', 'pipe', 'pipe'] }).toString();
  run('demo', 'create', '--db', db, '--data', join(root, 'data'));
  let ca;
  if (tls) {
    run('tls', 'self-signed', '--out', join(dir, 'tls'));
    ca = readFileSync(join(dir, 'tls', 'cert.pem'));
    settings = [...settings, `server.tls_certificate=${join(dir, 'tls', 'cert.pem')}`,
      `server.tls_private_key=${join(dir, 'tls', 'key.pem')}`];
  }
  // /healthz answering, over HTTPS trusting the pair made above.
  const healthy = (base) => (!tls ? fetch(`${base}/healthz`).then((r) => r.ok)
    : new Promise((done, failed) => httpsGet(`${base}/healthz`, { ca }, (r) => { r.resume(); done(r.statusCode === 200); })
      .on('error', failed)));
  if (cases) run('demo', 'simulate', '--db', db, '--cases', String(cases), '--seed', '7', '--from', day(-60), '--to', day(-1));
  // Port 0 and the port file: the server binds a port nobody else can take in between.
  const portFile = join(dir, 'port');
  const server = spawn(bin, ['serve', '--db', db, '--port', '0', '--port-file', portFile,
    '--static-dir', staticDir,
    '--set', 'auth.argon2_memory_kib=1024', '--set', 'auth.argon2_iterations=1',
    ...settings.flatMap((s) => ['--set', s])], { stdio: ['ignore', 'pipe', 'pipe'] });
  let log = '';
  server.stdout.on('data', (d) => { log += d; });
  server.stderr.on('data', (d) => { log += d; });
  // Waits on the server's state (port written, /healthz answering), for up to a minute on a busy machine.
  let base;
  for (const started = Date.now(); ;) {
    if (server.exitCode !== null || Date.now() - started > 60000) throw new Error(`server did not start:\n${log}`);
    if (!base && existsSync(portFile)) {
      base = `${tls ? 'https://localhost' : 'http://127.0.0.1'}:${readFileSync(portFile, 'utf8').trim()}`;
    }
    try { if (base && (await healthy(base))) break; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 50));
  }
  return {
    base, db, ca, log: () => log,
    stop: async () => {
      server.kill('SIGTERM');
      await new Promise((r) => (server.exitCode !== null ? r() : server.once('exit', r)));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// Playwright gives each launch a fresh temporary --user-data-dir itself (and refuses one in
// `args`); each user then gets a context of their own within it.
export async function launch() {
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking',
      '--disable-component-update'],
  });
  mkdirSync(shotsDir, { recursive: true });
  return { browser, close: () => browser.close() };
}

export const DESKTOP = { width: 1366, height: 768 };
export const PHONE = { width: 390, height: 844 };

// A page in its own context (its own cookies) that records what the console and the page report.
// `acceptCertificate`: a self-signed pilot certificate is taken as if the user had installed it.
export async function openPage(browser, base, { viewport = DESKTOP, geolocation, mobile = false, acceptCertificate = false } = {}) {
  const context = await browser.newContext({
    baseURL: base, viewport, locale: 'zh-CN', timezoneId: 'Asia/Shanghai', isMobile: mobile, hasTouch: mobile,
    ignoreHTTPSErrors: acceptCertificate,
    ...(geolocation ? { geolocation, permissions: ['geolocation'] } : {}),
  });
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    // The start-up "who am I?" of a signed-out visitor answers 401 by design.
    if (m.type() === 'error' && !(m.text().includes('401') && m.location().url.endsWith('/api/v1/me'))) {
      page.problems.push(`console: ${m.text()} (${m.location().url})`);
    }
  });
  page.setDefaultTimeout(15000);
  return page;
}

export async function signIn(page, username) {
  await page.goto('/login');
  await page.getByLabel('用户名').fill(username);
  await page.getByLabel('密码').fill('urbangrid-demo');
  await page.getByRole('button', { name: '登录' }).click();
  await page.waitForURL((url) => !url.pathname.startsWith('/login'));
}

// What axe-core finds against WCAG 2.1 A and AA on the page as it is now (labels, names, contrast,
// landmarks, ARIA use …), one line per rule broken, naming the first few elements; [] when clean.
export async function accessibilityProblems(page) {
  // Evaluated through the DevTools protocol, not as an inline <script>: the page's CSP (script-src
  // 'self') rightly refuses inline scripts, and the audit must not need the policy loosened.
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] },
  }));
  return result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3)
    .map((n) => n.target.join(' ')).join(' | ')}`);
}

// The interface's words: a raw key ("channel.camera_ai") is a group of the locale files or of the
// server's vocabulary followed by a code; a bare code ("shift_leader") is a snake_case word; a string
// of the other language is a whole text (a label, a header, a button, a state's name) that one
// language has and the other words otherwise.
const localeTable = (name) => JSON.parse(readFileSync(join(root, `web/src/locales/${name}.json`), 'utf8'));
const zhStrings = Object.values(localeTable('zh-CN'));
const enStrings = Object.values(localeTable('en'));
const keyGroups = [...new Set([...Object.keys(localeTable('zh-CN')).map((k) => k.split('.')[0]),
  ...Object.values(VOCABULARY_GROUPS)])];
const rawKey = new RegExp(`\\b(?:${keyGroups.join('|')})\\.[a-z][a-z0-9_]*\\b`);
const bareCode = /^[a-z][a-z0-9]*(?:_[a-z0-9]+)+$/;
const secretPrefixes = ['ugt_', 'ugs_']; // token and session prefixes the admin page shows on purpose
const onlyIn = (mine, theirs, script) => new Set(theirs
  .filter((v) => script.test(v) && !/[{}]/.test(v) && !mine.includes(v)));
// The server's words (GET /api/v1/vocabulary) join the locales' once per server, as the UI loads them.
const foreignByOrigin = new Map();
async function foreignWords(page) {
  const origin = new URL(page.url()).origin;
  if (!foreignByOrigin.has(origin)) {
    const vocabulary = await page.evaluate(() => fetch('/api/v1/vocabulary').then((r) => r.json()));
    const terms = Object.keys(VOCABULARY_GROUPS).flatMap((list) => vocabulary[list]);
    const zh = [...zhStrings, ...terms.map((w) => w.zh)];
    const en = [...enStrings, ...terms.map((w) => w.en)];
    foreignByOrigin.set(origin, { 'zh-CN': onlyIn(zh, en, /[A-Za-z]{2}/), en: onlyIn(en, zh, /[\u4e00-\u9fff]/) });
  }
  return foreignByOrigin.get(origin);
}

// What the page shows now that is a raw key, a bare code, or the other language's interface text.
export async function wordingProblems(page, language) {
  const texts = await page.evaluate(() => {
    const out = [];
    const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      if (!n.parentElement.closest('script, style, template, noscript')) out.push(n.textContent.trim());
    }
    for (const el of document.body.querySelectorAll('[title], [aria-label], [placeholder], [alt]')) {
      for (const a of ['title', 'aria-label', 'placeholder', 'alt']) if (el.getAttribute(a)) out.push(el.getAttribute(a).trim());
    }
    return out.filter(Boolean);
  });
  const foreign = (await foreignWords(page))[language];
  const problems = new Set();
  for (const text of texts) {
    const key = text.match(rawKey);
    if (key) problems.add(`raw key "${key[0]}" in "${text.slice(0, 80)}"`);
    for (const word of text.split(/[\s·,，:：()（）\/|]+/)) {
      if (bareCode.test(word) && !secretPrefixes.some((p) => word.startsWith(p))) problems.add(`code "${word}" in "${text.slice(0, 80)}"`);
    }
    if (foreign.has(text)) problems.add(`"${text}" is the other language's`);
  }
  return [...problems];
}

// Switches the page's UI language with the top bar's button; waits until the page says it is in it.
export async function switchLanguage(page, language) {
  await page.locator('.topbar .account button', { hasText: language === 'en' ? 'English' : '中文' }).click();
  await page.waitForFunction((l) => document.documentElement.lang === l, language);
}

// A main view's screenshot; the view is audited at the same moment — accessibility, and its words
// in Chinese and again after switching to English — its findings joining the page's problems
// (which every test requires to be empty).
export async function shot(page, name) {
  await page.screenshot({ path: join(shotsDir, `${name}.png`) });
  for (const problem of await accessibilityProblems(page)) page.problems.push(`accessibility of ${name}: ${problem}`);
  for (const problem of await wordingProblems(page, 'zh-CN')) page.problems.push(`wording of ${name} in Chinese: ${problem}`);
  await switchLanguage(page, 'en');
  for (const problem of await wordingProblems(page, 'en')) page.problems.push(`wording of ${name} in English: ${problem}`);
  await switchLanguage(page, 'zh-CN');
  // Give the keyboard back its starting point at the top of the page, not on the language switch.
  await page.evaluate(() => {
    const { body } = document;
    body.tabIndex = -1;
    body.focus();
    body.removeAttribute('tabindex');
  });
}

// A screenshot audited in the language the page shows, for where the language switch cannot be
// reached (behind a modal dialog; a phone page in English, whose Chinese a desktop shot covers).
export async function shotAsShown(page, name) {
  await page.screenshot({ path: join(shotsDir, `${name}.png`) });
  const language = await page.evaluate(() => document.documentElement.lang);
  for (const problem of await accessibilityProblems(page)) page.problems.push(`accessibility of ${name}: ${problem}`);
  for (const problem of await wordingProblems(page, language)) page.problems.push(`wording of ${name} in ${language}: ${problem}`);
}

// A 64×48 PNG made here, so the upload's bytes are known: a blue-grey gradient.
export function picture() {
  const width = 64, height = 48;
  const rows = [];
  for (let y = 0; y < height; y++) {
    const row = Buffer.alloc(1 + width * 3);
    for (let x = 0; x < width; x++) row.set([40 + x * 2, 80 + y * 2, 160], 1 + x * 3);
    rows.push(row);
  }
  const chunk = (type, data) => {
    const out = Buffer.alloc(12 + data.length);
    out.writeUInt32BE(data.length, 0);
    out.write(type, 4, 'ascii');
    data.copy(out, 8);
    out.writeUInt32BE(crc32(Buffer.concat([Buffer.from(type, 'ascii'), data])), 8 + data.length);
    return out;
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header.set([8, 2, 0, 0, 0], 8);
  return {
    name: 'after.png', mimeType: 'image/png',
    buffer: Buffer.concat([Buffer.from([137, 80, 78, 71, 13, 10, 26, 10]), chunk('IHDR', header),
      chunk('IDAT', deflateSync(Buffer.concat(rows))), chunk('IEND', Buffer.alloc(0))]),
  };
}

// The API as one demo user (their own session, signed in once: sign-ins are rate-limited), for
// arranging what a UI test starts from: call(method, path, body) → the parsed answer; anything but
// 2xx throws. `fresh`: sign in again (the test clock moved past the session's life).
const sessions = new Map();
export function apiAs(base, username, { fresh = false } = {}) {
  const key = `${base} ${username}`;
  if (fresh || !sessions.has(key)) sessions.set(key, signInForApi(base, username));
  return sessions.get(key);
}

async function signInForApi(base, username) {
  const signedIn = await fetch(`${base}/api/v1/session`, {
    method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: 'urbangrid-demo' }),
  });
  if (!signedIn.ok) throw new Error(`sign-in of ${username}: ${signedIn.status} ${await signedIn.text()}`);
  const { csrf_token: csrf } = await signedIn.json();
  const cookie = signedIn.headers.get('set-cookie').split(';')[0];
  return async (method, path, body) => {
    const r = await fetch(`${base}${path}`, {
      method,
      headers: { cookie, 'x-csrf-token': csrf, ...(body ? { 'content-type': 'application/json' } : {}) },
      body: body ? JSON.stringify(body) : undefined,
    });
    const text = await r.text();
    if (!r.ok) throw new Error(`${method} ${path} as ${username}: ${r.status} ${text}`);
    return text ? JSON.parse(text) : null;
  };
}

// The centre of one unit grid of 许庄街道 (370811002), the demo supervisor's street, as a
// geolocation; read once per city.
const supervisorsPoints = new Map();
export function pointInSupervisorsStreet(base) {
  if (!supervisorsPoints.has(base)) {
    supervisorsPoints.set(base, apiAs(base, 'demo-supervisor').then(async (api) => {
      const grids = await api('GET', '/api/v1/grids');
      const ring = grids.features[Math.floor(grids.features.length / 2)].geometry.coordinates[0];
      const lon = ring.slice(0, -1).reduce((sum, p) => sum + p[0], 0) / (ring.length - 1);
      const lat = ring.slice(0, -1).reduce((sum, p) => sum + p[1], 0) / (ring.length - 1);
      return { longitude: lon, latitude: lat };
    }));
  }
  return supervisorsPoints.get(base);
}

// A demo city and a browser for one test file, started before its tests and stopped after them:
// `env.city` and `env.chromium` (startCity's arguments).
export function useCity(cases = 0, options = {}) {
  const env = {};
  before(async () => {
    env.city = await startCity(cases, options);
    env.chromium = await launch();
  });
  after(async () => {
    await env.chromium?.close();
    await env.city?.stop();
  });
  return env;
}

// A hotline report taken through the API to `pending_dispatch` (verified on site, registered as
// 06010 with `urgency`) by the roles whose steps they are: `view` is the case as the last answer
// gave it, `step(username, action, fields)` acts on it further.
export async function caseToDispatch(base, description, urgency = 'normal') {
  const place = await pointInSupervisorsStreet(base);
  const arranged = {};
  arranged.view = await (await apiAs(base, 'demo-operator'))('POST', '/api/v1/cases', {
    description, category: '06010', lon: place.longitude, lat: place.latitude });
  arranged.step = async (username, action, fields = {}) => {
    arranged.view = await (await apiAs(base, username))('POST', `/api/v1/cases/${arranged.view.id}/actions/${action}`,
      { version: arranged.view.version, ...fields });
  };
  await arranged.step('demo-operator', 'request_verify');
  await arranged.step('demo-supervisor', 'verify_ok', { comment: '属实' });
  await arranged.step('demo-shift-leader', 'register', { category: '06010', urgency });
  return arranged;
}

// Issue 22 §9 in the browser: the server itself serves HTTPS with the pilot pair from `urbangrid tls
// self-signed` (accepted here as a pilot's devices would after installing it). The page is a
// secure context — what phone GPS, service workers and notifications need — the session cookie is
// Secure, and the queue goes live over the encrypted event stream; the same in English.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openPage, signIn, switchLanguage, useCity } from './harness.mjs';

const env = useCity(0, { tls: true });

test('over HTTPS the page is a secure context, the cookie is Secure and the queue is live', async () => {
  assert.match(env.city.base, /^https:\/\/localhost:\d+$/);
  const page = await openPage(env.chromium.browser, env.city.base, { acceptCertificate: true });
  await signIn(page, 'demo-operator');
  await page.waitForURL(/\/queues/);
  await page.locator('h1', { hasText: '工作队列' }).waitFor();
  assert.equal(await page.evaluate(() => window.isSecureContext), true);
  assert.equal(await page.evaluate(() => location.protocol), 'https:');
  const [cookie] = (await page.context().cookies()).filter((c) => c.name === 'ug_session');
  assert.equal(cookie.secure, true);
  assert.equal(cookie.httpOnly, true);
  await page.locator('.live.on', { hasText: '实时更新' }).waitFor();
  // The browser could use the GPS here (it asks, as it must): the API exists only in secure contexts.
  assert.equal(await page.evaluate(() => 'geolocation' in navigator && 'serviceWorker' in navigator), true);
  assert.deepEqual(page.problems, []);
  await page.close();
});

test('in English over HTTPS the same', async () => {
  const page = await openPage(env.chromium.browser, env.city.base, { acceptCertificate: true });
  await page.goto('/login');
  await switchLanguage(page, 'en');
  await page.locator('h1', { hasText: 'Staff sign-in' }).waitFor();
  await page.getByLabel('Username').fill('demo-dispatcher');
  await page.getByLabel('Password').fill('urbangrid-demo');
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.locator('h1', { hasText: 'Work queues' }).waitFor();
  await page.locator('.live.on', { hasText: 'Live' }).waitFor();
  assert.equal(await page.evaluate(() => window.isSecureContext), true);
  assert.deepEqual(page.problems, []);
  await page.close();
});

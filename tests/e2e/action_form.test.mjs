// The action dialog is the server's: each case carries its allowed actions' fields (the workflow
// table's, plus any a city requires through cases.required_fields), and the dialog asks for exactly
// those, under the names the server gives. Here the city requires a comment when a department signs
// for a case, which the table does not: signing, which otherwise runs at once, now opens a dialog
// that asks for it, refuses to go without it, and the comment reaches the case's timeline.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { accessibilityProblems, apiAs, caseToDispatch, openPage, signIn, switchLanguage, useCity } from './harness.mjs';

const env = useCity(0, { settings: ['cases.required_fields=sign:comment'] });

// A case dispatched to 环卫处 (HW), made through the API by the roles whose steps they are.
async function dispatchedCase() {
  const arranged = await caseToDispatch(env.city.base, `端到端测试：签收须填写意见 ${Date.now()}`);
  await arranged.step('demo-dispatcher', 'dispatch', { department: 'HW' });
  return arranged.view;
}

test("a field the city requires of an action is asked for by the dialog, with no change to the web UI", async () => {
  const { id } = await dispatchedCase();
  const api = await apiAs(env.city.base, 'demo-handler');
  const seen = await api('GET', `/api/v1/cases/${id}`);
  assert.deepEqual(seen.action_fields.sign, [{ field: 'comment', required: true, zh: '意见', en: 'Comment' }]);

  const page = await openPage(env.chromium.browser, env.city.base);
  await signIn(page, 'demo-handler');
  await page.goto(`/cases/${id}`);
  await page.locator('button[data-action="sign"]').click();
  const dialog = page.locator('dialog[open]');
  await dialog.getByRole('heading', { name: `签收 · ${id}` }).waitFor();
  assert.deepEqual(await dialog.locator('label').allTextContents(), ['意见']);
  for (const problem of await accessibilityProblems(page)) page.problems.push(`accessibility of sign's dialog: ${problem}`);

  // Without the comment it does not go.
  await dialog.locator('button[type="submit"]').click();
  await dialog.getByRole('alert').filter({ hasText: '请填写意见' }).waitFor();
  assert.equal((await api('GET', `/api/v1/cases/${id}`)).state, 'dispatched');

  await dialog.getByLabel('意见').fill('已到现场，马上清运');
  await dialog.locator('button[type="submit"]').click();
  await dialog.waitFor({ state: 'detached' });
  await page.locator('.toolbar .state', { hasText: '处置中' }).waitFor();
  const after = await api('GET', `/api/v1/cases/${id}`);
  assert.equal(after.state, 'handling');
  assert.equal(after.timeline.at(-1).payload.comment, '已到现场，马上清运');

  // The dialog names the field in the page's language, as the server words it.
  const other = await dispatchedCase();
  await switchLanguage(page, 'en');
  await page.goto(`/cases/${other.id}`);
  await page.locator('button[data-action="sign"]').click();
  assert.deepEqual(await page.locator('dialog[open] label').allTextContents(), ['Comment']);
  assert.deepEqual(page.problems, []);
});

// The UI's strings: both locale files name the same keys, and every key the source looks up
// literally — t('…'), named('group', …) — exists, so no view shows a raw key in either language.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { VOCABULARY_GROUPS } from '../../web/src/vocabularyGroups.js';

const src = resolve(new URL('../../web/src', import.meta.url).pathname);
const zh = JSON.parse(readFileSync(join(src, 'locales/zh-CN.json'), 'utf8'));
const en = JSON.parse(readFileSync(join(src, 'locales/en.json'), 'utf8'));

function sources(dir) {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory()
    ? sources(join(dir, e.name)) : /\.(jsx?|mjs)$/.test(e.name) ? [join(dir, e.name)] : []));
}

test('both locales have the same keys', () => {
  assert.deepEqual(Object.keys(en).filter((k) => !(k in zh)), [], 'in en.json only');
  assert.deepEqual(Object.keys(zh).filter((k) => !(k in en)), [], 'in zh-CN.json only');
});

// The groups whose names come from the server's vocabulary (GET /api/v1/vocabulary), not the locales.
const serverGroups = Object.values(VOCABULARY_GROUPS);

test('every literal key the views use exists', () => {
  const missing = [];
  for (const file of sources(src)) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\bt\(\s*'([a-z_]+\.[a-z0-9_.]+)'/g)) if (!(m[1] in zh)) missing.push(`${file}: ${m[1]}`);
    for (const m of text.matchAll(/\bnamed\(\s*'([a-z_]+)'/g)) {
      if (serverGroups.includes(m[1])) continue;
      if (!Object.keys(zh).some((k) => k.startsWith(`${m[1]}.`))) missing.push(`${file}: group ${m[1]}`);
    }
  }
  assert.deepEqual(missing, []);
});

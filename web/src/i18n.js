// UI strings live in locales/*.json (zh-CN first, English switchable); t() looks them up with
// {name} placeholders. The choice is kept in localStorage and sets <html lang>.
import { signal } from './signal.js';
import { VOCABULARY_GROUPS } from './vocabularyGroups.js';
import zh from './locales/zh-CN.json';
import en from './locales/en.json';

const tables = { 'zh-CN': zh, en };
const saved = typeof localStorage !== 'undefined' ? localStorage.getItem('ug.locale') : null;
export const locale = signal(tables[saved] ? saved : 'zh-CN');
document.documentElement.lang = locale.value;

export function setLocale(next) {
  if (!tables[next]) return;
  localStorage.setItem('ug.locale', next);
  document.documentElement.lang = next;
  locale.value = next;
}

export function t(key, vars) {
  let text = tables[locale.value][key] ?? tables['zh-CN'][key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) text = text.replaceAll(`{${k}}`, String(v));
  return text;
}

// The system's own words — states, stages, channels, urgencies, roles — are declared once, by the
// server (GET /api/v1/vocabulary), and loaded before the first page is drawn; the locale files hold
// only the interface's words. group → code → { zh, en }, in the server's order.
const declared = new Map();
export function setVocabulary(vocabulary) {
  for (const [key, group] of Object.entries(VOCABULARY_GROUPS)) {
    declared.set(group, new Map((vocabulary[key] || []).map((w) => [w.id, w])));
  }
}
// The codes of a group in the server's order ("urgency" → normal, urgent, critical).
export const codesOf = (group) => [...(declared.get(group)?.keys() ?? [])];
// The server's entry for a code: { id, zh, en, … } (a state's stage and listed_under, a channel's public).
export const entryOf = (group, code) => declared.get(group)?.get(code);

// The name of a code in the UI's language: from the server's words for its groups, else from the
// locale ("pending.extension"), else the code itself.
export const named = (group, code) => {
  if (!code) return '';
  const words = declared.get(group)?.get(code);
  if (words) return locale.value === 'en' ? words.en : words.zh;
  const key = `${group}.${code}`;
  const text = t(key);
  return text === key ? code : text;
};

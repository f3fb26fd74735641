// UI strings live in locales/*.json (zh-CN first, English switchable); t() looks them up with
// {name} placeholders. The choice is kept in localStorage and sets <html lang>.
import { signal } from './signal.js';
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

// The name of a code from a group of the locale ("state.handling"), or the code itself.
export const named = (group, code) => (code ? t(`${group}.${code}`) : '');

// Client-side routes over the History API (the server answers index.html for them).
import { signal } from './signal.js';

export const location = signal(window.location.pathname + window.location.search);

// `scroll: false` keeps the page where it is (a filter changed on the page the user is reading).
export function navigate(to, replace = false, { scroll = true } = {}) {
  if (to === location.value) return;
  if (replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  location.value = to;
  if (scroll) window.scrollTo(0, 0);
}

window.addEventListener('popstate', () => {
  location.value = window.location.pathname + window.location.search;
});

// Matches "/cases/:id" against a path; the params, or null.
export function match(pattern, path) {
  const p = pattern.split('/');
  const a = path.split('?')[0].split('/');
  if (p.length !== a.length) return null;
  const params = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(a[i]);
    else if (p[i] !== a[i]) return null;
  }
  return params;
}

export const searchParams = () => new URLSearchParams(location.value.split('?')[1] || '');

// Links that navigate in place; modified clicks (new tab) keep the browser's behaviour.
export function onLinkClick(e) {
  if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
  const href = e.currentTarget.getAttribute('href');
  if (!href || href.startsWith('http') || href.startsWith('/api/')) return;
  e.preventDefault();
  navigate(href);
}

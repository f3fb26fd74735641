// Who is signed in: /api/v1/me once at start (which also gives back the session's CSRF token), the
// sign-in and sign-out calls, and each role's home page.
import { api, cancelRequests, get, post, setCsrfToken } from './api.js';
import { forgetDirectories } from './names.js';
import { signal } from './signal.js';

export const me = signal(undefined); // undefined: not known yet; null: signed out

export async function loadMe() {
  try {
    const user = await get('/api/v1/me');
    setCsrfToken(user.csrf_token);
    me.value = user;
  } catch {
    me.value = null;
  }
}

export async function signIn(username, password) {
  const r = await post('/api/v1/session', { username, password });
  setCsrfToken(r.csrf_token);
  await loadMe();
  return me.value;
}

// What the user had on its way or remembered (directories read under their scopes) goes with them.
export async function signOut() {
  cancelRequests();
  try { await api('DELETE', '/api/v1/session'); } catch { /* already gone */ }
  cancelRequests(); // and what the page asked for meanwhile
  setCsrfToken('');
  me.value = null;
  forgetDirectories();
}

// One permission, or any of a list.
export const can = (permission) => (Array.isArray(permission)
  ? permission.some((p) => me.value?.permissions?.includes(p))
  : !!me.value?.permissions?.includes(permission));
export const hasRole = (role) => !!me.value?.roles?.includes(role);

// Where a user lands after signing in: their day's main tool.
export function homeOf(user) {
  const roles = user?.roles || [];
  if (roles.includes('leader')) return '/dashboard';
  if (roles.includes('supervisor')) return '/field';
  if (roles.includes('admin')) return '/admin';
  if (roles.includes('citizen')) return '/report';
  return '/queues';
}

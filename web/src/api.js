// The one way the UI talks to the server: JSON in and out, the session's CSRF token on writes,
// errors as ApiError carrying the server's message (already in Chinese) and its details.
let csrfToken = '';

export function setCsrfToken(token) {
  csrfToken = token || '';
}

class ApiError extends Error {
  constructor(status, body) {
    super(body?.error?.message || `HTTP ${status}`);
    this.status = status;
    this.code = body?.error?.code || '';
    this.details = body?.error?.details || {};
  }
}

async function parse(response) {
  const type = response.headers.get('content-type') || '';
  const body = type.includes('json') ? await response.json().catch(() => null) : null;
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// A request with a body already in text form (a file the user picked) of `type`.
export async function sendText(method, path, text, type, headers = {}) {
  const init = { method, headers: { ...headers }, credentials: 'same-origin' };
  if (method !== 'GET' && method !== 'HEAD') init.headers['x-csrf-token'] = csrfToken;
  if (text !== undefined) {
    init.headers['content-type'] = type;
    init.body = text;
  }
  return parse(await fetch(path, init));
}

export const api = (method, path, body, headers = {}) =>
  sendText(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json', headers);

export const get = (path) => api('GET', path);
export const post = (path, body, headers) => api('POST', path, body, headers);
export const put = (path, body) => api('PUT', path, body);
export const patch = (path, body) => api('PATCH', path, body);
export const remove = (path) => api('DELETE', path);

// A query string from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const text = q.toString();
  return text ? `?${text}` : '';
}

// Uploads one photo; `open` uses the citizens' route (no account).
export async function uploadPhoto(file, open = false) {
  const form = new FormData();
  form.append('file', file);
  const headers = open ? {} : { 'x-csrf-token': csrfToken };
  const response = await fetch(open ? '/api/v1/public/attachments' : '/api/v1/attachments', {
    method: 'POST', body: form, headers, credentials: 'same-origin',
  });
  return parse(response);
}

// One action on a case at the version the user saw; a fresh key makes a retried click harmless.
export function act(caseView, action, fields = {}) {
  const key = `${caseView.id}-${action}-${caseView.version}-${Math.random().toString(36).slice(2)}`;
  return post(`/api/v1/cases/${encodeURIComponent(caseView.id)}/actions/${action}`,
    { version: caseView.version, ...fields }, { 'idempotency-key': key });
}

// Live case changes (SSE); `onLive(bool)` follows the connection. Returns a function that stops.
export function liveCases(onChange, onLive = () => {}) {
  if (typeof EventSource === 'undefined') return () => {};
  const source = new EventSource('/api/v1/events/stream');
  source.onopen = () => onLive(true);
  source.onerror = () => onLive(false); // the browser reconnects by itself
  const handle = (e) => {
    try { onChange(JSON.parse(e.data), e.type); } catch { /* a malformed message is skipped */ }
  };
  source.addEventListener('case', handle);
  source.addEventListener('light', handle);
  return () => source.close();
}

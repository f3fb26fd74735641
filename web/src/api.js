// The one way the UI talks to the server: JSON in and out, the session's CSRF token on writes,
// errors as ApiError carrying the message in the UI's language and the server's details.
import { locale, t } from './i18n.js';

let csrfToken = '';

export function setCsrfToken(token) {
  csrfToken = token || '';
}

// The server words its errors in the language each request asks for (Accept-Language below); the
// UI has words of its own only for no answer at all and for an answer that is not the API's.
function wordedFor(status, body) {
  if (body?.error?.message) return body.error.message;
  return status === 0 ? t('error.network') : t('error.http', { status });
}

class ApiError extends Error {
  constructor(status, body) {
    super(wordedFor(status, body));
    this.status = status;
    this.code = body?.error?.code || (status === 0 ? 'network' : '');
    this.details = body?.error?.details || {};
  }
}

async function parse(response) {
  const type = response.headers.get('content-type') || '';
  let body = null;
  if (type.includes('json')) {
    try {
      body = await response.json();
    } catch {
      // A body cut off (the page moved on mid-answer, the connection dropped) is no answer at all:
      // never hand the view a null as if the server had said so.
      if (response.ok) throw new ApiError(0, null);
    }
  }
  if (!response.ok) throw new ApiError(response.status, body);
  return body;
}

// The requests of the signed-in user still on their way. Signing out cancels them first, so none
// comes back 401 after the session is gone; a cancelled request never settles (its page is leaving).
let inFlight = new AbortController();
export function cancelRequests() {
  inFlight.abort();
  inFlight = new AbortController();
}

// A request with a body already in text form (a file the user picked) of `type`.
export async function sendText(method, path, text, type, headers = {}) {
  const { signal } = inFlight;
  const init = { method, headers: { 'accept-language': locale.value, ...headers }, credentials: 'same-origin', signal };
  if (method !== 'GET' && method !== 'HEAD') init.headers['x-csrf-token'] = csrfToken;
  if (text !== undefined) {
    init.headers['content-type'] = type;
    init.body = text;
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch {
    if (signal.aborted) return new Promise(() => {});
    throw new ApiError(0, null); // no answer at all: offline, or the server is gone
  }
  if (signal.aborted) return new Promise(() => {});
  return parse(response);
}

export const api = (method, path, body, headers = {}) =>
  sendText(method, path, body === undefined ? undefined : JSON.stringify(body), 'application/json', headers);

export const get = (path) => api('GET', path);

// A GET started before the view that needs it is drawn (main.jsx, for the page the app opens on);
// the view takes it with `prefetched(path)` (once), or asks anew when there is none.
const early = new Map();
export function prefetch(path) {
  const answer = get(path);
  answer.catch(() => {}); // a failure is the view's to report when it takes the answer
  early.set(path, answer);
}
export function prefetched(path) {
  const answer = early.get(path);
  early.delete(path);
  return answer ?? get(path);
}
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

// Uploads one photo; `open` uses the citizens' route (no account). XMLHttpRequest rather than
// fetch, which reports no upload progress: `onProgress(fraction)` follows the bytes sent.
// Returns { done: a promise of the server's answer, abort() }.
export function uploadPhoto(file, open = false, onProgress = () => {}) {
  const xhr = new XMLHttpRequest();
  const done = new Promise((resolve, reject) => {
    xhr.open('POST', open ? '/api/v1/public/attachments' : '/api/v1/attachments');
    if (!open) xhr.setRequestHeader('x-csrf-token', csrfToken);
    xhr.responseType = 'json';
    xhr.upload.onprogress = (e) => { if (e.lengthComputable) onProgress(e.loaded / e.total); };
    xhr.onload = () => (xhr.status >= 200 && xhr.status < 300 ? resolve(xhr.response) : reject(new ApiError(xhr.status, xhr.response)));
    xhr.onerror = () => reject(new ApiError(0, null));
    xhr.onabort = () => reject(Object.assign(new Error('aborted'), { name: 'AbortError' }));
    const form = new FormData();
    form.append('file', file);
    xhr.send(form);
  });
  return { done, abort: () => xhr.abort() };
}

// One action on a case at the version the user saw. The key is that (case, action, version): a
// double click or a retry after a lost answer is the same request and acts once; once it has acted,
// the case's version moves on and so does the next key.
export function act(caseView, action, fields = {}) {
  return post(`/api/v1/cases/${encodeURIComponent(caseView.id)}/actions/${action}`,
    { version: caseView.version, ...fields }, { 'idempotency-key': `${caseView.id}-${action}-v${caseView.version}` });
}

// Live case changes (SSE); `onLive(bool)` follows the connection. Returns a function that stops.
// The browser reconnects by itself after a dropped connection, but gives up for good when the
// server refuses the stream (429 when too many are open, 503): then this opens a new one after a
// pause that grows to a minute, so a queue never stays silently stale.
export function liveCases(onChange, onLive = () => {}) {
  if (typeof EventSource === 'undefined') return () => {};
  let source = null;
  let timer = null;
  let pause = 5000;
  let stopped = false;
  const handle = (e) => {
    try { onChange(JSON.parse(e.data), e.type); } catch { /* a malformed message is skipped */ }
  };
  const open = () => {
    source = new EventSource('/api/v1/events/stream');
    source.onopen = () => { pause = 5000; onLive(true); };
    source.onerror = () => {
      onLive(false);
      if (source.readyState === EventSource.CLOSED && !stopped) {
        timer = setTimeout(open, pause);
        pause = Math.min(pause * 2, 60000);
      }
    };
    source.addEventListener('case', handle);
    source.addEventListener('light', handle);
  };
  open();
  return () => { stopped = true; clearTimeout(timer); source.close(); };
}

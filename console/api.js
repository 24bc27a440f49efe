// Talking to zkpush's JSON API from the console: the session cookie goes by
// itself (same origin); every change carries the session's anti-forgery
// token. A 401 means the session is over: back to sign-in, then to the same
// page.

export const session = { name: null, role: null, scope: null, csrf: null };

const scopeRank = { read: 1, write: 2, admin: 3 };

// Whether the signed-in person may do what needs `scope` (read, write, admin).
export function can(scope) {
  return (scopeRank[session.scope] || 0) >= scopeRank[scope];
}

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
    // "name: a string is required" names the field it is about.
    const m = /^([a-z_][a-z0-9_.]*): /.exec(message || '');
    this.field = m ? m[1] : null;
  }
}

let onSignedOut = () => {};
export function whenSignedOut(handler) { onSignedOut = handler; }

export function setSession(body) {
  session.name = body.name;
  session.role = body.role;
  session.scope = body.scope;
  session.csrf = body.csrf_token;
}

export function clearSession() {
  session.name = session.role = session.scope = session.csrf = null;
}

// fetch() of an API path; resolves to the parsed JSON (null for 204),
// rejects with an ApiError.
export async function api(path, { method = 'GET', body, signal, raw = false } = {}) {
  const headers = { Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && session.csrf) headers['X-CSRF-Token'] = session.csrf;
  let response;
  try {
    response = await fetch(path, {
      method, headers, signal, credentials: 'same-origin',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError(0, 'the server cannot be reached');
  }
  if (response.status === 401 && session.name && !path.startsWith('/api/v1/session')) {
    clearSession();
    onSignedOut();
  }
  if (raw) return response;
  const text = await response.text();
  let data = null;
  if (text) {
    try { data = JSON.parse(text); } catch { data = { error: text }; }
  }
  if (!response.ok) {
    const error = new ApiError(response.status, (data && data.error) || response.statusText);
    error.retryAfter = Number(response.headers.get('Retry-After')) || 0;
    throw error;
  }
  return data;
}

// A query string from an object, leaving out empty values.
export function query(params) {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== undefined && v !== null && v !== '') q.set(k, v);
  const s = q.toString();
  return s ? '?' + s : '';
}

// The event stream (GET /api/v1/events) of `kinds`: handlers[kind](event)
// gets each event ({id, kind, at, data}); `badge` says "live" or
// "reconnecting". After a network error the browser reconnects by itself
// and resumes after the last event it saw (Last-Event-ID); an HTTP error
// (the session ended, the server refused) closes the stream for good: the
// session is checked (a 401 goes to sign-in) and the stream opened again
// after the last event seen. Returns the function that stops it.
export function eventStream(kinds, handlers, badge) {
  let source = null;
  let retry = null;
  let lastId = '';
  function connect() {
    source = new EventSource('/api/v1/events?kinds=' + kinds.join(',') + (lastId ? '&after=' + encodeURIComponent(lastId) : ''));
    source.addEventListener('open', () => { badge.className = 'badge text-bg-success'; badge.textContent = 'live'; });
    for (const [kind, handler] of Object.entries(handlers)) {
      source.addEventListener(kind, (message) => {
        lastId = message.lastEventId || lastId;
        handler(JSON.parse(message.data));
      });
    }
    source.addEventListener('error', async () => {
      badge.className = 'badge text-bg-warning';
      badge.textContent = 'reconnecting';
      if (source.readyState === EventSource.CLOSED) {
        try { await api('/api/v1/session'); } catch { return; }
        retry = setTimeout(connect, 3000);
      }
    });
  }
  connect();
  return () => { clearTimeout(retry); if (source) source.close(); };
}

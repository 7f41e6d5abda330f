// The hub's /api as the browser uses it: the session cookie, its CSRF token on every state change, JSON in and out.

let csrfToken = null;
let onSignedOut = () => {};

/** Called when the hub answers 401: the session ended. */
export function whenSignedOut(callback) {
  onSignedOut = callback;
}

/** {status, ok, data}: data is the parsed JSON body (or null); never throws for an HTTP status. */
export async function api(path, method = 'GET', body = undefined) {
  const headers = { 'X-Requested-With': 'heathub-console', Accept: 'application/json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (method !== 'GET' && csrfToken) headers['X-CSRF-Token'] = csrfToken;
  let response;
  try {
    response = await fetch(path, {
      method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (e) {
    return { status: 0, ok: false, data: { error: String(e) } };
  }
  const text = await response.text();
  let data = null;
  try {
    data = text ? JSON.parse(text) : null;
  } catch (e) {
    data = { error: text.slice(0, 200) };
  }
  if (response.status === 401 && path !== '/api/session') onSignedOut();
  return { status: response.status, ok: response.ok, data };
}

/** The signed-in user ({user, role}) of this browser's session, or null. */
export async function currentSession() {
  const r = await api('/api/session');
  if (!r.ok) return null;
  csrfToken = r.data.csrfToken;
  return r.data;
}

/** Signs in: the user, or the hub's answer ({status, data}) when refused. */
export async function signIn(user, password) {
  const r = await api('/api/session', 'POST', { user, password });
  if (r.ok) csrfToken = r.data.csrfToken;
  return r;
}

export async function signOut() {
  await api('/api/session', 'DELETE');
  csrfToken = null;
}

/** Roles in order: a role may do what every role before it may. */
const ROLES = ['viewer', 'operator', 'admin'];

export function atLeast(role, wanted) {
  return ROLES.indexOf(role) >= ROLES.indexOf(wanted);
}

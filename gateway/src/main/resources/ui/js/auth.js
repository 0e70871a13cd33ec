// Login with the configured OIDC issuer: authorization code + PKCE (S256) in the browser. The
// access token lives in sessionStorage (this tab only); when it expires, or the API answers 401,
// the user goes back to the issuer and returns to the page they were on.

const KEY = 'gitops.ui.';
let config = null;
let discovery = null;
let expiryTimer = null;

export async function init() {
  const res = await fetch('config.json', { cache: 'no-store' });
  if (!res.ok) throw new Error(`config.json: HTTP ${res.status}`);
  config = await res.json();
}

async function issuerMetadata() {
  if (!discovery) {
    const url = `${config.issuer.replace(/\/$/, '')}/.well-known/openid-configuration`;
    const res = await fetch(url);
    if (!res.ok) throw new Error(`issuer discovery at ${url}: HTTP ${res.status}`);
    discovery = await res.json();
  }
  return discovery;
}

function redirectUri() {
  return `${location.origin}/ui/`;
}

function b64url(bytes) {
  let s = '';
  for (const b of new Uint8Array(bytes)) s += String.fromCharCode(b);
  return btoa(s).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

function randomString() {
  return b64url(crypto.getRandomValues(new Uint8Array(48)));
}

/** The claims of a JWT (not verified here: the gateway verifies every call). */
export function claims(token) {
  try {
    const part = token.split('.')[1].replace(/-/g, '+').replace(/_/g, '/');
    return JSON.parse(decodeURIComponent(escape(atob(part))));
  } catch {
    return {};
  }
}

/** The access token, or null when there is none or it has expired. */
export function token() {
  const t = sessionStorage.getItem(`${KEY}token`);
  if (!t) return null;
  const exp = claims(t).exp;
  if (exp && exp * 1000 <= Date.now()) return null;
  return t;
}

export function user() {
  const t = token();
  if (!t) return null;
  const c = claims(t);
  return { name: c.preferred_username || c.sub || '?', groups: c.groups || [] };
}

/** Sends the browser to the issuer's login; afterwards it comes back to returnTo (a #/… page). */
export async function login(returnTo = location.hash || '#/apps') {
  if (sessionStorage.getItem(`${KEY}redirecting`) === '1') return; // one redirect at a time
  sessionStorage.setItem(`${KEY}redirecting`, '1');
  sessionStorage.removeItem(`${KEY}token`);
  const meta = await issuerMetadata();
  const verifier = randomString();
  const state = randomString();
  const challenge = b64url(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier)));
  sessionStorage.setItem(`${KEY}verifier`, verifier);
  sessionStorage.setItem(`${KEY}state`, state);
  sessionStorage.setItem(`${KEY}return`, returnTo);
  const q = new URLSearchParams({
    response_type: 'code',
    client_id: config.clientId,
    redirect_uri: redirectUri(),
    scope: 'openid',
    state,
    code_challenge: challenge,
    code_challenge_method: 'S256',
  });
  location.assign(`${meta.authorization_endpoint}?${q}`);
}

/**
 * On the way back from the issuer (?code=…&state=…): exchanges the code for a token with the PKCE
 * verifier and restores the page. Returns true when a token is in hand after it.
 */
export async function completeLogin() {
  sessionStorage.removeItem(`${KEY}redirecting`);
  const params = new URLSearchParams(location.search);
  if (!params.has('code') && !params.has('error')) return token() !== null;
  const returnTo = sessionStorage.getItem(`${KEY}return`) || '#/apps';
  const verifier = sessionStorage.getItem(`${KEY}verifier`);
  const state = sessionStorage.getItem(`${KEY}state`);
  sessionStorage.removeItem(`${KEY}verifier`);
  sessionStorage.removeItem(`${KEY}state`);
  history.replaceState(null, '', `/ui/${returnTo}`);
  if (params.has('error')) {
    throw new Error(`login refused: ${params.get('error')} ${params.get('error_description') || ''}`);
  }
  if (!verifier || params.get('state') !== state) {
    throw new Error('login answer does not match the request sent (state); sign in again');
  }
  const meta = await issuerMetadata();
  const res = await fetch(meta.token_endpoint, {
    method: 'POST',
    headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code: params.get('code'),
      redirect_uri: redirectUri(),
      client_id: config.clientId,
      code_verifier: verifier,
    }),
  });
  const body = await res.json().catch(() => ({}));
  if (!res.ok || !body.access_token) {
    throw new Error(`token exchange failed: ${body.error_description || body.error || `HTTP ${res.status}`}`);
  }
  sessionStorage.setItem(`${KEY}token`, body.access_token);
  if (body.id_token) sessionStorage.setItem(`${KEY}idToken`, body.id_token);
  return true;
}

/** Back to login when the token runs out, keeping the page. */
export function watchExpiry() {
  clearTimeout(expiryTimer);
  const t = token();
  if (!t) return;
  const exp = claims(t).exp;
  if (!exp) return;
  const ms = exp * 1000 - Date.now();
  expiryTimer = setTimeout(() => login(location.hash), Math.max(ms, 0));
}

export async function logout() {
  clearTimeout(expiryTimer);
  const idToken = sessionStorage.getItem(`${KEY}idToken`);
  sessionStorage.clear();
  let meta = null;
  try {
    meta = await issuerMetadata();
  } catch {
    meta = null;
  }
  if (meta && meta.end_session_endpoint) {
    const q = new URLSearchParams({ client_id: config.clientId, post_logout_redirect_uri: redirectUri() });
    if (idToken) q.set('id_token_hint', idToken);
    location.assign(`${meta.end_session_endpoint}?${q}`);
    return;
  }
  history.replaceState(null, '', '/ui/#/signed-out');
  location.reload();
}

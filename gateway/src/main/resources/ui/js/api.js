// The gateway's REST API from the page: bearer token, problem JSON as errors, 401 → login.
import * as auth from './auth.js';
import { h } from './dom.js';

export class ApiError extends Error {
  constructor(status, problem) {
    super(problem.detail || problem.title || `HTTP ${status}`);
    this.status = status;
    this.problem = problem;
  }
}

export async function api(path, { method = 'GET', body } = {}) {
  const t = auth.token();
  if (!t) {
    auth.login();
    throw new ApiError(401, { title: 'Signed out', detail: 'your session expired; signing in again' });
  }
  const headers = { Authorization: `Bearer ${t}`, Accept: 'application/json, application/problem+json' };
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let res;
  try {
    res = await fetch(`/api/v1${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  } catch (e) {
    throw new ApiError(0, { title: 'Gateway unreachable', detail: String(e.message || e) });
  }
  if (res.status === 401) {
    auth.login();
    throw new ApiError(401, { title: 'Signed out', detail: 'your session expired; signing in again' });
  }
  const text = await res.text();
  let json = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    throw new ApiError(res.status, json && typeof json === 'object' ? json
      : { title: res.statusText || `HTTP ${res.status}`, detail: text.slice(0, 500) });
  }
  return json;
}

export async function graphql(query, variables = {}) {
  const t = auth.token();
  const res = await fetch('/graphql', {
    method: 'POST',
    headers: { Authorization: `Bearer ${t}`, 'Content-Type': 'application/json' },
    body: JSON.stringify({ query, variables }),
  });
  if (res.status === 401) {
    auth.login();
    throw new ApiError(401, { title: 'Signed out' });
  }
  const body = await res.json();
  if (body.errors && body.errors.length) {
    throw new ApiError(res.status, { title: 'GraphQL error', detail: body.errors.map((e) => e.message).join('; ') });
  }
  return body.data;
}

/** An error as the problem JSON tells it: title, status, detail and the offending field. */
export function problemBox(err) {
  const p = err instanceof ApiError ? err.problem : { title: 'Error', detail: String(err && err.message ? err.message : err) };
  const status = err instanceof ApiError && err.status ? ` (HTTP ${err.status})` : '';
  return h('div', { class: 'problem', role: 'alert' },
    h('strong', {}, `${p.title || 'Error'}${status}`),
    p.detail ? h('p', {}, p.detail) : null,
    p.field ? h('p', { class: 'muted' }, `field: ${p.field}`) : null);
}

// Every app the user may see, across tenants: loaded page by page from the REST API (server-side
// cursor paging, 500 a page) and kept live by the status feed. Views subscribe and are told at
// most once per animation frame, however many changes arrive.
import { api } from './api.js';
import { subscribe } from './feed.js';

const PAGE = 500;
const apps = new Map(); // "tenant/name" -> row
let tenants = [];
let sorted = null; // rows in tenant/name order; null: to sort again
let shape = 0; // changes when apps come or go or move to another cluster
let loading = null;
let complete = false;
let feedState = 'connecting';
let version = 0;
const listeners = new Set();
let scheduled = false;

export const key = (tenant, name) => `${tenant}/${name}`;

function fromRest(a) {
  const spec = a.spec || {};
  const st = a.status || {};
  const old = apps.get(key(a.tenant, a.name));
  return {
    tenant: a.tenant,
    name: a.name,
    cluster: spec.destination?.cluster || '',
    namespace: spec.destination?.namespace || '',
    labels: a.labels || {},
    repo: spec.source?.repoURL || '',
    path: spec.source?.path || spec.source?.chart || '',
    targetRevision: spec.source?.targetRevision || '',
    automated: !!spec.syncPolicy?.automated,
    sync: old?.fromFeed ? old.sync : st.sync?.status || 'Unknown',
    health: old?.fromFeed ? old.health : st.health?.status || 'Unknown',
    healthMessage: old?.fromFeed ? old.healthMessage : st.health?.message || '',
    revision: old?.fromFeed ? old.revision : st.sync?.revision || '',
    message: old?.fromFeed ? old.message : st.message || '',
    reconciledAt: old?.fromFeed ? old.reconciledAt : st.reconciledAt || null,
    operation: old?.operation || null,
    resources: (st.resources || []).length,
    fromFeed: old?.fromFeed || false,
  };
}

function applyFeed(m) {
  const k = key(m.tenant, m.app);
  if (m.type === 'deleted') {
    if (apps.delete(k)) {
      sorted = null;
      shape++;
    }
    return;
  }
  let row = apps.get(k);
  if (!row) {
    row = { tenant: m.tenant, name: m.app, namespace: '', labels: {}, repo: '', path: '', resources: 0 };
    apps.set(k, row);
    sorted = null;
    shape++;
  }
  if (m.cluster && m.cluster !== row.cluster) {
    row.cluster = m.cluster;
    shape++;
  }
  row.sync = m.sync;
  row.health = m.health;
  row.healthMessage = m.healthMessage || '';
  row.revision = m.revision || '';
  row.message = m.message || '';
  row.reconciledAt = m.reconciledAt;
  row.operation = m.operation || null;
  row.fromFeed = true;
}

function changed() {
  version++;
  if (scheduled) return;
  scheduled = true;
  requestAnimationFrame(() => {
    scheduled = false;
    for (const l of listeners) l();
  });
}

async function loadTenant(t, onError) {
  let cursor = null;
  do {
    const q = new URLSearchParams({ limit: String(PAGE) });
    if (cursor) q.set('cursor', cursor);
    const page = await api(`/tenants/${encodeURIComponent(t.name)}/apps?${q}`).catch((e) => {
      onError(e);
      return { items: [], nextCursor: null };
    });
    for (const a of page.items) apps.set(key(a.tenant, a.name), fromRest(a));
    sorted = null;
    shape++;
    changed();
    cursor = page.nextCursor;
  } while (cursor);
}

/** Starts loading (once) and the feed; listener is called after each batch of changes. */
export function start(onError = () => {}) {
  if (!loading) {
    loading = (async () => {
      tenants = (await api('/tenants')).items;
      changed();
      subscribe({}, (m) => {
        if (m.type === 'app' || m.type === 'change' || m.type === 'deleted') {
          applyFeed(m);
          changed();
        }
      }, (s) => {
        feedState = s;
        changed();
      });
      // two tenants at a time: the first rows show after the first page
      const queue = [...tenants];
      const worker = async () => {
        while (queue.length) await loadTenant(queue.shift(), onError);
      };
      await Promise.all([worker(), worker()]);
      complete = true;
      changed();
    })();
    loading.catch(onError);
  }
  return loading;
}

export function listen(fn) {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

/** The rows in tenant/name order (the same array until apps come or go: do not modify it). */
export function all() {
  if (!sorted) {
    sorted = [...apps.keys()].sort().map((k) => apps.get(k));
  }
  return sorted;
}

export const shapeVersion = () => shape;

export const get = (tenant, name) => apps.get(key(tenant, name));
export const tenantList = () => tenants;
export const roleIn = (tenant) => tenants.find((t) => t.name === tenant)?.role || null;
export const isComplete = () => complete;
export const feed = () => feedState;
export const size = () => apps.size;
export const changes = () => version;

/** For the load check: feeds synthetic messages through the same path as the socket's. */
export function inject(messages) {
  for (const m of messages) applyFeed(m);
  changed();
}

// Building DOM without innerHTML: every value from the API lands as text, never as markup.

/** h('a', {href: '#/x', class: 'c', onclick: fn}, 'text', child, [more]) */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v);
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === null || c === undefined || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el) {
  while (el.firstChild) el.firstChild.remove();
  return el;
}

const SYNC_CLASS = { Synced: 'ok', OutOfSync: 'warn', Unknown: 'unknown' };
const HEALTH_CLASS = {
  Healthy: 'ok', Progressing: 'info', Degraded: 'bad', Suspended: 'muted',
  Missing: 'warn', Unknown: 'unknown',
};

export function syncBadge(s) {
  return h('span', { class: `badge ${SYNC_CLASS[s] || 'unknown'}`, title: 'sync status' }, s || 'Unknown');
}

export function healthBadge(s) {
  if (!s) return h('span', { class: 'badge none' }, '—');
  return h('span', { class: `badge ${HEALTH_CLASS[s] || 'unknown'}`, title: 'health' }, s);
}

export function phaseBadge(p) {
  const cls = p === 'Succeeded' ? 'ok' : p === 'Running' ? 'info' : p ? 'bad' : 'none';
  return h('span', { class: `badge ${cls}`, title: 'sync operation' }, p || '—');
}

export function shortRev(r) {
  return r ? String(r).slice(0, 7) : '—';
}

export function when(iso) {
  if (!iso) return '—';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const s = Math.round((Date.now() - d.getTime()) / 1000);
  if (s < 60) return `${Math.max(s, 0)}s ago`;
  if (s < 3600) return `${Math.round(s / 60)}m ago`;
  if (s < 86400) return `${Math.round(s / 3600)}h ago`;
  return d.toISOString().slice(0, 16).replace('T', ' ');
}

/** Tells screen readers (and tests) what just happened. */
export function announce(text) {
  const el = document.getElementById('live-status');
  if (el) el.textContent = text;
}

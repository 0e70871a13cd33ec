// Applications: every app the user may see, filtered and searched on the page (the set is loaded
// by server-side pages and kept live by the feed), counts by status, and a virtualised list: only
// the rows in view exist in the DOM, so 10,000 apps cost what 30 do.
import { h, clear, syncBadge, healthBadge, phaseBadge, shortRev, when, announce } from '../dom.js';
import { problemBox } from '../api.js';
import * as store from '../store.js';

const ROW = 64; // px, fixed: the list's geometry is arithmetic
const OVERSCAN = 6;
const SYNCS = ['Synced', 'OutOfSync', 'Unknown'];
const HEALTHS = ['Healthy', 'Progressing', 'Degraded', 'Suspended', 'Missing', 'Unknown'];
const FILTERS = ['q', 'tenant', 'cluster', 'namespace', 'sync', 'health', 'label'];

function matches(a, f) {
  if (f.tenant && a.tenant !== f.tenant) return false;
  if (f.cluster && a.cluster !== f.cluster) return false;
  if (f.namespace && a.namespace !== f.namespace) return false;
  if (f.sync && a.sync !== f.sync) return false;
  if (f.health && a.health !== f.health) return false;
  if (f.label) {
    for (const want of f.label.split(',').map((s) => s.trim()).filter(Boolean)) {
      const [k, v] = want.split('=');
      if (!a.labels || a.labels[k] !== v) return false;
    }
  }
  if (f.q) {
    const q = f.q.toLowerCase();
    if (!a.name.toLowerCase().includes(q) && !a.tenant.toLowerCase().includes(q)
      && !(a.cluster || '').toLowerCase().includes(q)) return false;
  }
  return true;
}

function select(id, label, options, value, onchange) {
  return h('label', { for: id }, label,
    h('select', { id, onchange },
      h('option', { value: '' }, 'All'),
      options.map((o) => h('option', { value: o, selected: o === value }, o))));
}

export function render(main, { params }) {
  const f = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || '']));
  const errors = h('div', {});
  const counts = h('div', { class: 'counts', id: 'counts', 'aria-label': 'Counts by status' });
  const summary = h('p', { class: 'muted', id: 'apps-summary', 'aria-live': 'polite' });
  const viewport = h('div', { class: 'vlist', id: 'app-list', role: 'list', 'aria-label': 'Applications', tabindex: '0' });
  const spacer = h('div', { class: 'vspacer' });
  const rowsEl = h('div', { class: 'vrows' });
  viewport.append(spacer, rowsEl);

  const tenantSel = h('span', {});
  const clusterSel = h('span', {});
  const setFilter = (k, v) => {
    f[k] = v;
    const q = new URLSearchParams();
    for (const key of FILTERS) if (f[key]) q.set(key, f[key]);
    const s = q.toString();
    history.replaceState(null, '', `#/apps${s ? `?${s}` : ''}`);
    lastRefilter = 0; // what the user asked for shows at once
    refilter();
  };
  const search = h('input', {
    id: 'search', type: 'search', placeholder: 'name, tenant or cluster', value: f.q,
    oninput: (e) => setFilter('q', e.target.value.trim()),
  });
  const ns = h('input', { id: 'f-namespace', value: f.namespace, onchange: (e) => setFilter('namespace', e.target.value.trim()) });
  const label = h('input', { id: 'f-label', placeholder: 'key=value', value: f.label, onchange: (e) => setFilter('label', e.target.value.trim()) });

  main.append(
    h('h1', {}, 'Applications'),
    errors,
    h('form', { class: 'filters', role: 'search', onsubmit: (e) => e.preventDefault() },
      h('label', { for: 'search' }, 'Search', search),
      tenantSel, clusterSel,
      select('f-sync', 'Sync', SYNCS, f.sync, (e) => setFilter('sync', e.target.value)),
      select('f-health', 'Health', HEALTHS, f.health, (e) => setFilter('health', e.target.value)),
      h('label', { for: 'f-namespace' }, 'Namespace', ns),
      h('label', { for: 'f-label' }, 'Label', label)),
    counts, summary, viewport);

  let shown = [];
  let lastTenants = '';
  let lastClusters = '';
  let lastShape = -1;
  let frame = 0;
  let lastRefilter = 0;
  let pending = null;

  function drawSelects(all) {
    if (store.shapeVersion() === lastShape) return;
    lastShape = store.shapeVersion();
    const tenants = store.tenantList().map((t) => t.name);
    const clusters = [...new Set(all.map((a) => a.cluster).filter(Boolean))].sort();
    if (tenants.join() !== lastTenants) {
      lastTenants = tenants.join();
      clear(tenantSel).append(select('f-tenant', 'Tenant', tenants, f.tenant, (e) => setFilter('tenant', e.target.value)));
    }
    if (clusters.join() !== lastClusters) {
      lastClusters = clusters.join();
      clear(clusterSel).append(select('f-cluster', 'Cluster', clusters, f.cluster, (e) => setFilter('cluster', e.target.value)));
    }
  }

  function drawCounts(c, n) {
    clear(counts);
    const chip = (k, v, n, cls) => h('button', {
      type: 'button', class: `chip ${cls}${f[k] === v ? ' active' : ''}`, 'aria-pressed': String(f[k] === v),
      dataset: { count: `${k}-${v}` }, onclick: () => setFilter(k, f[k] === v ? '' : v),
    }, `${v} `, h('b', {}, String(n)));
    counts.append(h('span', { class: 'chip total' }, 'All ', h('b', {}, String(n))));
    for (const s of SYNCS) if (c[s]) counts.append(chip('sync', s, c[s], s === 'Synced' ? 'ok' : 'warn'));
    for (const s of HEALTHS) if (c[s]) counts.append(chip('health', s, c[s], s === 'Healthy' ? 'ok' : s === 'Degraded' ? 'bad' : 'info'));
  }

  function drawRows() {
    const top = viewport.scrollTop;
    const height = viewport.clientHeight || 600;
    const first = Math.max(0, Math.floor(top / ROW) - OVERSCAN);
    const last = Math.min(shown.length, Math.ceil((top + height) / ROW) + OVERSCAN);
    spacer.style.height = `${shown.length * ROW}px`;
    // rows are rebuilt: keep keyboard focus on the same app's link when it is still in view
    const active = document.activeElement;
    const focused = active && rowsEl.contains(active) ? active.closest('.app-row')?.dataset.app : null;
    const frag = document.createDocumentFragment();
    for (let i = first; i < last; i++) frag.append(row(shown[i], i));
    clear(rowsEl).append(frag);
    rowsEl.style.transform = `translateY(${first * ROW}px)`;
    if (focused) {
      const again = rowsEl.querySelector(`[data-app="${CSS.escape(focused)}"] a`);
      if (again) again.focus({ preventScroll: true });
      else viewport.focus({ preventScroll: true });
    }
  }

  function row(a, i) {
    const href = `#/apps/${encodeURIComponent(a.tenant)}/${encodeURIComponent(a.name)}`;
    return h('div', { class: 'app-row', role: 'listitem', 'aria-setsize': String(shown.length), 'aria-posinset': String(i + 1), dataset: { app: `${a.tenant}/${a.name}`, sync: a.sync, health: a.health } },
      h('div', { class: 'line' },
        h('a', { href, class: 'app-name' }, a.name),
        h('span', { class: 'muted' }, a.tenant),
        syncBadge(a.sync), healthBadge(a.health),
        a.operation && a.operation.phase === 'Running' ? phaseBadge('Running') : null),
      h('div', { class: 'line muted small' },
        h('span', {}, `${a.cluster || '?'}/${a.namespace || '?'}`),
        h('span', { title: a.revision || '' }, `rev ${shortRev(a.revision)}`),
        h('span', {}, `last sync ${a.operation ? `${a.operation.phase} ${when(a.operation.startedAt)}` : '—'}`),
        h('span', {}, `checked ${when(a.reconciledAt)}`)));
  }

  // With thousands of apps and hundreds of changes a second, the list is refiltered at most five
  // times a second (scrolling redraws at once); small lists follow every frame.
  function refilter() {
    const big = store.size() > 2000;
    const since = performance.now() - lastRefilter;
    if (big && since < 200) {
      if (!pending) pending = setTimeout(() => { pending = null; refilter(); }, 200 - since);
      return;
    }
    lastRefilter = performance.now();
    const all = store.all();
    drawSelects(all);
    // one pass: the counts cover the apps the other filters let through, whatever their status
    const others = { ...f, sync: '', health: '' };
    const c = {};
    let n = 0;
    shown = [];
    for (const a of all) {
      if (!matches(a, others)) continue;
      n++;
      c[a.sync] = (c[a.sync] || 0) + 1;
      c[a.health] = (c[a.health] || 0) + 1;
      if ((!f.sync || a.sync === f.sync) && (!f.health || a.health === f.health)) shown.push(a);
    }
    drawCounts(c, n);
    const feed = store.feed();
    summary.textContent = `${shown.length} of ${all.length} apps${store.isComplete() ? '' : ' (loading…)'} · feed ${feed}`;
    summary.dataset.feed = feed;
    drawRows();
  }

  // the list scrolls by keyboard too: arrows by a row, Page Up/Down by a screen, Home/End
  viewport.addEventListener('keydown', (e) => {
    const page = Math.max(ROW, viewport.clientHeight - ROW);
    const by = { ArrowDown: ROW, ArrowUp: -ROW, PageDown: page, PageUp: -page }[e.key];
    if (by !== undefined) viewport.scrollTop += by;
    else if (e.key === 'Home') viewport.scrollTop = 0;
    else if (e.key === 'End') viewport.scrollTop = viewport.scrollHeight;
    else return;
    e.preventDefault();
  });

  viewport.addEventListener('scroll', () => {
    if (frame) return;
    frame = requestAnimationFrame(() => {
      frame = 0;
      drawRows();
    });
  });

  const stop = store.listen(refilter);
  store.start((e) => errors.append(problemBox(e)));
  refilter();
  announce('Applications');
  const onResize = () => drawRows();
  window.addEventListener('resize', onResize);
  return {
    // filter changes rewrite the hash themselves: nothing to rebuild
    update: () => true,
    dispose() {
      stop();
      clearTimeout(pending);
      window.removeEventListener('resize', onResize);
    },
  };
}

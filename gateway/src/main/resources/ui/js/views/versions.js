// Where each version runs: applications (the same source path) × clusters, each cell the app
// deployed there with its revision, sync and health. Built from the apps API and the feed.
import { h, clear, syncBadge, healthBadge, shortRev, announce } from '../dom.js';
import { problemBox } from '../api.js';
import * as store from '../store.js';

export function render(main) {
  const errors = h('div', {});
  const table = h('div', { class: 'scroll-x', id: 'versions' });
  main.append(h('h1', {}, 'Where each version runs'),
    h('p', { class: 'muted' }, 'Rows: applications by source (repository and path); columns: clusters. Images of live workloads are not in the apps API yet.'),
    errors, table);

  function draw() {
    const all = store.all();
    const clusters = [...new Set(all.map((a) => a.cluster).filter(Boolean))].sort();
    const rows = new Map();
    for (const a of all) {
      const k = a.path ? `${a.tenant} · ${a.path}` : `${a.tenant} · ${a.name}`;
      if (!rows.has(k)) rows.set(k, new Map());
      const cell = rows.get(k);
      if (!cell.has(a.cluster)) cell.set(a.cluster, []);
      cell.get(a.cluster).push(a);
    }
    const shown = [...rows.entries()].sort(([x], [y]) => x.localeCompare(y)).slice(0, 2000);
    clear(table).append(h('table', { class: 'matrix' },
      h('caption', { class: 'sr-only' }, 'Applications by cluster'),
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Application'), clusters.map((c) => h('th', { scope: 'col' }, c)))),
      h('tbody', {}, shown.map(([k, cells]) => h('tr', {},
        h('th', { scope: 'row' }, k),
        clusters.map((c) => h('td', {}, (cells.get(c) || []).map((a) => h('div', { class: 'cell', dataset: { app: `${a.tenant}/${a.name}` } },
          h('a', { href: `#/apps/${encodeURIComponent(a.tenant)}/${encodeURIComponent(a.name)}` }, a.name),
          h('code', { title: a.revision || '' }, shortRev(a.revision)),
          syncBadge(a.sync), healthBadge(a.health))))))))));
    if (rows.size > shown.length) table.append(h('p', { class: 'muted' }, `first ${shown.length} of ${rows.size} applications`));
  }
  let pending = false;
  const stop = store.listen(() => {
    // the matrix is a plain table: redrawn at most twice a second, not per frame
    if (pending) return;
    pending = true;
    setTimeout(() => {
      pending = false;
      draw();
    }, 500);
  });
  store.start((e) => errors.append(problemBox(e)));
  draw();
  announce('Versions');
  return { dispose: stop };
}

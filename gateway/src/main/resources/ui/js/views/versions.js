// Where each version runs: applications (the same source path) × clusters, each cell the app
// deployed there with its revision, sync, health and the images its live workloads run. Apps and
// states come from the apps API and the feed; images from the environments API (all=true, one
// call per tenant), read again when the feed reports a change (a hand-set image makes the app
// drift), at most every few seconds.
import { h, clear, syncBadge, healthBadge, shortRev, announce } from '../dom.js';
import { api, problemBox } from '../api.js';
import * as store from '../store.js';

const IMAGES_EVERY_MS = 3000;

export function render(main) {
  const errors = h('div', {});
  const table = h('div', { class: 'scroll-x', id: 'versions' });
  main.append(h('h1', {}, 'Where each version runs'),
    h('p', { class: 'muted' }, 'Rows: applications by source (repository and path); columns: clusters. Images are those the live workloads run.'),
    errors, table);

  const images = new Map(); // "tenant/name" -> [{container, image, slot, ...}]
  let imagesAt = 0;
  let imagesTimer = null;
  let disposed = false;

  // One call per tenant; a tenant that refuses (or fails) shows its problem and keeps the rest.
  async function loadImages() {
    imagesAt = Date.now();
    const fresh = new Map();
    await Promise.all(store.tenantList().map(async (t) => {
      try {
        const m = await api(`/tenants/${encodeURIComponent(t.name)}/environments?all=true`);
        for (const row of m.environments || []) fresh.set(store.key(t.name, row.app), row.images || []);
      } catch (e) {
        errors.append(problemBox(e));
      }
    }));
    if (disposed) return;
    images.clear();
    fresh.forEach((v, k) => images.set(k, v));
    draw();
  }

  function imagesSoon() {
    if (imagesTimer || !store.tenantList().length) return;
    imagesTimer = setTimeout(() => {
      imagesTimer = null;
      loadImages();
    }, Math.max(0, imagesAt + IMAGES_EVERY_MS - Date.now()));
  }

  function imageList(list) {
    if (!list || !list.length) return h('span', { class: 'muted images' }, list ? 'no images' : '');
    return h('ul', { class: 'images' }, list.map((i) => h('li', { title: `${i.kind}/${i.name} ${i.container}${i.init ? ' (init)' : ''}` },
      h('code', { dataset: { slot: i.slot } }, i.image))));
  }

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
          syncBadge(a.sync), healthBadge(a.health),
          imageList(images.get(store.key(a.tenant, a.name))))))))))));
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
    imagesSoon();
  });
  store.start((e) => errors.append(problemBox(e))).then(imagesSoon, () => {});
  imagesSoon();
  draw();
  announce('Versions');
  return {
    dispose: () => {
      disposed = true;
      clearTimeout(imagesTimer);
      stop();
    },
  };
}

// Clusters: reachability (operators see the gateway's connection state), apps and objects per
// cluster, counted from the apps the user may see.
import { h, clear, announce } from '../dom.js';
import { api, graphql, problemBox } from '../api.js';
import * as store from '../store.js';

export function render(main) {
  const errors = h('div', {});
  const list = h('div', { id: 'clusters', class: 'cards' });
  main.append(h('h1', {}, 'Clusters'), errors, list);
  let reach = null; // name -> {connected, reason, watchedObjects}
  let names = [];

  async function loadReachability() {
    try {
      const r = await api('/admin/clusters');
      reach = new Map(r.items.map((c) => [c.name, c]));
      names = r.items.map((c) => c.name);
    } catch (e) {
      if (e.status !== 403 && e.status !== 404) errors.append(problemBox(e));
      try {
        names = (await graphql('{ clusters { name } }')).clusters.map((c) => c.name);
      } catch (e2) {
        errors.append(problemBox(e2));
      }
    }
    draw();
  }

  function draw() {
    const per = new Map();
    for (const n of names) per.set(n, { apps: 0, objects: 0, outOfSync: 0, degraded: 0 });
    for (const a of store.all()) {
      if (!per.has(a.cluster)) per.set(a.cluster, { apps: 0, objects: 0, outOfSync: 0, degraded: 0 });
      const c = per.get(a.cluster);
      c.apps++;
      c.objects += a.resources || 0;
      if (a.sync === 'OutOfSync') c.outOfSync++;
      if (a.health === 'Degraded' || a.health === 'Missing') c.degraded++;
    }
    clear(list);
    for (const [name, c] of [...per.entries()].sort()) {
      const r = reach ? reach.get(name) : null;
      const state = !reach ? h('span', { class: 'badge unknown', title: 'reachability is shown to operators' }, 'reachability: operators only')
        : r && r.connected ? h('span', { class: 'badge ok' }, 'Reachable')
          : h('span', { class: 'badge bad' }, `Unreachable${r && r.reason ? `: ${r.reason}` : ''}`);
      list.append(h('section', { class: 'card cluster', dataset: { cluster: name } },
        h('h2', {}, name), state,
        h('dl', { class: 'facts' },
          h('dt', {}, 'Apps'), h('dd', {}, h('a', { href: `#/apps?cluster=${encodeURIComponent(name)}` }, String(c.apps))),
          h('dt', {}, 'Objects (your apps)'), h('dd', {}, String(c.objects)),
          r && r.watchedObjects !== undefined ? [h('dt', {}, 'Objects watched'), h('dd', {}, String(r.watchedObjects))] : null,
          h('dt', {}, 'Out of sync'), h('dd', {}, String(c.outOfSync)),
          h('dt', {}, 'Degraded or missing'), h('dd', {}, String(c.degraded)))));
    }
  }

  const stop = store.listen(draw);
  store.start((e) => errors.append(problemBox(e)));
  loadReachability();
  announce('Clusters');
  return { dispose: stop };
}

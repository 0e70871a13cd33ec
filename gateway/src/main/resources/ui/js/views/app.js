// One application: summary, actions by role, objects as a tree with status/health/message and the
// diff of each drifted one, sync history with per-object results; live from the feed while open.
import { h, clear, syncBadge, healthBadge, phaseBadge, shortRev, when, announce } from '../dom.js';
import { api, problemBox } from '../api.js';
import { subscribe } from '../feed.js';

const CAN_ACT = new Set(['admin', 'deployer']);

export function render(main, { tenant, app }) {
  const base = `/tenants/${encodeURIComponent(tenant)}/apps/${encodeURIComponent(app)}`;
  const head = h('section', { class: 'card', id: 'app-summary' });
  const actions = h('section', { class: 'card', id: 'actions', 'aria-label': 'Actions' });
  const progress = h('div', { id: 'progress', 'aria-live': 'polite' });
  const objects = h('section', { class: 'card', id: 'objects', 'aria-label': 'Objects' });
  const history = h('section', { class: 'card', id: 'history', 'aria-label': 'Sync history' });
  main.append(
    h('p', {}, h('a', { href: '#/apps' }, '← Applications')),
    h('h1', {}, app, h('span', { class: 'muted' }, ` in ${tenant}`)),
    head, progress, actions, objects, history);

  let role = null;
  let current = null;
  let ops = [];
  let reloadTimer = null;
  let lastPhase = null;
  const lastSync = h('dd', { id: 'last-sync' }, '—');

  function drawLastSync() {
    const o = ops.find((x) => !x.options?.dryRun);
    clear(lastSync).append(...(o ? [phaseBadge(o.phase), ` ${shortRev(o.revision)} by ${o.triggeredBy || '?'}, ${when(o.finishedAt || o.startedAt)}`] : ['—']));
    lastSync.dataset.revision = o && o.phase === 'Succeeded' ? o.revision : '';
  }

  async function loadSummary() {
    try {
      const [a, tenants, auto] = await Promise.all([
        api(base), role ? null : api('/tenants'), api(`${base}/auto-sync`).catch(() => null)]);
      if (tenants) role = tenants.items.find((t) => t.name === tenant)?.role || 'viewer';
      current = a;
      drawSummary(a, auto);
      drawActions(auto);
    } catch (e) {
      clear(head).append(problemBox(e));
      clear(actions);
    }
  }

  function drawSummary(a, auto) {
    const st = a.status || {};
    const spec = a.spec || {};
    clear(head).append(
      h('div', { class: 'line' }, syncBadge(st.sync?.status), healthBadge(st.health?.status),
        auto && auto.paused ? h('span', { class: 'badge warn', id: 'paused' }, 'auto-sync paused') : null),
      h('dl', { class: 'facts' },
        h('dt', {}, 'Git revision'), h('dd', { id: 'revision', title: st.sync?.revision || '' }, shortRev(st.sync?.revision)),
        h('dt', {}, 'Last sync'), lastSync,
        h('dt', {}, 'Source'), h('dd', {}, `${spec.source?.repoURL || ''} ${spec.source?.path || spec.source?.chart || ''} @ ${spec.source?.targetRevision || 'HEAD'}`),
        h('dt', {}, 'Destination'), h('dd', {}, `${spec.destination?.cluster}/${spec.destination?.namespace || ''}`),
        h('dt', {}, 'Automated sync'), h('dd', {}, spec.syncPolicy?.automated
          ? `on${spec.syncPolicy.automated.prune ? ', prune' : ''}${spec.syncPolicy.automated.selfHeal ? ', self-heal' : ''}${auto && auto.paused ? ` (paused: ${auto.reason || 'rollback'})` : ''}`
          : 'off (manual)'),
        h('dt', {}, 'Health'), h('dd', {}, st.health?.message || '—'),
        h('dt', {}, 'Message'), h('dd', {}, st.message || '—'),
        h('dt', {}, 'Checked'), h('dd', {}, when(st.reconciledAt))));
  }

  // The result of the last action stays put while the controls above it redraw with the feed.
  const controls = h('div', {});
  const out = h('div', { id: 'action-result', 'aria-live': 'polite' });
  const run = async (label, fn) => {
    clear(out).append(h('p', { class: 'muted' }, `${label}…`));
    try {
      await fn(out);
    } catch (e) {
      clear(out).append(problemBox(e));
    }
  };

  function drawActions(auto) {
    clear(actions).append(h('h2', {}, 'Actions'));
    if (!CAN_ACT.has(role)) {
      actions.append(h('p', { class: 'muted', id: 'read-only' }, `You have the ${role || 'viewer'} role in ${tenant}: read only.`));
      return;
    }
    actions.append(controls, out);
    clear(controls);
    const bar = h('div', { class: 'buttons' },
      h('button', { type: 'button', id: 'refresh', onclick: () => run('Refreshing', async (o) => {
        await api(`${base}/refresh`, { method: 'POST' });
        clear(o).append(h('p', {}, 'Refreshed.'));
        reloadAll();
      }) }, 'Refresh'),
      h('button', { type: 'button', id: 'sync', class: 'primary', onclick: () => run('Planning (dry run)', preview) }, 'Sync…'),
      auto && auto.paused ? h('button', { type: 'button', id: 'resume', onclick: () => run('Resuming', async (o) => {
        await api(`${base}/resume-auto-sync`, { method: 'POST' });
        clear(o).append(h('p', {}, 'Automated sync resumed.'));
        reloadAll();
      }) }, 'Resume auto-sync') : null,
      role === 'admin' && current ? autoSyncToggle() : null);
    const revisions = [...new Set(ops.filter((o) => o.phase === 'Succeeded' && o.revision).map((o) => o.revision))];
    const rollbackSel = h('select', { id: 'rollback-revision' },
      revisions.map((r) => h('option', { value: r }, `${shortRev(r)} ${ops.find((o) => o.revision === r)?.finishedAt ? when(ops.find((o) => o.revision === r).finishedAt) : ''}`)));
    const rollback = h('div', { class: 'line' },
      h('label', { for: 'rollback-revision' }, 'Roll back to ', rollbackSel),
      h('button', { type: 'button', id: 'rollback', disabled: revisions.length === 0, onclick: () => run('Rolling back', async (o) => {
        await api(`${base}/rollback`, { method: 'POST', body: { revision: rollbackSel.value } });
        clear(o).append(h('p', { id: 'rollback-done' }, `Rolled back to ${shortRev(rollbackSel.value)}.`,
          ' Automated sync is paused until Git moves on or you resume it.'));
        reloadAll();
      }) }, 'Roll back'));
    controls.append(bar, rollback,
      h('p', { class: 'muted small' }, 'A rollback pauses automated sync; "Resume auto-sync" ends the pause.'));

    // Turning automated sync off or on is an edit of the app's spec (as in Argo CD), so it is an
    // admin's action; the PUT carries the version read, and a concurrent edit answers 409.
    function autoSyncToggle() {
      const on = !!current.spec?.syncPolicy?.automated;
      return h('button', { type: 'button', id: 'auto-sync-toggle', onclick: () => run(on ? 'Turning automated sync off' : 'Turning automated sync on', async (o) => {
        const syncPolicy = { ...(current.spec.syncPolicy || {}) };
        if (on) delete syncPolicy.automated; else syncPolicy.automated = {};
        await api(base, { method: 'PUT', body: { ...current.spec, syncPolicy, labels: current.labels || {}, version: current.version } });
        clear(o).append(h('p', { id: 'auto-sync-done' }, on
          ? 'Automated sync is off: new commits and drift wait for a sync.'
          : 'Automated sync is on.'));
        reloadAll();
      }) }, on ? 'Turn off auto-sync' : 'Turn on auto-sync');
    }

    async function preview(o) {
      const prune = h('input', { type: 'checkbox', id: 'opt-prune', checked: !!current?.spec?.syncPolicy?.automated?.prune });
      const force = h('input', { type: 'checkbox', id: 'opt-force' });
      const plan = await api(`${base}/operations`, { method: 'POST', body: { dryRun: true } });
      const list = (title, items, id) => h('div', { id },
        h('h3', {}, `${title} (${(items || []).length})`),
        (items || []).length ? h('ul', {}, items.map((i) => h('li', {}, typeof i === 'string' ? i : JSON.stringify(i)))) : h('p', { class: 'muted' }, 'none'));
      const p = plan.plan || {};
      clear(o).append(h('div', { class: 'preview', id: 'dry-run' },
        h('h3', {}, 'Dry run: what a sync would do'),
        plan.refusal ? h('div', { class: 'problem', role: 'alert' }, `Refused: ${typeof plan.refusal === 'string' ? plan.refusal : JSON.stringify(plan.refusal)}`) : null,
        list('Create', p.create, 'plan-create'), list('Change', p.change, 'plan-change'), list('Prune', p.prune, 'plan-prune'),
        p.held && p.held.length ? list('Held', p.held, 'plan-held') : null,
        plan.server && plan.server.errors ? h('div', { class: 'problem' },
          h('strong', {}, `The cluster's dry run reported ${plan.server.errors} error(s)`),
          h('ul', {}, (plan.server.objects || []).filter((x) => x.result === 'error').map((x) => h('li', {}, `${x.object}: ${x.message}`)))) : null,
        h('div', { class: 'line' },
          h('label', { for: 'opt-prune' }, prune, ' prune'),
          h('label', { for: 'opt-force' }, force, ' take over fields other managers own (force)')),
        h('div', { class: 'buttons' },
          h('button', { type: 'button', class: 'primary', id: 'confirm-sync', onclick: () => run('Syncing', async (o2) => {
            const body = { prune: prune.checked };
            if (force.checked) body.force = true;
            const r = await api(`${base}/operations`, { method: 'POST', body });
            const op = r.operation || {};
            clear(o2).append(h('p', { id: 'sync-done' }, 'Sync ', op.phase ? phaseBadge(op.phase) : syncBadge(r.status?.sync?.status),
              ` ${op.message || r.status?.message || ''}`));
            reloadAll();
          }) }, 'Sync now'),
          h('button', { type: 'button', id: 'cancel-sync', onclick: () => clear(o) }, 'Cancel'))));
      document.getElementById('confirm-sync')?.focus();
    }
  }

  async function loadObjects() {
    try {
      const [res, diff] = await Promise.all([api(`${base}/resources`), api(`${base}/diff`).catch(() => ({ items: [] }))]);
      drawObjects(res.items || [], diff.items || []);
    } catch (e) {
      clear(objects).append(h('h2', {}, 'Objects'), problemBox(e));
    }
  }

  function objKey(o) {
    return `${o.group || ''}/${o.kind}/${o.namespace || ''}/${o.name}`;
  }

  function drawObjects(items, diffs) {
    const byKey = new Map(diffs.map((d) => [objKey(d), d]));
    // The tree: app → namespace → objects, owned objects under their owner where the API names one
    const children = new Map();
    const roots = [];
    const index = new Map(items.map((o) => [`${o.kind}/${o.namespace || ''}/${o.name}`, o]));
    for (const o of items) {
      const owner = o.owner ? index.get(`${o.owner.kind}/${o.namespace || ''}/${o.owner.name}`) : null;
      if (owner) {
        const k = objKey(owner);
        if (!children.has(k)) children.set(k, []);
        children.get(k).push(o);
      } else roots.push(o);
    }
    const byNs = new Map();
    for (const o of roots) {
      const ns = o.namespace || '(cluster-scoped)';
      if (!byNs.has(ns)) byNs.set(ns, []);
      byNs.get(ns).push(o);
    }
    const node = (o) => {
      const d = byKey.get(objKey(o));
      const drifted = d && d.verdict && d.verdict !== 'IN_SYNC';
      const kids = children.get(objKey(o)) || [];
      return h('li', { class: 'obj', dataset: { object: `${o.kind}/${o.name}`, status: o.status || '' } },
        h('div', { class: 'line' },
          h('span', { class: 'kind' }, o.kind), h('strong', {}, o.name),
          syncBadge(o.status), healthBadge(o.health),
          o.message ? h('span', { class: 'muted small' }, o.message) : null),
        drifted ? diffView(o, d) : null,
        kids.length ? h('ul', {}, kids.map(node)) : null);
    };
    clear(objects).append(h('h2', {}, `Objects (${items.length})`),
      h('ul', { class: 'tree', id: 'object-tree' },
        h('li', {}, h('strong', {}, app),
          h('ul', {}, [...byNs.entries()].map(([ns, list]) => h('li', {},
            h('span', { class: 'kind' }, 'Namespace'), ` ${ns}`,
            h('ul', {}, list.map(node))))))));
  }

  function diffView(o, d) {
    const unified = h('pre', { class: 'diff', tabindex: '0' });
    for (const line of (d.diff || '').split('\n')) {
      const cls = line.startsWith('+++') || line.startsWith('---') ? 'file'
        : line.startsWith('@@') ? 'hunk' : line.startsWith('+') ? 'add' : line.startsWith('-') ? 'del' : '';
      unified.append(h('span', { class: cls }, `${line}\n`));
    }
    const body = h('div', {}, d.diff ? unified : h('p', { class: 'muted' }, d.verdict === 'MISSING' ? 'Not on the cluster yet.' : 'No textual diff.'));
    let sideBySide = null;
    const toggle = d.diff ? h('button', { type: 'button', class: 'small', 'aria-pressed': 'false', onclick: () => {
      const on = toggle.getAttribute('aria-pressed') !== 'true';
      toggle.setAttribute('aria-pressed', String(on));
      toggle.textContent = on ? 'Unified' : 'Side by side';
      if (on && !sideBySide) sideBySide = sideBySideView(d.diff);
      clear(body).append(on ? sideBySide : unified);
    } }, 'Side by side') : null;
    return h('details', { class: 'diff-box', dataset: { diff: `${o.kind}/${o.name}` } },
      h('summary', {}, `Diff (${d.verdict.toLowerCase().replace('_', ' ')}): ${(d.changedPaths || []).join(', ') || 'whole object'}`),
      toggle, body);
  }

  /** The unified diff as two columns, live | desired: removed and added runs side by side. */
  function sideBySideView(text) {
    const rows = [];
    let dels = [];
    let adds = [];
    const flush = () => {
      for (let i = 0; i < Math.max(dels.length, adds.length); i++) rows.push([dels[i], adds[i], 'change']);
      dels = [];
      adds = [];
    };
    for (const line of text.split('\n')) {
      if (line.startsWith('---') || line.startsWith('+++')) continue;
      if (line.startsWith('@@')) {
        flush();
        rows.push([line, line, 'hunk']);
      } else if (line.startsWith('-')) dels.push(line.slice(1));
      else if (line.startsWith('+')) adds.push(line.slice(1));
      else {
        flush();
        rows.push([line.slice(1), line.slice(1), '']);
      }
    }
    flush();
    return h('div', { class: 'scroll-x' }, h('table', { class: 'diff-sbs' },
      h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'live'), h('th', { scope: 'col' }, 'desired (Git)'))),
      h('tbody', {}, rows.map(([l, r, kind]) => h('tr', { class: kind },
        h('td', { class: kind === 'change' && l !== undefined ? 'del' : '' }, l ?? ''),
        h('td', { class: kind === 'change' && r !== undefined ? 'add' : '' }, r ?? ''))))));
  }

  async function loadHistory() {
    try {
      const r = await api(`${base}/operations?limit=20`);
      ops = r.items || [];
      drawHistory();
      drawLastSync();
      if (current) drawActions(await api(`${base}/auto-sync`).catch(() => null));
    } catch (e) {
      clear(history).append(h('h2', {}, 'Sync history'), problemBox(e));
    }
  }

  function drawHistory() {
    clear(history).append(h('h2', {}, 'Sync history'));
    if (!ops.length) {
      history.append(h('p', { class: 'muted' }, 'No sync yet.'));
      return;
    }
    history.append(h('ol', { class: 'ops', id: 'ops' }, ops.map((o) => h('li', { dataset: { op: String(o.id), phase: o.phase } },
      h('details', {},
        h('summary', {}, phaseBadge(o.phase), ` #${o.id} · ${shortRev(o.revision)} · ${o.triggeredBy || '?'} · ${when(o.startedAt)}${o.options?.rollback ? ' · rollback' : ''}${o.options?.dryRun ? ' · dry run' : ''}`),
        h('p', {}, o.message || ''),
        h('table', {},
          h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Object'), h('th', { scope: 'col' }, 'Result'), h('th', { scope: 'col' }, 'Message'))),
          h('tbody', {}, (o.results || []).map((x) => h('tr', {},
            h('td', {}, `${x.kind}/${x.namespace ? `${x.namespace}/` : ''}${x.name}`), h('td', {}, x.result || ''), h('td', {}, x.message || ''))))))))));
  }

  function reloadAll() {
    clearTimeout(reloadTimer);
    reloadTimer = setTimeout(() => {
      loadSummary();
      loadObjects();
      loadHistory();
    }, 150);
  }

  const sub = subscribe({ tenant, app }, (m) => {
    if (m.type !== 'app' && m.type !== 'change') return;
    const op = m.operation;
    clear(progress);
    if (op && op.phase === 'Running') {
      progress.append(h('div', { class: 'card running', id: 'sync-running' },
        phaseBadge('Running'), ` Sync #${op.id} to ${shortRev(op.revision)} started ${when(op.startedAt)}: ${op.message || 'applying…'}`));
    }
    const phase = op ? `${op.id}:${op.phase}` : null;
    const summaryChanged = !current || m.sync !== current.status?.sync?.status || m.health !== current.status?.health?.status
      || m.revision !== current.status?.sync?.revision;
    if (m.type === 'change' && (phase !== lastPhase || summaryChanged)) {
      announce(`${app}: ${m.sync}, ${m.health}`);
      reloadAll();
    }
    lastPhase = phase;
  });

  loadSummary();
  loadObjects();
  loadHistory();
  return {
    dispose() {
      sub.close();
      clearTimeout(reloadTimer);
    },
  };
}

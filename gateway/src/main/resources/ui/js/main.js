// The page's entry: login first, then hash routes to the views.
import * as auth from './auth.js';
import { h, clear } from './dom.js';
import { problemBox } from './api.js';
import * as appsView from './views/apps.js';
import * as appView from './views/app.js';
import * as versionsView from './views/versions.js';
import * as clustersView from './views/clusters.js';

const main = document.getElementById('main');
let current = null; // the shown view's cleanup

function route() {
  const hash = location.hash || '#/apps';
  const [path, query] = hash.slice(1).split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  const params = new URLSearchParams(query || '');
  if (parts[0] === 'apps' && parts.length === 3) return { view: appView, name: 'apps', args: { tenant: parts[1], app: parts[2], params } };
  if (parts[0] === 'versions') return { view: versionsView, name: 'versions', args: { params } };
  if (parts[0] === 'clusters') return { view: clustersView, name: 'clusters', args: { params } };
  return { view: appsView, name: 'apps', args: { params } };
}

function show() {
  if (location.hash === '#/signed-out') return;
  const r = route();
  if (current && current.view === r.view && current.update && current.update(r.args)) return;
  if (current && current.dispose) current.dispose();
  clear(main);
  for (const a of document.querySelectorAll('#nav a')) {
    if (a.dataset.view === r.name) a.setAttribute('aria-current', 'page');
    else a.removeAttribute('aria-current');
  }
  try {
    current = { view: r.view, ...(r.view.render(main, r.args) || {}) };
  } catch (e) {
    main.append(problemBox(e));
    current = null;
  }
}

function signedOut() {
  clear(main);
  main.append(h('section', { class: 'card narrow' },
    h('h1', {}, 'Signed out'),
    h('p', {}, 'You have signed out of the GitOps gateway.'),
    h('button', { type: 'button', id: 'sign-in', onclick: () => auth.login('#/apps') }, 'Sign in')));
}

async function boot() {
  try {
    await auth.init();
    if (location.hash === '#/signed-out' && !location.search) {
      signedOut();
      return;
    }
    const ok = await auth.completeLogin();
    if (!ok) {
      clear(main).append(h('p', { class: 'muted' }, 'Signing in…'));
      await auth.login(location.hash || '#/apps');
      return;
    }
  } catch (e) {
    clear(main).append(problemBox(e), h('p', {}, h('button', { type: 'button', id: 'sign-in', onclick: () => auth.login('#/apps') }, 'Sign in again')));
    return;
  }
  auth.watchExpiry();
  const u = auth.user();
  document.getElementById('user').textContent = u ? u.name : '';
  document.getElementById('nav').hidden = false;
  const logout = document.getElementById('logout');
  logout.hidden = false;
  logout.addEventListener('click', () => auth.logout());
  window.addEventListener('hashchange', show);
  show();
}

boot();

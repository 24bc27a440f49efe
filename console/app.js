// The console's shell: who is signed in, the menu, and which page the
// address's #fragment names. Pages live in pages/, one module each, loaded
// when first opened; each exports render(main, params) and may return a
// function that stops what it started (a live stream, a timer).

import { api, session, setSession, clearSession, whenSignedOut, can } from './api.js';
import { h, clear, errorBox, spinner } from './ui.js';

const pages = {
  overview: { title: 'Overview', module: './pages/overview.js' },
  terminals: { title: 'Terminals', module: './pages/terminals.js' },
  live: { title: 'Live', module: './pages/live.js' },
  attendance: { title: 'Attendance', module: './pages/attendance.js' },
  people: { title: 'People', module: './pages/people.js' },
  groups: { title: 'Groups', module: './pages/groups.js' },
  admission: { title: 'Admission', module: './pages/admission.js' },
  commands: { title: 'Commands', module: './pages/commands.js' },
  canteen: { title: 'Canteen', module: './pages/canteen.js' },
  doors: { title: 'Doors', module: './pages/doors.js' },
  access: { title: 'Access rights', module: './pages/access.js' },
  integrations: { title: 'Integrations', module: './pages/integrations.js', scope: 'admin' },
};

const main = document.getElementById('main');
const top = document.getElementById('top');
let stopPage = null;

// "#/terminals/CQZ1?tab=commands" -> {name: 'terminals', rest: ['CQZ1'], params}
function parseHash() {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, queryText] = hash.split('?');
  const parts = path.split('/').filter(Boolean).map(decodeURIComponent);
  return { name: parts[0] || 'overview', rest: parts.slice(1), params: new URLSearchParams(queryText || '') };
}

function menu(current) {
  const links = Object.entries(pages)
    .filter(([, p]) => !p.scope || can(p.scope))
    .map(([name, p]) => h('li', { class: 'nav-item' },
      h('a', { class: `nav-link${name === current ? ' active' : ''}`, href: `#/${name}`,
        'aria-current': name === current ? 'page' : null }, p.title)));
  const theme = h('button', { type: 'button', class: 'dropdown-item', id: 'theme-switch', onclick: toggleTheme }, 'Switch light / dark');
  const signOut = h('button', { type: 'button', class: 'dropdown-item', onclick: signOutNow }, 'Sign out');
  return h('nav', { class: 'navbar navbar-expand-lg navbar-dark bg-dark', 'aria-label': 'Main' },
    h('div', { class: 'container-xxl' },
      h('a', { class: 'navbar-brand', href: '#/overview' }, 'zkpush'),
      h('button', { class: 'navbar-toggler', type: 'button', 'data-bs-toggle': 'collapse', 'data-bs-target': '#menu',
        'aria-controls': 'menu', 'aria-expanded': 'false', 'aria-label': 'Menu' }, h('span', { class: 'navbar-toggler-icon' })),
      h('div', { class: 'collapse navbar-collapse', id: 'menu' },
        h('ul', { class: 'navbar-nav me-auto' }, links),
        h('div', { class: 'dropdown' },
          h('button', { class: 'btn btn-outline-light btn-sm dropdown-toggle', type: 'button', 'data-bs-toggle': 'dropdown',
            'aria-expanded': 'false', id: 'account-menu' }, `${session.name} (${session.role})`),
          h('ul', { class: 'dropdown-menu dropdown-menu-end' }, h('li', {}, theme), h('li', {}, signOut))))));
}

function toggleTheme() {
  const dark = document.documentElement.dataset.theme !== 'dark';
  document.documentElement.dataset.theme = dark ? 'dark' : 'light';
  localStorage.setItem('zkpush.theme', dark ? 'dark' : 'light');
}

async function signOutNow() {
  try { await api('/api/v1/session', { method: 'DELETE' }); } catch { /* signed out either way */ }
  clearSession();
  location.hash = '#/signin';
}

// Back to sign-in, remembering the page to return to.
function toSignIn() {
  const here = location.hash && !location.hash.startsWith('#/signin') ? location.hash : '';
  location.hash = '#/signin' + (here ? '?next=' + encodeURIComponent(here) : '');
}

async function show() {
  if (stopPage) { stopPage(); stopPage = null; }
  const route = parseHash();
  if (route.name === 'signin' || route.name === 'setup') {
    clear(top);
    const module = await import('./pages/signin.js');
    stopPage = await module.default(main, route, { signedIn });
    return;
  }
  if (!session.name) return toSignIn();
  const page = pages[route.name];
  clear(top, menu(route.name));
  if (!page) { clear(main, errorBox(new Error('There is no such page.'))); return; }
  if (page.scope && !can(page.scope)) { clear(main, errorBox(new Error(`Your role (${session.role}) does not open this page.`))); return; }
  document.title = `${page.title} · zkpush`;
  clear(main, spinner());
  try {
    const module = await import(page.module);
    stopPage = (await module.default(main, route)) || null;
  } catch (e) {
    if (e.status === 401) return;
    clear(main, errorBox(e));
  }
  main.focus({ preventScroll: true });
}

function signedIn(body, next) {
  setSession(body);
  location.hash = next && next.startsWith('#/') ? next : '#/overview';
}

whenSignedOut(toSignIn);
window.addEventListener('hashchange', show);

(async function start() {
  try {
    setSession(await api('/api/v1/session'));
  } catch {
    clearSession();
  }
  show();
})();

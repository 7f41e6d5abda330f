// The console's shell: sign-in, navigation, the language switch, and polling the page shown every few seconds.
import { atLeast, currentSession, signIn, signOut, whenSignedOut } from './api.js';
import { h, show } from './dom.js';
import { lang, switchLang, t } from './i18n.js';
import { PAGES } from './pages.js';

const POLL_MILLIS = 5000;
const root = document.getElementById('app');
let session = null;
let page = null;
let timer = null;

/** #/devices/plc-1 → {name: 'device', arg: 'plc-1'}; a path such as /devices/plc-1 (a shared link) works too. */
function route() {
  const raw = location.hash ? location.hash.slice(1) : location.pathname;
  const parts = raw.split('/').filter((p) => p);
  if (parts[0] === 'devices' && parts[1]) return { name: 'device', arg: decodeURIComponent(parts[1]) };
  return { name: PAGES[parts[0]] ? parts[0] : 'overview', arg: null };
}

function stop() {
  clearInterval(timer);
  timer = null;
  if (page && page.dispose) page.dispose();
  page = null;
}

function render() {
  stop();
  document.documentElement.dataset.lang = lang();
  if (!session) {
    renderSignIn();
    return;
  }
  const current = route();
  const main = h('main', { id: 'main', 'data-page': current.name });
  const pages = ['overview', 'devices', 'households', 'alarms', 'commands', 'control', ...(atLeast(session.role, 'admin') ? ['users', 'tokens', 'audit'] : [])];
  const nav = pages.map((name) =>
    h('a', { href: `#/${name}`, class: current.name === name || (name === 'devices' && current.name === 'device') ? 'on' : null },
      t(`nav.${name}`)));
  show(root,
    h('header', null,
      h('span', { class: 'brand' }, t('app.title')),
      h('nav', null, nav),
      h('span', { class: 'who' }, t('signedInAs', session.user, session.role)),
      h('button', { id: 'lang-switch', type: 'button', onclick: () => { switchLang(); render(); } }, t('lang.switch')),
      h('button', { id: 'sign-out', type: 'button', onclick: async () => { await signOut(); session = null; render(); } },
        t('nav.signOut'))),
    main);
  page = PAGES[current.name](main, current.arg, session);
  const tick = () => {
    if (page && !document.hidden) page.refresh();
  };
  tick();
  timer = setInterval(tick, POLL_MILLIS);
}

function renderSignIn() {
  const user = h('input', { id: 'user', name: 'user', autocomplete: 'username', required: true, maxlength: 64 });
  const password = h('input', {
    id: 'password', name: 'password', type: 'password', autocomplete: 'current-password', required: true, maxlength: 256,
  });
  const message = h('p', { id: 'sign-in-message', class: 'error', role: 'alert' });
  const form = h('form', { id: 'sign-in', class: 'card narrow' },
    h('h1', null, t('signIn.title')),
    h('label', null, t('signIn.user'), user),
    h('label', null, t('signIn.password'), password),
    h('button', { type: 'submit' }, t('signIn.submit')),
    message);
  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const r = await signIn(user.value, password.value);
    if (r.ok) {
      session = r.data;
      render();
    } else if (r.status === 401) {
      show(message, t('signIn.wrong'));
    } else if (r.status === 429) {
      show(message, t('signIn.locked'));
    } else {
      show(message, t('signIn.failed', (r.data && r.data.error) || r.status));
    }
  });
  show(root,
    h('header', null, h('span', { class: 'brand' }, t('app.title')),
      h('button', { id: 'lang-switch', type: 'button', onclick: () => { switchLang(); render(); } }, t('lang.switch'))),
    h('main', { id: 'main', 'data-page': 'sign-in' }, form));
  user.focus();
}

whenSignedOut(() => {
  if (session) {
    session = null;
    render();
  }
});
window.addEventListener('hashchange', render);
currentSession().then((s) => {
  session = s;
  render();
});

// The admins' pages: users and API tokens (GET/POST /api/users, /api/tokens) and the audit. Hidden from the navigation
// of viewers and operators; opened by one anyway, they say so (the hub answers 403 to its requests as well).
import { api, atLeast } from './api.js';
import { h, show, table, when } from './dom.js';
import { t } from './i18n.js';

const ROLES = ['viewer', 'operator', 'admin'];

function adminOnly(main, session) {
  if (atLeast(session.role, 'admin')) return false;
  show(main, h('section', { class: 'card' }, h('p', { id: 'admin-only', class: 'muted' }, t('admin.only'))));
  return true;
}

function roleSelect(attrs, chosen) {
  const select = h('select', attrs, ROLES.map((r) => h('option', { value: r }, t(`role.${r}`))));
  select.value = chosen;
  return select;
}

/** Shows the outcome of a change: the hub's message when refused. */
function outcome(message, r, done) {
  message.className = r.ok ? 'good' : 'bad';
  show(message, r.ok ? done : t('admin.refused', (r.data && r.data.error) || r.status));
}

/**
 * Loads a list from the hub and draws it into `list` only when the answer changed, so a password being typed into a
 * row or an open role list survives the poll.
 */
function listLoader(path, list, draw) {
  let seen = null;
  /** force: draw even when unchanged, e.g. to put back a role list the hub refused to change. */
  return async function load(force = false) {
    const r = await api(path);
    if (!r.ok) {
      seen = null;
      show(list, h('p', { class: 'muted' }, t('unavailable', (r.data && r.data.error) || r.status)));
      return;
    }
    const now = JSON.stringify(r.data);
    if (now === seen && !force) return;
    seen = now;
    draw(r.data);
  };
}

function users(main, arg, session) {
  if (adminOnly(main, session)) return { refresh() {} };
  const message = h('p', { id: 'users-message', role: 'status' });
  const name = h('input', { id: 'new-user-name', required: true, maxlength: 64, pattern: '[A-Za-z0-9][A-Za-z0-9._@\\-]{0,63}' });
  const role = roleSelect({ id: 'new-user-role' }, 'viewer');
  const password = h('input', { id: 'new-user-password', type: 'password', required: true, minlength: 10, maxlength: 1024,
    autocomplete: 'new-password' });
  const form = h('form', { id: 'add-user' },
    h('label', null, t('users.name'), name), h('label', null, t('users.role'), role),
    h('label', null, t('users.password'), password), h('button', { type: 'submit' }, t('users.add')));
  const list = h('div', { id: 'users' });
  show(main, h('div', { class: 'grid' },
    h('section', { class: 'card' }, h('h2', null, t('users.addTitle')), form, message),
    h('section', { class: 'card' }, h('h2', null, t('nav.users')), list)));
  const load = listLoader('/api/users', list, draw);

  async function change(user, body, done) {
    const r = await api(`/api/users/${encodeURIComponent(user)}`, 'POST', body);
    outcome(message, r, done);
    await load(!r.ok);
  }

  function draw(all) {
    show(list, table([t('users.name'), t('users.role'), t('users.newPassword'), ''], all.map((u) => {
      const select = roleSelect({ class: 'user-role', 'aria-label': t('users.role') }, u.role);
      select.addEventListener('change', () => change(u.name, { role: select.value }, t('users.roleChanged', u.name, t(`role.${select.value}`))));
      const pw = h('input', { class: 'user-password', type: 'password', minlength: 10, maxlength: 1024, autocomplete: 'new-password',
        'aria-label': t('users.newPassword') });
      const setPw = h('button', { class: 'user-passwd', type: 'button', onclick: () => {
        const value = pw.value;
        pw.value = '';
        change(u.name, { password: value }, t('users.passwordChanged', u.name));
      } }, t('users.setPassword'));
      const remove = h('button', { class: 'user-remove', type: 'button', onclick: async () => {
        if (!window.confirm(t('users.confirmRemove', u.name))) return;
        const r = await api(`/api/users/${encodeURIComponent(u.name)}/remove`, 'POST', {});
        outcome(message, r, t('users.removed', u.name));
        await load();
      } }, t('users.remove'));
      return [u.name, select, h('span', null, pw, ' ', setPw), remove];
    }), (i) => ({ 'data-user': all[i].name })));
  }

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const r = await api('/api/users', 'POST', { name: name.value, role: role.value, password: password.value });
    password.value = '';
    outcome(message, r, t('users.added', name.value, t(`role.${role.value}`)));
    if (r.ok) name.value = '';
    await load();
  });
  return { refresh: load };
}

function tokens(main, arg, session) {
  if (adminOnly(main, session)) return { refresh() {} };
  const message = h('p', { id: 'tokens-message', role: 'status' });
  const secret = h('div', { id: 'new-token' });
  const name = h('input', { id: 'new-token-name', required: true, maxlength: 64, pattern: '[A-Za-z0-9][A-Za-z0-9._@\\-]{0,63}' });
  const role = roleSelect({ id: 'new-token-role' }, 'viewer');
  const form = h('form', { id: 'create-token' },
    h('label', null, t('tokens.name'), name), h('label', null, t('users.role'), role),
    h('button', { type: 'submit' }, t('tokens.create')));
  const list = h('div', { id: 'tokens' });
  show(main, h('div', { class: 'grid' },
    h('section', { class: 'card' }, h('h2', null, t('tokens.createTitle')), form, message, secret),
    h('section', { class: 'card' }, h('h2', null, t('nav.tokens')), list)));
  const load = listLoader('/api/tokens', list, (all) => {
    show(list, all.length ? table([t('tokens.name'), t('users.role'), t('tokens.created'), ''], all.map((x) => [
      x.name, t(`role.${x.role}`), when(x.created),
      h('button', { class: 'token-revoke', type: 'button', onclick: async () => {
        if (!window.confirm(t('tokens.confirmRevoke', x.name))) return;
        const answer = await api(`/api/tokens/${encodeURIComponent(x.name)}/revoke`, 'POST', {});
        outcome(message, answer, t('tokens.revoked', x.name));
        await load();
      } }, t('tokens.revoke'))]), (i) => ({ 'data-token': all[i].name }))
      : h('p', { class: 'muted' }, t('tokens.none')));
  });

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    const r = await api('/api/tokens', 'POST', { name: name.value, role: role.value });
    outcome(message, r, t('tokens.done', name.value));
    // shown this once: the hub keeps only its digest
    show(secret, r.ok ? [h('p', null, t('tokens.showOnce')), h('pre', { id: 'new-token-secret' }, r.data.token)] : null);
    if (r.ok) name.value = '';
    await load();
  });
  return { refresh: load };
}

/** Who an audit line names: the user of rest:NAME, rest:token:NAME and cli:NAME, else the whole requestedBy. */
function who(requestedBy) {
  return String(requestedBy || '—').replace(/^(rest:token:|rest:|cli:)/, '');
}

function audit(main, arg, session) {
  if (adminOnly(main, session)) return { refresh() {} };
  const filter = h('select', { id: 'audit-user' });
  const list = h('div', { id: 'audit' });
  let entries = [];
  let offered = null;
  show(main, h('section', { class: 'card' }, h('h2', null, t('nav.audit')),
    h('div', { class: 'filters' }, h('label', null, t('audit.user'), filter)), list));
  filter.addEventListener('change', draw);

  function draw() {
    const chosen = filter.value;
    const shown = entries.filter(({ entry: e }) => !chosen || who(e.requestedBy) === chosen);
    show(list, table([t('reading.time'), t('audit.log'), t('audit.who'), t('audit.what'), t('audit.status'),
      t('audit.message')], shown.map(({ log, entry: e }) => [when(e.time), log, e.requestedBy || '—',
      [e.event || `${e.device || ''} ${e.point || ''} = ${e.value ?? ''}`, e.subject ? ` ${e.subject}` : ''],
      h('span', {
        class: ['OK', 'DONE'].includes(e.status) || /^2/.test(String(e.status)) ? 'good'
          : (e.status === 'ACCEPTED' ? 'muted' : 'bad'),
      }, e.status), e.message || e.address || '']), (i) => ({ 'data-who': who(shown[i].entry.requestedBy) })));
  }

  return {
    async refresh() {
      const r = await api('/api/audit?limit=200');
      if (!r.ok) {
        show(list, h('p', { class: 'muted' }, t('unavailable', (r.data && r.data.error) || r.status)));
        return;
      }
      entries = r.data.slice().reverse(); // newest first
      const names = [...new Set(entries.map(({ entry: e }) => who(e.requestedBy)))].sort();
      if (offered !== names.join('\n')) { // unchanged: leave an open list alone
        offered = names.join('\n');
        const chosen = filter.value;
        show(filter, h('option', { value: '' }, t('devices.all')), names.map((n) => h('option', { value: n }, n)));
        filter.value = names.includes(chosen) ? chosen : '';
      }
      draw();
    },
  };
}

export const ADMIN_PAGES = { users, tokens, audit };

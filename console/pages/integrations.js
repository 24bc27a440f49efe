// Integrations (administrators): webhooks with a test button, their
// delivery log and retry; connectors to ERPNext and Odoo (connectors.js);
// API tokens for machines; the console's accounts.

import { api, session } from '../api.js';
import { h, clear, card, pageHeader, fmtTime, toast, field, showFormError, clearFormError, confirmAction, badge } from '../ui.js';
import connectors, { deliveryLog } from './connectors.js';

const sections = [['webhooks', 'Webhooks'], ['connectors', 'Connectors'], ['tokens', 'API tokens'], ['users', 'Users']];

export default async function render(main, route) {
  const section = route.params.get('section') || 'webhooks';
  const body = h('div', { id: 'integration' });
  clear(main, pageHeader('Integrations'),
    h('ul', { class: 'nav nav-tabs mb-3' }, sections.map(([key, label]) => h('li', { class: 'nav-item' },
      h('a', { class: `nav-link${key === section ? ' active' : ''}`, href: `#/integrations?section=${key}`, id: `section-${key}` }, label)))),
    body);
  return ({ webhooks, connectors, tokens, users })[section](body, route.params);
}

// Shows a secret once, with a note that it is not shown again.
function shownOnce(label, value) {
  return h('div', { class: 'alert alert-warning', role: 'status' }, h('strong', {}, label), ' (shown only now): ',
    h('code', { class: 'user-select-all', id: 'shown-once' }, value));
}

async function webhooks(body, params) {
  const list = (await api('/api/v1/webhooks')).items;
  const url = h('input', { class: 'form-control', name: 'url', id: 'webhook-url', type: 'url', required: true, placeholder: 'https://hr.example.com/zkpush' });
  const kinds = h('input', { class: 'form-control', name: 'kinds', id: 'webhook-kinds', placeholder: 'attendance.created, device.offline (empty: every event)' });
  const note = h('div');
  const form = h('form', { novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearFormError(form);
    if (!form.checkValidity()) { form.classList.add('was-validated'); return; }
    const k = kinds.value.split(',').map((x) => x.trim()).filter(Boolean);
    try {
      const created = await api('/api/v1/webhooks', { method: 'POST', body: { url: url.value.trim(), kinds: k } });
      await webhooks(body, params);
      body.prepend(shownOnce('Signing secret', created.secret));
    } catch (err) { showFormError(form, err); }
  } }, h('div', { class: 'row' }, h('div', { class: 'col-md-6' }, field('URL', url)), h('div', { class: 'col-md-6' }, field('Events', kinds))),
  h('button', { class: 'btn btn-primary', type: 'submit' }, 'Add webhook'));

  const selected = Number(params.get('webhook')) || (list[0] && list[0].id);
  const rows = list.map((w) => h('tr', { class: w.id === selected ? 'table-active' : '' },
    h('td', {}, h('a', { href: `#/integrations?section=webhooks&webhook=${w.id}` }, w.url)),
    h('td', {}, w.kinds.length ? w.kinds.join(', ') : 'every event'), h('td', {}, fmtTime(w.created_at)),
    h('td', { class: 'text-end nowrap' },
      h('button', { class: 'btn btn-sm btn-outline-primary me-1', type: 'button', dataset: { test: w.id }, onclick: async () => {
        try {
          const r = await api(`/api/v1/webhooks/${w.id}/test`, { method: 'POST' });
          clear(note, h('div', { class: `alert alert-${r.ok ? 'success' : 'danger'}`, role: 'status', id: 'webhook-test-result' },
            r.ok ? `The test event was delivered: HTTP ${r.status}.` : `The test event failed: ${r.status ? 'HTTP ' + r.status : ''} ${r.error}`));
        } catch (err) { toast(err.message, 'danger'); }
      } }, 'Send test'),
      h('button', { class: 'btn btn-sm btn-outline-secondary me-1', type: 'button', onclick: async () => {
        await api(`/api/v1/webhooks/${w.id}/retry`, { method: 'POST' });
        toast('Retrying now.');
      } }, 'Retry now'),
      h('button', { class: 'btn btn-sm btn-outline-danger', type: 'button', onclick: async () => {
        if (!(await confirmAction('Delete this webhook?', `Events are no longer sent to ${w.url}.`, 'Delete'))) return;
        await api(`/api/v1/webhooks/${w.id}`, { method: 'DELETE' });
        webhooks(body, params);
      } }, 'Delete'))));
  const log = selected ? deliveryLog(`/api/v1/webhooks/${selected}`) : null;
  clear(body, note,
    list.length ? h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm align-middle', id: 'webhooks' },
      h('thead', {}, h('tr', {}, ['URL', 'Events', 'Created', ''].map((x) => h('th', { scope: 'col' }, x)))), h('tbody', {}, rows)))
      : h('p', { class: 'text-muted' }, 'No webhooks yet.'),
    log ? h('h2', { class: 'h6 mt-3' }, 'Delivery log') : null, log ? h('div', { id: 'delivery-log' }, log.element) : null,
    card('New webhook', form));
  if (log) await log.reload();
}

async function tokens(body) {
  const list = (await api('/api/v1/tokens')).items;
  const name = h('input', { class: 'form-control', name: 'name', id: 'token-name', required: true, placeholder: 'payroll export' });
  const scope = h('select', { class: 'form-select', name: 'scope', id: 'token-scope' },
    [['read', 'read: reads'], ['write', 'write: also people, terminals, commands'], ['admin', 'admin: everything']].map(([v, t]) => h('option', { value: v }, t)));
  const form = h('form', { novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearFormError(form);
    try {
      const created = await api('/api/v1/tokens', { method: 'POST', body: { name: name.value.trim(), scope: scope.value } });
      await tokens(body);
      body.prepend(shownOnce('Token', created.token));
    } catch (err) { showFormError(form, err); }
  } }, h('div', { class: 'row' }, h('div', { class: 'col-md-6' }, field('Name', name)), h('div', { class: 'col-md-6' }, field('Scope', scope))),
  h('button', { class: 'btn btn-primary', type: 'submit' }, 'Create token'));
  clear(body, h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm align-middle', id: 'tokens' },
    h('thead', {}, h('tr', {}, ['Name', 'Scope', 'Begins with', 'Created', 'State', ''].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, list.map((t) => h('tr', {}, h('td', {}, t.name), h('td', {}, t.scope), h('td', { class: 'mono' }, t.prefix + '…'),
      h('td', {}, fmtTime(t.created_at)), h('td', {}, t.revoked_at ? badge('revoked', 'secondary') : badge('live', 'success')),
      h('td', { class: 'text-end' }, t.revoked_at ? '' : h('button', { class: 'btn btn-sm btn-outline-danger', type: 'button', onclick: async () => {
        if (!(await confirmAction(`Revoke the token ${t.name}?`, 'Whatever uses it is refused from now on.', 'Revoke'))) return;
        await api(`/api/v1/tokens/${t.id}`, { method: 'DELETE' });
        tokens(body);
      } }, 'Revoke'))))))), card('New token', form));
}

async function users(body) {
  const list = (await api('/api/v1/accounts')).items;
  const name = h('input', { class: 'form-control', name: 'name', id: 'user-name', required: true, autocomplete: 'off' });
  const password = h('input', { class: 'form-control', name: 'password', id: 'user-password', type: 'password', required: true, minlength: '8', autocomplete: 'new-password' });
  const role = h('select', { class: 'form-select', name: 'role', id: 'user-role' },
    [['viewer', 'viewer: sees everything'], ['operator', 'operator: also acts on terminals and people'], ['admin', 'admin: also integrations and users']]
      .map(([v, t]) => h('option', { value: v }, t)));
  const form = h('form', { novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearFormError(form);
    if (!form.checkValidity()) { form.classList.add('was-validated'); return; }
    try {
      await api('/api/v1/accounts', { method: 'POST', body: { name: name.value.trim(), password: password.value, role: role.value } });
      toast(`${name.value.trim()} can sign in now.`);
      users(body);
    } catch (err) { showFormError(form, err); }
  } }, h('div', { class: 'row' }, h('div', { class: 'col-md-4' }, field('Name', name)), h('div', { class: 'col-md-4' }, field('Password', password, 'At least 8 characters.')),
    h('div', { class: 'col-md-4' }, field('Role', role))), h('button', { class: 'btn btn-primary', type: 'submit' }, 'Create user'));

  const patch = async (a, change, message) => {
    try {
      await api(`/api/v1/accounts/${encodeURIComponent(a.name)}`, { method: 'PATCH', body: change });
      toast(message);
      users(body);
    } catch (err) { toast(err.message, 'danger'); }
  };
  const row = (a) => {
    const self = a.name === session.name;
    const roleSelect = h('select', { class: 'form-select form-select-sm', 'aria-label': `Role of ${a.name}`, disabled: self,
      onchange: (e) => patch(a, { role: e.target.value }, `${a.name} is now ${e.target.value}.`) },
    ['viewer', 'operator', 'admin'].map((r) => h('option', { value: r, selected: r === a.role }, r)));
    return h('tr', { dataset: { account: a.name } }, h('td', {}, a.name, self ? ' (you)' : ''), h('td', {}, roleSelect),
      h('td', {}, fmtTime(a.created_at)), h('td', {}, a.disabled ? badge('disabled', 'secondary') : badge('active', 'success')),
      h('td', { class: 'text-end nowrap' },
        h('button', { class: 'btn btn-sm btn-outline-secondary me-1', type: 'button', onclick: async () => {
          const r = await api(`/api/v1/accounts/${encodeURIComponent(a.name)}/sessions`, { method: 'DELETE' });
          toast(`${r.revoked} session(s) of ${a.name} ended.`);
        } }, 'Sign out everywhere'),
        self ? '' : h('button', { class: `btn btn-sm btn-outline-${a.disabled ? 'success' : 'danger'}`, type: 'button', onclick: async () => {
          if (!a.disabled && !(await confirmAction(`Disable ${a.name}?`, 'They are signed out and cannot sign in until enabled again.', 'Disable'))) return;
          patch(a, { disabled: !a.disabled }, `${a.name} ${a.disabled ? 'enabled' : 'disabled'}.`);
        } }, a.disabled ? 'Enable' : 'Disable')));
  };
  clear(body, h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm align-middle', id: 'accounts' },
    h('thead', {}, h('tr', {}, ['Name', 'Role', 'Created', 'State', ''].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, list.map(row)))), card('New user', form));
}

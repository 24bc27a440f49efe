// Connectors (Integrations, administrators): punches pushed into ERPNext or
// Odoo. The list with where each stands (last success, backlog, last
// error), a test button that shows what the target answered, retry, delete,
// the delivery log, and the form that adds or edits one. Secrets come back
// masked and are never shown: an edit sends only the keys that changed.

import { api, query } from '../api.js';
import { h, clear, card, dataTable, ago, fmtTime, statusBadge, toast, field, showFormError, clearFormError,
  confirmAction } from '../ui.js';

// The delivery log of a webhook or a connector (`path`/deliveries).
export function deliveryLog(path) {
  return dataTable({
    label: 'Delivery log',
    columns: [
      { label: 'Event', render: (d) => h('span', { class: 'mono' }, d.event_id) }, { label: 'Kind', key: 'event_kind' },
      { label: 'Status', render: (d) => statusBadge(d.status) }, { label: 'Attempts', key: 'attempts', num: true },
      { label: 'Last answer', render: (d) => d.last_http_status ?? '' }, { label: 'Last error', key: 'last_error' },
      { label: 'Last attempt', render: (d) => fmtTime(d.last_attempt_at) }],
    load: async ({ cursor, limit }) => {
      const page = await api(`${path}/deliveries` + query({ after: cursor, limit }));
      return { items: page.items, next: page.next_after };
    },
    empty: 'Nothing delivered yet.',
  });
}

const targetNames = { erpnext: 'ERPNext', odoo: 'Odoo' };

// The fields of each target: [key, label, kind, options]. kind: text,
// secret (never shown back), check, choice; `fallback` is what the server
// takes when the key is absent, so leaving it as it is sends nothing.
const targetFields = {
  erpnext: [
    ['url', 'URL', 'text', { type: 'url', required: true, placeholder: 'https://erp.example.com' }],
    ['api_key', 'API key', 'secret'],
    ['api_secret', 'API secret', 'secret'],
    ['employee_field', 'Employee field', 'text', { fallback: 'attendance_device_id',
      help: 'The Employee field that holds the PIN on the terminals.' }],
    ['device_id', 'Device ID sent', 'text', { fallback: 'sn', list: [['sn', 'the serial number'], ['alias', 'the terminal\'s name']],
      help: 'sn: the terminal\'s serial number; alias: its name; other text is sent as it is.' }],
    ['skip_auto_attendance', 'Skip auto attendance (HRMS does not mark attendance from these logs)', 'check', { fallback: false }],
  ],
  odoo: [
    ['url', 'URL', 'text', { type: 'url', required: true, placeholder: 'https://mycompany.odoo.com' }],
    ['database', 'Database', 'text', { required: true }],
    ['login', 'Login', 'text', { required: true, autocomplete: 'off' }],
    ['api_key', 'API key', 'secret'],
    ['employee_field', 'Employee field', 'choice', { fallback: 'barcode',
      choices: [['barcode', 'Badge ID (barcode)'], ['pin', 'PIN'], ['identification_id', 'Identification No']] }],
    ['time_zone', 'Fallback time zone', 'text', { fallback: '', placeholder: '3, -5 or 330',
      help: 'Hours or minutes east of UTC; used only for a terminal whose TimeZone is unknown.' }],
  ],
};

// One field's element and how to read it: value() is undefined for "not set".
function configInput(key, label, kind, opts = {}, current, editing) {
  const attrs = { name: `config.${key}`, id: `connector-${key}` };
  if (kind === 'check') {
    const input = h('input', { class: 'form-check-input', type: 'checkbox', ...attrs, checked: current === true });
    return { element: h('div', { class: 'form-check mb-3' }, input, h('label', { class: 'form-check-label', for: attrs.id }, label)),
      value: () => (input.checked ? true : undefined) };
  }
  if (kind === 'choice') {
    const input = h('select', { class: 'form-select', ...attrs },
      opts.choices.map(([v, t]) => h('option', { value: v, selected: v === (current ?? opts.fallback) }, t)));
    return { element: field(label, input), value: () => input.value };
  }
  if (kind === 'secret') {
    const input = h('input', { class: 'form-control', type: 'password', autocomplete: 'new-password', ...attrs,
      required: !editing, placeholder: editing ? 'unchanged (type a new one to replace it)' : '' });
    return { element: field(label, input), value: () => input.value || undefined, secret: true };
  }
  const listId = opts.list ? `connector-${key}-choices` : null;
  const input = h('input', { class: 'form-control', type: opts.type || 'text', ...attrs, required: opts.required,
    placeholder: opts.placeholder, autocomplete: opts.autocomplete, list: listId, value: current ?? opts.fallback ?? '' });
  const element = field(label, input, opts.help);
  if (listId) element.append(h('datalist', { id: listId }, opts.list.map(([v, t]) => h('option', { value: v }, t))));
  return { element, value: () => input.value.trim() || undefined };
}

// The scope: terminals by serial number and device groups.
function scopeInputs(scope = {}, groups) {
  const terminals = h('input', { class: 'form-control', name: 'config.scope.terminals', id: 'connector-terminals',
    placeholder: 'CQZ7224460213, CQZ7224460214', value: (scope.terminals || []).join(', ') });
  const groupSelect = h('select', { class: 'form-select', name: 'config.scope.groups', id: 'connector-groups', multiple: true,
    size: String(Math.min(Math.max(groups.length, 2), 5)) },
  groups.map((g) => h('option', { value: String(g.id), selected: (scope.groups || []).includes(g.id) }, g.name)));
  return {
    element: h('div', { class: 'row' },
      h('div', { class: 'col-md-6' }, field('Terminals (serial numbers)', terminals)),
      h('div', { class: 'col-md-6' }, groups.length ? field('Groups', groupSelect)
        : h('p', { class: 'form-text mt-md-4' }, 'No device groups yet.')),
      h('div', { class: 'col-12 form-text mb-3' }, 'Only the punches of these terminals, or of terminals in these groups; none chosen: every terminal.')),
    value() {
      const out = {};
      const sns = terminals.value.split(/[\s,]+/).filter(Boolean);
      const ids = [...groupSelect.selectedOptions].map((o) => Number(o.value));
      if (sns.length) out.terminals = sns;
      if (ids.length) out.groups = ids;
      return Object.keys(out).length ? out : undefined;
    },
  };
}

// The add / edit form. `existing`: the connector being edited (masked config).
function connectorForm(existing, groups, done) {
  const editing = Boolean(existing);
  const config = existing ? existing.config : {};
  const name = h('input', { class: 'form-control', name: 'name', id: 'connector-name', required: true, value: existing ? existing.name : '',
    placeholder: 'HR site' });
  const target = h('select', { class: 'form-select', name: 'target', id: 'connector-target', disabled: editing,
    onchange: () => showTarget() }, Object.entries(targetNames).map(([v, t]) => h('option', { value: v, selected: existing && existing.target === v }, t)));
  const from = h('input', { class: 'form-check-input', type: 'checkbox', id: 'connector-from' });
  const block = h('div', { id: 'connector-fields' });
  let inputs = [];
  const scope = scopeInputs(config.scope, groups);
  function showTarget() {
    inputs = targetFields[target.value].map(([key, label, kind, opts]) => ({ key, opts: opts || {}, ...configInput(key, label, kind, opts, config[key], editing) }));
    clear(block, h('div', { class: 'row' }, inputs.map((i) => h('div', { class: 'col-md-6' }, i.element))));
  }
  showTarget();

  // The whole config (create), or only what changed, null removing a key (edit).
  function configBody() {
    const all = [...inputs, { key: 'scope', opts: {}, value: () => scope.value() }];
    const out = {};
    for (const i of all) {
      const v = i.value();
      if (!editing) { if (v !== undefined) out[i.key] = v; continue; }
      if (i.secret) { if (v !== undefined) out[i.key] = v; continue; }
      const before = config[i.key] ?? i.opts.fallback, now = v ?? i.opts.fallback;
      if (JSON.stringify(before) !== JSON.stringify(now)) out[i.key] = v === undefined ? null : v;
    }
    return out;
  }

  const form = h('form', { novalidate: true, id: 'connector-form', onsubmit: async (e) => {
    e.preventDefault();
    clearFormError(form);
    if (!form.checkValidity()) { form.classList.add('was-validated'); return; }
    try {
      if (editing) {
        const body = { config: configBody() };
        if (name.value.trim() !== existing.name) body.name = name.value.trim();
        await api(`/api/v1/connectors/${existing.id}`, { method: 'PATCH', body });
        toast(`${name.value.trim()} saved; it signs in afresh with the new settings.`);
        done(existing.id);
      } else {
        const created = await api('/api/v1/connectors', { method: 'POST', body: { target: target.value, name: name.value.trim(),
          config: configBody(), from: from.checked ? 'beginning' : 'now' } });
        toast(`${created.name} added: the punches that arrive from now on go to ${targetNames[created.target]}.`);
        done(created.id);
      }
    } catch (err) { showFormError(form, err); }
  } },
  h('div', { class: 'row' }, h('div', { class: 'col-md-6' }, field('Name', name)), h('div', { class: 'col-md-6' }, field('Target', target))),
  block, scope.element,
  editing ? null : h('div', { class: 'form-check mb-3' }, from,
    h('label', { class: 'form-check-label', for: 'connector-from' }, 'Also send the punches already on file (otherwise only those from now on)')),
  h('button', { class: 'btn btn-primary me-2', type: 'submit' }, editing ? 'Save connector' : 'Add connector'),
  editing ? h('a', { class: 'btn btn-outline-secondary', href: `#/integrations?section=connectors&connector=${existing.id}` }, 'Cancel') : null);
  return form;
}

// Where a connector stands: the cells of its status columns.
function statusCells(status) {
  const e = status.last_error;
  return [
    h('td', { class: 'last-success' }, ago(status.last_success_at)),
    h('td', { class: 'num backlog' }, status.backlog),
    h('td', { class: 'last-error small' }, e ? [statusBadge(e.status), ' ', e.text, ' ', h('span', { class: 'text-muted nowrap' }, ago(e.at))]
      : h('span', { class: 'text-muted' }, 'none')),
  ];
}

let poll = null;

export default async function connectors(body, params) {
  clearInterval(poll);
  const [list, groups] = await Promise.all([
    api('/api/v1/connectors').then((r) => Promise.all(r.items.map((c) => api(`/api/v1/connectors/${c.id}`)))),
    api('/api/v1/device-groups').then((r) => r.items)]);
  const again = (id) => {
    const hash = `#/integrations?section=connectors${id ? '&connector=' + id : ''}`;
    if (location.hash === hash) connectors(body, params); else location.hash = hash;
  };
  const note = h('div');
  const selected = Number(params.get('connector')) || (list[0] && list[0].id);
  const editing = list.find((c) => c.id === Number(params.get('edit')));
  const button = (label, kind, attrs, onclick) => h('button', { class: `btn btn-sm btn-outline-${kind} me-1`, type: 'button', ...attrs, onclick }, label);
  const rows = list.map((c) => h('tr', { class: c.id === selected ? 'table-active' : '', dataset: { connector: c.id } },
    h('td', {}, h('a', { href: `#/integrations?section=connectors&connector=${c.id}` }, c.name || `connector ${c.id}`)),
    h('td', {}, targetNames[c.target] || c.target), h('td', { class: 'small' }, c.config.url),
    statusCells(c.status),
    h('td', { class: 'text-end nowrap' },
      button('Test', 'primary', { dataset: { test: c.id } }, async () => {
        clear(note, h('div', { class: 'text-muted mb-3', role: 'status' }, `Asking ${targetNames[c.target]}…`));
        try {
          const r = await api(`/api/v1/connectors/${c.id}/test`, { method: 'POST' });
          clear(note, h('div', { class: `alert alert-${r.ok ? 'success' : 'danger'}`, role: 'status', id: 'connector-test-result' },
            h('strong', {}, `${c.name}: `), r.ok ? `${targetNames[c.target]} answered: ${r.message}.` : r.message,
            !r.ok && r.http_status ? ` (HTTP ${r.http_status})` : ''));
        } catch (err) { clear(note); toast(err.message, 'danger'); }
      }),
      button('Retry now', 'secondary', { dataset: { retry: c.id } }, async () => {
        try {
          await api(`/api/v1/connectors/${c.id}/retry`, { method: 'POST' });
          toast(`${c.name}: retrying now.`);
        } catch (err) { toast(err.message, 'danger'); }
      }),
      h('a', { class: 'btn btn-sm btn-outline-secondary me-1', href: `#/integrations?section=connectors&connector=${c.id}&edit=${c.id}`,
        dataset: { edit: c.id } }, 'Edit'),
      button('Delete', 'danger', { dataset: { delete: c.id } }, async () => {
        if (!(await confirmAction(`Delete the connector ${c.name}?`, `Punches are no longer sent to ${c.config.url}.`, 'Delete'))) return;
        try {
          await api(`/api/v1/connectors/${c.id}`, { method: 'DELETE' });
          toast(`${c.name} deleted.`);
        } catch (err) { toast(err.message, 'danger'); }
        again(null);
      }))));
  const chosen = list.find((c) => c.id === selected);
  const log = chosen ? deliveryLog(`/api/v1/connectors/${chosen.id}`) : null;
  const form = connectorForm(editing, groups, again);
  clear(body, note,
    list.length ? h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm align-middle', id: 'connectors' },
      h('thead', {}, h('tr', {}, ['Name', 'Target', 'URL', 'Last success', 'Backlog', 'Last error', ''].map((x) => h('th', { scope: 'col', class: x === 'Backlog' ? 'num' : '' }, x)))),
      h('tbody', {}, rows)))
      : h('p', { class: 'text-muted' }, 'No connectors yet. A connector sends each punch to ERPNext or Odoo as a check-in or check-out.'),
    log ? h('h2', { class: 'h6 mt-3' }, `Delivery log of ${chosen.name}`) : null, log ? h('div', { id: 'connector-log' }, log.element) : null,
    card(editing ? `Edit ${editing.name} (${targetNames[editing.target]})` : 'New connector', form));
  if (log) await log.reload();

  // Where each stands, read again every few seconds while the page is open.
  const seen = new Map(list.map((c) => [c.id, JSON.stringify(c.status)]));
  poll = setInterval(async () => {
    for (const c of list) {
      let now;
      try { now = await api(`/api/v1/connectors/${c.id}`); } catch { continue; }
      const row = body.querySelector(`tr[data-connector="${c.id}"]`);
      if (!row || seen.get(c.id) === JSON.stringify(now.status)) continue;
      seen.set(c.id, JSON.stringify(now.status));
      const cells = statusCells(now.status);
      row.querySelectorAll('.last-success, .backlog, .last-error').forEach((td, i) => td.replaceWith(cells[i]));
      if (c.id === selected && log) log.reload();
    }
  }, 3000);
  return () => clearInterval(poll);
}

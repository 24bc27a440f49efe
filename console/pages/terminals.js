// Terminals: the list (filter, search, sort, pages from the server) and one
// terminal's page (what it reported, its settings, punches, photos,
// commands, request log, and actions).

import { api, can, query } from '../api.js';
import { h, clear, card, pageHeader, dataTable, ago, fmtTime, onlineDot, statusBadge, debounce, field,
  toast, confirmAction, showFormError, clearFormError, skewText } from '../ui.js';

// A clock more than two minutes off stands out.
function skew(seconds) {
  if (seconds === null || seconds === undefined) return '';
  return h('span', { class: Math.abs(seconds) > 120 ? 'text-danger fw-semibold' : 'text-muted' }, Math.abs(seconds) < 5 ? 'on time' : skewText(seconds));
}

export default async function render(main, route) {
  if (route.rest.length) return terminal(main, route.rest[0], route.params.get('tab') || 'reported');
  return list(main, route.params);
}

async function list(main, params) {
  const groups = (await api('/api/v1/device-groups')).items;
  const filters = { q: params.get('q') || '', status: '', online: '', group: '', model: '', firmware: '' };
  const search = h('input', { class: 'form-control', type: 'search', id: 'terminal-search', value: filters.q,
    placeholder: 'Serial number, name or IP', 'aria-label': 'Search terminals' });
  const select = (label, key, options) => h('select', { class: 'form-select', 'aria-label': label,
    onchange: (e) => { filters[key] = e.target.value; table.reset(); } },
  options.map(([value, text]) => h('option', { value }, text)));
  const table = dataTable({
    label: 'Terminals',
    columns: [
      { label: 'Terminal', sort: 'sn', render: (d) => h('a', { href: `#/terminals/${encodeURIComponent(d.sn)}` }, d.sn) },
      { label: 'Name', sort: 'name', key: 'name' },
      { label: 'State', render: (d) => d.admission === 'approved' ? onlineDot(d.online) : statusBadge(d.admission) },
      { label: 'Last heartbeat', sort: 'last_seen', render: (d) => ago(d.last_seen) },
      { label: 'Last punches', sort: 'last_data', render: (d) => ago(d.last_data) },
      { label: 'Clock', render: (d) => skew(d.clock_skew_s) },
      { label: 'Model', sort: 'model', key: 'model' },
      { label: 'Firmware', sort: 'firmware', key: 'firmware' },
      { label: 'Users', sort: 'users', num: true, render: (d) => d.info.UserCount ?? '' },
      { label: 'Fingerprints', num: true, render: (d) => d.info.FPCount ?? '' },
      { label: 'Faces', num: true, render: (d) => d.info.FaceCount ?? '' },
      { label: 'Pending commands', sort: 'pending_commands', num: true, key: 'pending_commands' },
      { label: 'IP', render: (d) => h('span', { class: 'mono' }, d.ip) },
    ],
    load: async ({ offset, limit, sort, order }) => {
      const page = await api('/api/v1/devices' + query({ ...filters, offset, limit, sort, order }));
      facet(modelSelect, 'Any model', page.models, filters.model);
      facet(firmwareSelect, 'Any firmware', page.firmwares, filters.firmware);
      return page;
    },
    empty: 'No terminal matches.',
  });
  const modelSelect = select('Model', 'model', [['', 'Any model']]);
  const firmwareSelect = select('Firmware', 'firmware', [['', 'Any firmware']]);
  search.addEventListener('input', debounce(() => { filters.q = search.value.trim(); table.reset(); }));
  clear(main, pageHeader('Terminals'),
    h('div', { class: 'row g-2 mb-3' },
      h('div', { class: 'col-md-4' }, search),
      h('div', { class: 'col-6 col-md-2' }, select('Online', 'online', [['', 'Online or not'], ['true', 'Online'], ['false', 'Offline']])),
      h('div', { class: 'col-6 col-md-2' }, select('Admission', 'status', [['', 'Any admission'], ['approved', 'Approved'], ['pending', 'Pending'], ['blocked', 'Blocked']])),
      h('div', { class: 'col-md-2' }, select('Group', 'group', [['', 'Any group'], ...groups.map((g) => [String(g.id), g.name])])),
      h('div', { class: 'col-6 col-md-2' }, modelSelect), h('div', { class: 'col-6 col-md-2' }, firmwareSelect)),
    table.element);
  await table.reload();
}

// The choices of a filter, from what the terminals reported.
function facet(selectEl, anyLabel, values, chosen) {
  clear(selectEl, h('option', { value: '' }, anyLabel), (values || []).map((v) => h('option', { value: v, selected: v === chosen }, v)));
}

const tabs = [['reported', 'Reported'], ['settings', 'Settings'], ['punches', 'Punches'], ['photos', 'Photos'],
  ['commands', 'Commands'], ['requests', 'Request log']];

// What an operator may do to a terminal; `confirm` says what a destructive one does.
const actions = [
  { kind: 'info', label: 'Ask for INFO', text: 'The terminal reports its counts, firmware and options again.' },
  { kind: 'check', label: 'CHECK (upload again)', text: 'The terminal forgets what it uploaded and sends all its records again.' },
  { kind: 'reload-options', label: 'Set the time (reload options)', text: 'The terminal fetches its options again and sets its clock from the server\'s (the Date header and its TimeZone).' },
  { kind: 'reboot', label: 'Reboot', confirm: 'The terminal restarts. Nobody can punch on it for about a minute.' },
  { kind: 'clear-log', label: 'Clear attendance log', confirm: 'The terminal deletes every punch it holds. Punches not yet uploaded are lost.' },
  { kind: 'clear-photo', label: 'Clear photos', confirm: 'The terminal deletes every attendance photo it holds.' },
  { kind: 'clear-data', label: 'Clear all data', confirm: 'The terminal deletes its users, fingerprints, faces, punches and photos. This cannot be undone.' },
];

async function terminal(main, sn, tab) {
  const d = await api(`/api/v1/devices/${encodeURIComponent(sn)}`);
  const base = `#/terminals/${encodeURIComponent(sn)}`;
  const body = h('div', { id: 'terminal-tab' });
  const nav = h('ul', { class: 'nav nav-tabs mb-3', role: 'tablist' }, tabs.map(([key, label]) =>
    h('li', { class: 'nav-item' }, h('a', { class: `nav-link${key === tab ? ' active' : ''}`, href: `${base}?tab=${key}`,
      'aria-current': key === tab ? 'page' : null }, label))));
  const actionButtons = can('write') ? h('div', { class: 'dropdown' },
    h('button', { class: 'btn btn-primary dropdown-toggle', type: 'button', 'data-bs-toggle': 'dropdown', 'aria-expanded': 'false', id: 'terminal-actions' }, 'Actions'),
    h('ul', { class: 'dropdown-menu dropdown-menu-end' }, actions.map((a) => h('li', {},
      h('button', { type: 'button', class: `dropdown-item${a.confirm ? ' text-danger' : ''}`, dataset: { action: a.kind },
        onclick: () => act(sn, a) }, a.label))),
    can('admin') ? h('li', {}, h('button', { type: 'button', class: 'dropdown-item text-danger', dataset: { action: 'upgrade' },
      onclick: () => upgrade(sn) }, 'Upgrade firmware…')) : null)) : null;
  clear(main,
    pageHeader(d.name ? `${d.name} (${d.sn})` : d.sn, actionButtons),
    h('p', { class: 'text-muted' }, d.admission === 'approved' ? onlineDot(d.online) : statusBadge(d.admission), ' · last heartbeat ', ago(d.last_seen),
      ' · ', d.model || d.device_type || 'model unknown', d.firmware ? ` · firmware ${d.firmware}` : '', d.ip ? ` · ${d.ip}` : ''),
    nav, body);
  await ({ reported, settings, punches, photos, commands, requests })[tab](body, d);
}

async function act(sn, action) {
  if (action.confirm && !(await confirmAction(`${action.label} on ${sn}?`, action.confirm, action.label))) return;
  try {
    const r = await api(`/api/v1/devices/${encodeURIComponent(sn)}/commands/${action.kind}`, { method: 'POST', body: {} });
    toast(`${action.label}: command ${r.id} queued; it goes with the terminal's next poll.`);
  } catch (e) {
    toast(e.message, 'danger');
  }
}

// UPGRADE (004 §12.8.2): where the terminal fetches its firmware, and the
// file's MD5 and size; the API checks each field and says which is wrong.
function upgrade(sn) {
  const input = (name, label, attrs = {}) => field(label, h('input', { class: 'form-control', name, id: `upgrade-${name}`, required: true, ...attrs }));
  const method = h('select', { class: 'form-select', name: 'method', id: 'upgrade-method' },
    [['3', 'from the URL, in 1 MB ranges'], ['2', 'plain file through /iclock/file'], ['1', 'base64 file through /iclock/file']].map(([v, t]) => h('option', { value: v }, t)));
  const form = h('form', { novalidate: true }, input('url', 'Firmware URL', { type: 'url', placeholder: 'http://192.168.1.10:8081/fw/emfw.cfg' }),
    input('checksum', 'MD5 of the file', { pattern: '[0-9a-fA-F]{32}' }), input('size', 'Size in bytes', { type: 'number', min: '1' }),
    field('How the terminal fetches it', method),
    h('p', { class: 'text-danger small mb-0' }, 'The terminal installs the firmware and restarts; a wrong file can leave it unusable.'));
  const send = h('button', { type: 'submit', class: 'btn btn-danger' }, 'Upgrade');
  const el = h('div', { class: 'modal fade', tabindex: '-1', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'upgrade-title' },
    h('div', { class: 'modal-dialog' }, h('div', { class: 'modal-content' },
      h('div', { class: 'modal-header' }, h('h2', { class: 'modal-title h5', id: 'upgrade-title' }, `Upgrade the firmware of ${sn}`),
        h('button', { type: 'button', class: 'btn-close', 'data-bs-dismiss': 'modal', 'aria-label': 'Cancel' })),
      h('div', { class: 'modal-body' }, form),
      h('div', { class: 'modal-footer' }, h('button', { type: 'button', class: 'btn btn-secondary', 'data-bs-dismiss': 'modal' }, 'Cancel'), send))));
  document.body.append(el);
  const modal = new bootstrap.Modal(el);
  const submit = async (e) => {
    e.preventDefault();
    clearFormError(form);
    if (!form.checkValidity()) { form.classList.add('was-validated'); return; }
    const value = (name) => form.querySelector(`[name=${name}]`).value.trim();
    try {
      const r = await api(`/api/v1/devices/${encodeURIComponent(sn)}/commands/upgrade`, { method: 'POST',
        body: { method: value('method'), url: value('url'), checksum: value('checksum'), size: Number(value('size')) } });
      modal.hide();
      toast(`Upgrade queued as command ${r.id}.`);
    } catch (err) { showFormError(form, err); }
  };
  form.addEventListener('submit', submit);
  send.addEventListener('click', submit);
  el.addEventListener('hidden.bs.modal', () => el.remove());
  modal.show();
}

function kvTable(entries) {
  return h('table', { class: 'table table-sm kv' }, h('tbody', {}, entries.map(([k, v]) =>
    h('tr', {}, h('th', { scope: 'row' }, k), h('td', { class: 'mono' }, v)))));
}

function reported(body, d) {
  clear(body, h('div', { class: 'row g-3' },
    h('div', { class: 'col-lg-6' }, card('Identity', kvTable([
      ['Serial number', d.sn], ['First seen', fmtTime(d.first_seen)], ['Last heartbeat', fmtTime(d.last_seen)],
      ['Last punches', fmtTime(d.last_data) || 'never'], ['Clock', skew(d.clock_skew_s) || 'not known yet'],
      ['Last handshake', fmtTime(d.last_handshake)], ['Protocol', d.push_version], ['Language', d.language],
      ['IP address', d.ip], ['User agent', d.user_agent], ['Pending commands', d.pending_commands]]))),
    h('div', { class: 'col-lg-6' }, card('What the terminal reported', Object.keys(d.info).length
      ? kvTable(Object.entries(d.info)) : h('p', { class: 'text-muted mb-0' }, 'Nothing yet: ask for INFO.')))));
}

// The handshake options a terminal may have of its own.
const settingNames = ['Delay', 'ErrorDelay', 'TransInterval', 'TransTimes', 'TransFlag', 'TimeZone', 'Realtime', 'Encrypt'];

async function settings(body, d) {
  const server = await api('/api/v1/settings');
  const inputs = settingNames.map((name) => h('input', { class: 'form-control', name, id: `setting-${name}`,
    value: d.settings[name] ?? '', placeholder: server.effective[name] ?? '', disabled: !can('write') }));
  const form = h('form', { novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearFormError(form);
    const values = {};
    settingNames.forEach((name, i) => {
      const v = inputs[i].value.trim();
      if (v !== (d.settings[name] ?? '')) values[name] = v === '' ? null : v;
    });
    try {
      const updated = await api(`/api/v1/devices/${encodeURIComponent(d.sn)}/settings`, { method: 'PUT', body: values });
      d.settings = updated.settings || d.settings;
      toast('Settings saved; the terminal takes them at its next handshake.');
    } catch (err) {
      showFormError(form, err);
    }
  } },
  h('p', { class: 'text-muted' }, 'Empty: the server\'s setting (shown greyed). The terminal takes a change at its next handshake.'),
  h('div', { class: 'row' }, settingNames.map((name, i) => h('div', { class: 'col-sm-6 col-lg-3' }, field(name, inputs[i])))),
  can('write') ? h('button', { class: 'btn btn-primary', type: 'submit' }, 'Save settings') : null);
  clear(body, card(null, form), card('Punch direction', punchDirection(d)));
}

// Which of the terminal's punches are IN and which OUT (for ERPNext, Odoo
// and the exports): "status", "in", "out" or "status:0=in,1=out,...".
const directions = [['status', 'Status key', 'the key pressed: 0, 3, 4 are IN; 1, 2, 5 are OUT'],
  ['in', 'Entry terminal', 'every punch is IN'], ['out', 'Exit terminal', 'every punch is OUT'],
  ['custom', 'Custom mapping', 'the keys as mapped here, the rest unknown']];

function punchDirection(d) {
  const rule = d.punch_direction || 'status';
  const mode = rule.startsWith('status:') ? 'custom' : rule;
  const mapping = h('input', { class: 'form-control', name: 'punch_direction', id: 'punch-direction-mapping', placeholder: '0=in,1=out,4=in,5=out',
    value: mode === 'custom' ? rule.slice('status:'.length) : '', disabled: mode !== 'custom' || !can('write'), required: true,
    'aria-label': 'Custom mapping of status keys' });
  const choice = () => form.querySelector('input[name=direction]:checked').value;
  const form = h('form', { novalidate: true, id: 'punch-direction', onsubmit: async (e) => {
    e.preventDefault();
    clearFormError(form);
    if (!form.checkValidity()) { form.classList.add('was-validated'); return; }
    const value = choice() === 'custom' ? 'status:' + mapping.value.trim().replace(/^status:/, '').replace(/\s+/g, '') : choice();
    try {
      const updated = await api(`/api/v1/devices/${encodeURIComponent(d.sn)}`, { method: 'PATCH', body: { punch_direction: value } });
      d.punch_direction = updated.punch_direction;
      toast(`Punch direction saved (${updated.punch_direction}); it applies to punches arriving from now on.`);
    } catch (err) { showFormError(form, err); }
  } },
  h('p', { class: 'text-muted' }, 'Which punches are IN and which OUT (ERPNext, Odoo, exports); a change applies to punches arriving from now on.'),
  directions.map(([value, label, help]) => h('div', { class: 'form-check' },
    h('input', { class: 'form-check-input', type: 'radio', name: 'direction', id: `punch-direction-${value}`, value, checked: value === mode,
      disabled: !can('write'), onchange: () => { mapping.disabled = value !== 'custom'; if (value === 'custom') mapping.focus(); } }),
    h('label', { class: 'form-check-label', for: `punch-direction-${value}` }, label, h('span', { class: 'text-muted' }, ` — ${help}`)))),
  h('div', { class: 'ms-4 mt-1 mb-3 narrow-field' }, mapping,
    h('div', { class: 'invalid-feedback' }, 'Status keys and directions, e.g. 0=in,1=out.')),
  can('write') ? h('button', { class: 'btn btn-primary', type: 'submit' }, 'Save punch direction') : null);
  return form;
}

async function punches(body, d) {
  const table = dataTable({
    label: 'Punches',
    columns: [
      { label: 'Time (terminal)', render: (p) => p.time }, { label: 'PIN', key: 'pin' }, { label: 'Person', key: 'person_name' },
      { label: 'Status', key: 'status', num: true }, { label: 'Verify', key: 'verify', num: true },
      { label: 'Received', render: (p) => fmtTime(p.received_at) }],
    load: async ({ cursor, limit }) => {
      const page = await api(`/api/v1/devices/${encodeURIComponent(d.sn)}/attendance` + query({ after: cursor, limit }));
      return { items: page.items, next: page.next_after };
    },
    empty: 'No punches yet.',
  });
  clear(body, table.element);
  await table.reload();
}

async function photos(body, d) {
  const page = await api(`/api/v1/devices/${encodeURIComponent(d.sn)}/photos?limit=60`);
  clear(body, page.items.length ? h('div', { class: 'd-flex flex-wrap gap-2' }, page.items.map((p) =>
    h('figure', { class: 'figure' }, h('img', { src: `/api/v1/photos/${p.id}`, class: 'figure-img img-thumbnail', width: '120', loading: 'lazy',
      alt: `Photo of ${p.pin || 'unknown'} at ${fmtTime(p.received_at)}` }),
    h('figcaption', { class: 'figure-caption' }, `${p.pin} · ${fmtTime(p.received_at)}`))))
    : h('p', { class: 'text-muted' }, 'No photos.'));
}

async function commands(body, d) {
  const table = dataTable({
    label: 'Commands',
    columns: [
      { label: 'ID', key: 'id' }, { label: 'Command', render: (c) => h('span', { class: 'mono' }, c.command) },
      { label: 'Status', render: (c) => statusBadge(c.status) }, { label: 'Return', key: 'return_code', num: true },
      { label: 'Queued', render: (c) => fmtTime(c.created_at) }, { label: 'Completed', render: (c) => fmtTime(c.completed_at) },
      { label: 'Reply', render: (c) => h('span', { class: 'mono small' }, (c.reply || '').slice(0, 200)) }],
    load: async ({ cursor, limit }) => {
      const page = await api(`/api/v1/devices/${encodeURIComponent(d.sn)}/commands` + query({ after: cursor, limit }));
      return { items: page.items, next: page.next_after };
    },
    empty: 'No commands yet.',
  });
  clear(body, table.element);
  await table.reload();
}

async function requests(body, d) {
  const page = await api(`/api/v1/devices/${encodeURIComponent(d.sn)}/requests`);
  clear(body, h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm' },
    h('thead', {}, h('tr', {}, ['Time', 'Request', 'Status', 'Bytes in', 'Bytes out'].map((x) => h('th', { scope: 'col' }, x)))),
    h('tbody', {}, page.items.map((r) => h('tr', {}, h('td', {}, fmtTime(r.at)), h('td', { class: 'mono' }, `${r.method || ''} ${r.endpoint || ''} ${r.table || ''}`),
      h('td', {}, r.status), h('td', { class: 'num' }, r.request_bytes ?? ''), h('td', { class: 'num' }, r.response_bytes ?? '')))))));
}

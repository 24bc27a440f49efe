// People: the list, creating and editing a person (card, PIN, privilege,
// their templates and photo, their groups), and the person x terminal sync
// grid with resending.

import { api, can, query } from '../api.js';
import { h, clear, card, pageHeader, dataTable, fmtTime, debounce, field, toast, showFormError, clearFormError,
  confirmAction } from '../ui.js';

const privileges = [[0, 'User'], [2, 'Registrar'], [6, 'Administrator'], [14, 'Super administrator']];
const kinds = ['fingerprint', 'face', 'finger_vein', 'biodata', 'user_photo', 'bio_photo'];

export default async function render(main, route) {
  if (route.rest[0] === 'new') return edit(main, null);
  if (route.rest.length) return edit(main, route.rest[0]);
  if (route.params.get('view') === 'grid') return grid(main, route.params);
  return list(main, route.params);
}

function tabs(active) {
  return h('ul', { class: 'nav nav-tabs mb-3' },
    h('li', { class: 'nav-item' }, h('a', { class: `nav-link${active === 'list' ? ' active' : ''}`, href: '#/people' }, 'List')),
    h('li', { class: 'nav-item' }, h('a', { class: `nav-link${active === 'grid' ? ' active' : ''}`, href: '#/people?view=grid', id: 'sync-grid-tab' }, 'Sync grid')));
}

async function list(main, params) {
  let search = params.get('q') || '';
  const input = h('input', { class: 'form-control', type: 'search', value: search, id: 'person-search',
    placeholder: 'PIN, name or card', 'aria-label': 'Search people' });
  const table = dataTable({
    label: 'People',
    columns: [
      { label: 'PIN', render: (p) => h('a', { href: `#/people/${encodeURIComponent(p.pin)}` }, p.pin) },
      { label: 'Name', key: 'name' }, { label: 'Card', key: 'card' },
      { label: 'Privilege', render: (p) => (privileges.find(([v]) => v === p.privilege) || [0, p.privilege])[1] },
      { label: 'Changed', render: (p) => fmtTime(p.updated_at) }, { label: 'By', key: 'updated_by' }],
    load: async ({ cursor, limit }) => {
      const page = await api('/api/v1/persons' + query({ search, after: cursor, limit }));
      return { items: page.items, next: page.next_after };
    },
    empty: 'No one yet.',
  });
  input.addEventListener('input', debounce(() => { search = input.value.trim(); table.reset(); }));
  clear(main, pageHeader('People', can('write') ? h('a', { class: 'btn btn-primary', href: '#/people/new', id: 'new-person' }, 'New person') : null),
    tabs('list'), h('div', { class: 'row mb-3' }, h('div', { class: 'col-md-4' }, input)), table.element);
  await table.reload();
}

async function edit(main, pin) {
  const [person, groups] = await Promise.all([
    pin ? api(`/api/v1/persons/${encodeURIComponent(pin)}`) : Promise.resolve(null),
    api('/api/v1/device-groups')]);
  const readOnly = !can('write');
  const input = (name, value, attrs = {}) => h('input', { class: 'form-control', name, id: `person-${name}`, value: value ?? '', disabled: readOnly, ...attrs });
  const inputs = {
    pin: input('pin', person?.pin, { required: true, disabled: readOnly || !!person, pattern: '[0-9A-Za-z]{1,24}' }),
    name: input('name', person?.name, { maxlength: '24' }),
    card: input('card', person?.card, { inputmode: 'numeric' }),
    password: input('password', '', { type: 'password', autocomplete: 'new-password', placeholder: person?.password ? 'set (leave empty to keep)' : '' }),
    privilege: h('select', { class: 'form-select', name: 'privilege', id: 'person-privilege', disabled: readOnly },
      privileges.map(([v, t]) => h('option', { value: v, selected: (person?.privilege ?? 0) === v }, t))),
  };
  const chosen = new Set(person?.assignments.groups || []);
  const groupBoxes = groups.items.map((g) => h('div', { class: 'form-check' },
    h('input', { class: 'form-check-input', type: 'checkbox', id: `group-${g.id}`, value: g.id, checked: chosen.has(g.id), disabled: readOnly }),
    h('label', { class: 'form-check-label', for: `group-${g.id}` }, g.name)));
  const form = h('form', { novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearFormError(form);
    if (!form.checkValidity()) { form.classList.add('was-validated'); return; }
    const body = { name: inputs.name.value, card: inputs.card.value, privilege: Number(inputs.privilege.value),
      groups: groupBoxes.map((b) => b.querySelector('input')).filter((c) => c.checked).map((c) => Number(c.value)) };
    if (inputs.password.value) body.password = inputs.password.value;
    try {
      if (person) await api(`/api/v1/persons/${encodeURIComponent(person.pin)}`, { method: 'PATCH', body });
      else await api('/api/v1/persons', { method: 'POST', body: { pin: inputs.pin.value, ...body } });
      toast('Saved: the terminals of their groups get the change at their next poll.');
      location.hash = `#/people/${encodeURIComponent(person ? person.pin : inputs.pin.value)}`;
    } catch (err) {
      showFormError(form, err);
    }
  } },
  h('div', { class: 'row' },
    h('div', { class: 'col-md-6' }, field('PIN', inputs.pin, 'As on the terminals: digits (letters on some firmware).'), field('Name', inputs.name),
      field('Card', inputs.card), field('Keypad password', inputs.password), field('Privilege', inputs.privilege)),
    h('div', { class: 'col-md-6' }, h('fieldset', { class: 'mb-3' }, h('legend', { class: 'form-label fs-6' }, 'Groups of terminals'),
      groupBoxes.length ? groupBoxes : h('p', { class: 'text-muted' }, 'No groups yet: create one on the Groups page.')))),
  readOnly ? null : h('button', { class: 'btn btn-primary', type: 'submit' }, person ? 'Save' : 'Create'));

  const side = person ? biometrics(person) : null;
  const actions = person && !readOnly ? h('div', { class: 'd-flex gap-2' },
    h('button', { class: 'btn btn-outline-primary', type: 'button', onclick: async () => {
      const r = await api(`/api/v1/persons/${encodeURIComponent(person.pin)}/resync`, { method: 'POST', body: {} });
      toast(`Sending ${person.pin} again to ${r.terminals} terminal(s).`);
    } }, 'Resend to terminals'),
    h('button', { class: 'btn btn-outline-danger', type: 'button', onclick: async () => {
      if (!(await confirmAction(`Delete ${person.pin}?`, 'The person is deleted here and from every terminal, with their fingerprints, faces and card.', 'Delete'))) return;
      await api(`/api/v1/persons/${encodeURIComponent(person.pin)}`, { method: 'DELETE' });
      toast(`${person.pin} deleted.`);
      location.hash = '#/people';
    } }, 'Delete')) : null;
  clear(main, pageHeader(person ? `${person.name || person.pin} (${person.pin})` : 'New person', actions),
    h('div', { class: 'row g-3' }, h('div', { class: person ? 'col-lg-8' : 'col-12' }, card(null, form)),
      person ? h('div', { class: 'col-lg-4' }, side) : null));
}

function biometrics(person) {
  const counts = Object.fromEntries(kinds.map((k) => [k, 0]));
  for (const b of person.biometrics) counts[b.kind] = (counts[b.kind] || 0) + 1;
  const photo = person.biometrics.find((b) => b.kind === 'user_photo');
  return card('Templates and photo',
    photo ? userPhoto(person, photo) : null,
    h('table', { class: 'table table-sm mb-0', id: 'person-biometrics' }, h('tbody', {}, kinds.map((k) =>
      h('tr', {}, h('th', { scope: 'row', class: 'fw-normal' }, k.replace('_', ' ')), h('td', { class: 'num' }, counts[k]))))),
    h('p', { class: 'text-muted small mt-2 mb-0' }, `Revision ${person.revision}, changed ${fmtTime(person.updated_at)} by ${person.updated_by}.`));
}

// The photo's bytes come with Accept: application/octet-stream, which an
// <img> cannot ask for: fetched, then shown from a blob.
function userPhoto(person, photo) {
  const img = h('img', { class: 'img-thumbnail mb-2', width: '120', alt: `Photo of ${person.name || person.pin}` });
  fetch(`/api/v1/persons/${encodeURIComponent(person.pin)}/biometrics/user_photo/${photo.no}`,
    { headers: { Accept: 'application/octet-stream' }, credentials: 'same-origin' })
    .then((r) => (r.ok ? r.blob() : null))
    .then((blob) => { if (blob) img.src = URL.createObjectURL(blob); });
  return img;
}

async function grid(main, params) {
  const groups = (await api('/api/v1/device-groups')).items;
  let group = params.get('group') || (groups[0] ? String(groups[0].id) : '');
  let search = '';
  const cursors = [null];
  const body = h('div', { id: 'sync-grid' });
  const select = h('select', { class: 'form-select', 'aria-label': 'Group of terminals', id: 'grid-group',
    onchange: () => { group = select.value; cursors.length = 1; load(); } },
  h('option', { value: '' }, 'Every terminal'), groups.map((g) => h('option', { value: g.id, selected: String(g.id) === group }, g.name)));
  const input = h('input', { class: 'form-control', type: 'search', placeholder: 'PIN or name', 'aria-label': 'Search people',
    oninput: debounce(() => { search = input.value.trim(); cursors.length = 1; load(); }) });
  const labels = { synced: 'synced', pending: 'pending', failed: 'failed', not_assigned: '—' };

  async function load() {
    const g = await api('/api/v1/sync-grid' + query({ group, q: search, after: cursors[cursors.length - 1], limit: 50 }));
    const head = h('tr', {}, h('th', { scope: 'col' }, 'Person'), g.terminals.map((t) => h('th', { scope: 'col', class: 'nowrap' },
      h('a', { href: `#/terminals/${encodeURIComponent(t.sn)}` }, t.name || t.sn))));
    const rows = g.items.map((p) => h('tr', { dataset: { pin: p.pin } },
      h('th', { scope: 'row', class: 'fw-normal nowrap' }, h('a', { href: `#/people/${encodeURIComponent(p.pin)}` }, `${p.pin} ${p.name}`)),
      p.cells.map((state, i) => h('td', { class: `sync-${state} text-center`, dataset: { sn: g.terminals[i].sn, state } },
        labels[state], state === 'failed' && can('write') ? h('button', { type: 'button', class: 'btn btn-link btn-sm p-0 ms-1',
          onclick: () => resend(p.pin, g.terminals[i].sn) }, 'resend') : null))));
    const more = g.terminals_total > g.terminals.length
      ? h('p', { class: 'text-muted small' }, `The first ${g.terminals.length} of ${g.terminals_total} terminals: choose a group to see others.`) : null;
    clear(body, more, g.terminals.length ? h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm table-bordered align-middle w-auto' },
      h('caption', { class: 'visually-hidden' }, 'People by terminal'), h('thead', {}, head), h('tbody', {}, rows)))
      : h('p', { class: 'text-muted' }, 'No terminal in this group.'),
    h('div', { class: 'd-flex gap-2' },
      h('button', { class: 'btn btn-outline-secondary btn-sm', type: 'button', disabled: cursors.length <= 1, onclick: () => { cursors.pop(); load(); } }, '‹ Previous'),
      h('button', { class: 'btn btn-outline-secondary btn-sm', type: 'button', disabled: g.next_after === null, onclick: () => { cursors.push(g.next_after); load(); } }, 'Next ›'),
      h('button', { class: 'btn btn-outline-secondary btn-sm ms-auto', type: 'button', id: 'grid-refresh', onclick: load }, 'Refresh')));
  }

  async function resend(pin, sn) {
    await api(`/api/v1/persons/${encodeURIComponent(pin)}/resync`, { method: 'POST', body: { devices: [sn] } });
    toast(`Sending ${pin} again to ${sn}.`);
    load();
  }

  clear(main, pageHeader('People'), tabs('grid'),
    h('div', { class: 'row g-2 mb-3' }, h('div', { class: 'col-md-4' }, select), h('div', { class: 'col-md-4' }, input)), body);
  await load();
  const timer = setInterval(() => load().catch(() => {}), 5000);
  return () => clearInterval(timer);
}

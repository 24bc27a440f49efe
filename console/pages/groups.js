// Groups of terminals: each with its terminals and its people; creating,
// renaming, adding a terminal, deleting.

import { api, can } from '../api.js';
import { h, clear, card, pageHeader, toast, field, showFormError, clearFormError, confirmAction, onlineDot, ago } from '../ui.js';

export default async function render(main, route) {
  if (route.rest.length) return group(main, Number(route.rest[0]));
  const groups = (await api('/api/v1/device-groups')).items;
  const counts = await Promise.all(groups.map((g) => api(`/api/v1/devices?group=${g.id}&limit=0`).then((r) => r.total)));
  const name = h('input', { class: 'form-control', name: 'name', id: 'group-name', required: true });
  const form = h('form', { class: 'row g-2 align-items-end', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearFormError(form);
    try {
      const g = await api('/api/v1/device-groups', { method: 'POST', body: { name: name.value.trim() } });
      location.hash = `#/groups/${g.id}`;
    } catch (err) { showFormError(form, err); }
  } }, h('div', { class: 'col-sm-6' }, field('New group', name)),
  h('div', { class: 'col-sm-3 mb-3' }, h('button', { class: 'btn btn-primary', type: 'submit' }, 'Create')));
  clear(main, pageHeader('Groups'),
    groups.length ? h('div', { class: 'list-group mb-4', id: 'groups' }, groups.map((g, i) =>
      h('a', { class: 'list-group-item list-group-item-action d-flex justify-content-between', href: `#/groups/${g.id}` },
        h('span', {}, g.name), h('span', { class: 'text-muted' }, `${counts[i]} terminal(s)`))))
      : h('p', { class: 'text-muted' }, 'No groups yet. A group lets you put people on many terminals at once.'),
    can('write') ? card(null, form) : null);
}

async function group(main, id) {
  const groups = (await api('/api/v1/device-groups')).items;
  const g = groups.find((x) => x.id === id);
  if (!g) throw new Error('There is no such group.');
  const [terminals, people] = await Promise.all([
    api(`/api/v1/devices?group=${id}&limit=1000&sort=name`), api(`/api/v1/persons?group=${id}&limit=1000`)]);
  const sn = h('input', { class: 'form-control', name: 'sn', id: 'add-terminal', placeholder: 'Serial number', required: true });
  const add = h('form', { class: 'd-flex gap-2 mt-2', novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearFormError(add);
    try {
      await api(`/api/v1/devices/${encodeURIComponent(sn.value.trim())}`, { method: 'PATCH', body: { group_id: id } });
      toast(`${sn.value.trim()} added: it gets the group's people at its next poll.`);
      group(main, id);
    } catch (err) { showFormError(add, err); }
  } }, sn, h('button', { class: 'btn btn-outline-primary', type: 'submit' }, 'Add terminal'));
  const remove = async () => {
    if (!(await confirmAction(`Delete the group ${g.name}?`, 'Its terminals leave the group and lose the people they had through it.', 'Delete'))) return;
    await api(`/api/v1/device-groups/${id}`, { method: 'DELETE' });
    location.hash = '#/groups';
  };
  clear(main, pageHeader(g.name, can('write') ? h('button', { class: 'btn btn-outline-danger', type: 'button', onclick: remove }, 'Delete group') : null),
    h('p', { class: 'text-muted' }, g.propagate_enrolments ? 'A person enrolled on one of its terminals is put on all of them.' : 'Enrolments stay on the terminal they were made on.'),
    h('div', { class: 'row g-3' },
      h('div', { class: 'col-lg-6' }, card(`Terminals (${terminals.total})`, h('ul', { class: 'list-unstyled mb-0', id: 'group-terminals' },
        terminals.items.map((d) => h('li', {}, h('a', { href: `#/terminals/${encodeURIComponent(d.sn)}` }, d.name || d.sn), ' ', onlineDot(d.online), ' ', ago(d.last_seen)))),
      can('write') ? add : null)),
      h('div', { class: 'col-lg-6' }, card(`People (${people.items.length}${people.next_after ? '+' : ''})`,
        h('ul', { class: 'list-unstyled mb-0', id: 'group-people' }, people.items.map((p) =>
          h('li', {}, h('a', { href: `#/people/${encodeURIComponent(p.pin)}` }, `${p.pin} ${p.name}`)))),
        h('a', { class: 'btn btn-link px-0', href: `#/people?view=grid&group=${id}` }, 'Sync grid of this group')))));
}

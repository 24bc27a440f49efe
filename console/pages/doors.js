// Doors: every door of the access panels with the state it last reported,
// remote control for operators (open for a few seconds, keep open, close,
// cancel an alarm), and the panels' events as they arrive (Server-Sent
// Events: passes, refusals with their reason, alarms, door changes).

import { api, can, query, eventStream } from '../api.js';
import { h, clear, card, pageHeader, badge, toast, confirmAction, onlineDot, fmtTime } from '../ui.js';

const kMaxEvents = 200;
const classKinds = { granted: 'success', denied: 'warning', alarm: 'danger', door: 'info', device: 'secondary', unknown: 'secondary' };
const actions = [
  { action: 'open', label: 'Open 5 s', body: { seconds: 5 } },
  { action: 'keep_open', label: 'Keep open', confirm: 'The door stays unlocked until someone closes it here.' },
  { action: 'close', label: 'Close' },
  { action: 'cancel_alarm', label: 'Cancel alarm' },
];

export default async function render(main, route) {
  const filter = { class: route.params.get('class') || '' };
  const state = h('span', { id: 'doors-live', class: 'badge text-bg-secondary' }, 'connecting');
  const doorsBody = h('tbody', { id: 'door-rows' });
  const eventsBody = h('tbody', { id: 'access-event-rows' });
  const classSelect = h('select', { class: 'form-select', id: 'event-class', 'aria-label': 'Events of class',
    onchange: (e) => { filter.class = e.target.value; loadEvents(); } },
  ['', 'granted', 'denied', 'alarm', 'door', 'device'].map((c) => h('option', { value: c, selected: c === filter.class }, c || 'Every event')));

  clear(main, pageHeader('Doors', state),
    card('Doors', h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm align-middle mb-0' },
      h('caption', { class: 'visually-hidden' }, 'Doors and their state'),
      h('thead', {}, h('tr', {}, ['Panel', 'Door', 'Sensor', 'Lock', 'Alarms', 'Reported', can('write') ? 'Actions' : null]
        .filter(Boolean).map((x) => h('th', { scope: 'col' }, x)))), doorsBody))),
    card('Access events', h('div', { class: 'row g-2 mb-2' }, h('div', { class: 'col-sm-4 col-lg-3' }, classSelect)),
      h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm align-middle mb-0' },
        h('caption', { class: 'visually-hidden' }, 'Access events, newest first'),
        h('thead', {}, h('tr', {}, ['Time (panel)', 'Event', 'Class', 'Person', 'Card', 'Panel', 'Door'].map((x) => h('th', { scope: 'col' }, x)))),
        eventsBody))));

  async function control(door, a) {
    if (a.confirm && !(await confirmAction(`${a.label}: ${door.name} of ${door.sn}?`, a.confirm, a.label, 'warning'))) return;
    try {
      const command = await api(`/api/v1/devices/${encodeURIComponent(door.sn)}/doors/${door.door}/${a.action}`, { method: 'POST', body: a.body || {} });
      toast(`${a.label} sent to ${door.name} (command ${command.id}); the panel's event will say when it happened.`);
    } catch (e) { toast(e.message, 'danger'); }
  }

  async function loadDoors() {
    const doors = (await api('/api/v1/doors')).items;
    const rows = doors.map((d) => h('tr', { dataset: { sn: d.sn, door: String(d.door) } },
      h('td', {}, onlineDot(d.online), ' ', h('a', { href: `#/terminals/${encodeURIComponent(d.sn)}` }, d.sn)),
      h('td', {}, d.name),
      h('td', { class: 'door-sensor' }, badge(d.sensor, d.sensor === 'open' ? 'warning' : d.sensor === 'closed' ? 'success' : 'secondary')),
      h('td', { class: 'door-lock' }, d.unlocked === null ? '—' : d.unlocked ? badge('unlocked', 'warning') : badge('locked', 'success')),
      h('td', { class: 'door-alarms' }, d.alarms.length ? d.alarms.map((a) => badge(a.replaceAll('_', ' '), 'danger')) : '—'),
      h('td', {}, d.state_time || 'never'),
      can('write') ? h('td', {}, h('div', { class: 'btn-group btn-group-sm', role: 'group', 'aria-label': `Control ${d.name}` },
        actions.map((a) => h('button', { type: 'button', class: 'btn btn-outline-primary', dataset: { action: a.action },
          onclick: () => control(d, a) }, a.label)))) : null));
    clear(doorsBody, rows.length ? rows : h('tr', {}, h('td', { colspan: 7, class: 'text-muted' },
      'No access panel yet. Point a panel at this server (see the README, "Access control").')));
  }

  function eventRow(e) {
    return h('tr', { class: 'access-event', dataset: { class: e.class } },
      h('td', {}, e.time), h('td', {}, e.name || `event ${e.event}`), h('td', {}, badge(e.class, classKinds[e.class])),
      h('td', {}, e.pin && e.pin !== '0' ? `${e.pin} ${e.person_name || ''}` : ''), h('td', {}, e.card_no !== '0' ? e.card_no : ''),
      h('td', {}, e.sn), h('td', { class: 'num' }, e.door || ''));
  }

  async function loadEvents() {
    const page = await api('/api/v1/access-events' + query({ limit: 50, class: filter.class }));
    clear(eventsBody, page.items.length ? page.items.map(eventRow) : h('tr', {}, h('td', { colspan: 7, class: 'text-muted' }, 'No events yet.')));
  }

  await Promise.all([loadDoors(), loadEvents()]);

  // Live: new events on top, doors read again when one reports a change.
  const handlers = { 'door.state': () => loadDoors().catch(() => {}) };
  for (const kind of ['access.granted', 'access.denied', 'access.alarm', 'access.door', 'access.device']) {
    handlers[kind] = (event) => {
      const e = event.data;
      if (filter.class && filter.class !== e.class) return;
      if (eventsBody.querySelector('td.text-muted')) clear(eventsBody);
      eventsBody.prepend(eventRow(e));
      while (eventsBody.children.length > kMaxEvents) eventsBody.lastElementChild.remove();
    };
  }
  return eventStream(Object.keys(handlers), handlers, state);
}

// Live: punches as they arrive (Server-Sent Events), with the attendance
// photo when the terminal sends one. The browser reconnects by itself after
// a server restart and resumes after the last event it saw (Last-Event-ID),
// so nothing is lost in between.

import { eventStream } from '../api.js';
import { h, clear, pageHeader, fmtTime } from '../ui.js';

const kMaxRows = 200;

export default async function render(main, route) {
  const filters = { sn: route.params.get('sn') || '', pin: route.params.get('pin') || '' };
  const state = h('span', { id: 'live-state', class: 'badge text-bg-secondary' }, 'connecting');
  const tbody = h('tbody', { id: 'live-rows' });
  const input = (label, key) => h('input', { class: 'form-control', type: 'search', placeholder: label, 'aria-label': label, value: filters[key],
    oninput: (e) => { filters[key] = e.target.value.trim(); applyFilter(); } });
  clear(main, pageHeader('Live', state),
    h('div', { class: 'row g-2 mb-3' }, h('div', { class: 'col-sm-4 col-lg-3' }, input('Terminal serial number', 'sn')),
      h('div', { class: 'col-sm-4 col-lg-3' }, input('Person (PIN)', 'pin'))),
    h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm align-middle' },
      h('caption', { class: 'visually-hidden' }, 'Punches as they arrive'),
      h('thead', {}, h('tr', {}, ['Photo', 'Time (terminal)', 'Person', 'PIN', 'Terminal', 'Status', 'Verify', 'Received'].map((x) => h('th', { scope: 'col' }, x)))),
      tbody)));

  function visible(row) {
    return (!filters.sn || row.dataset.sn.includes(filters.sn)) && (!filters.pin || row.dataset.pin === filters.pin);
  }
  function applyFilter() {
    for (const row of tbody.children) row.hidden = !visible(row);
  }

  function punch(event) {  // {id, kind, at, data}
    const p = event.data;
    const row = h('tr', { class: 'live-row', dataset: { sn: p.sn, pin: p.pin, id: String(p.attendance_id) } },
      h('td', { class: 'photo' }), h('td', {}, p.time), h('td', {}, p.person_name || ''), h('td', {}, p.pin),
      h('td', {}, h('a', { href: `#/terminals/${encodeURIComponent(p.sn)}` }, p.sn)), h('td', { class: 'num' }, p.status),
      h('td', { class: 'num' }, p.verify), h('td', {}, fmtTime(event.at)));
    row.hidden = !visible(row);
    tbody.prepend(row);
    while (tbody.children.length > kMaxRows) tbody.lastElementChild.remove();
  }

  function photo(event) {
    const p = event.data;
    for (const row of tbody.children) {
      if (row.dataset.sn === p.sn && row.dataset.pin === p.pin && !row.querySelector('img')) {
        row.querySelector('.photo').append(h('img', { class: 'live-photo', src: p.url, alt: `Photo of ${p.pin}` }));
        return;
      }
    }
  }

  return eventStream(['attendance.created', 'attendance.photo'], { 'attendance.created': punch, 'attendance.photo': photo }, state);
}

// Access rights: time zones (weekly schedules), holidays, access levels
// (doors on any panels, open during one time zone) and who holds which
// level. zkpush sends every panel what it must hold at its next poll.

import { api, can } from '../api.js';
import { h, clear, card, pageHeader, toast, field, showFormError, clearFormError, confirmAction } from '../ui.js';

const days = [['mon', 'Monday'], ['tue', 'Tuesday'], ['wed', 'Wednesday'], ['thu', 'Thursday'], ['fri', 'Friday'],
  ['sat', 'Saturday'], ['sun', 'Sunday'], ['hol1', 'Holiday type 1'], ['hol2', 'Holiday type 2'], ['hol3', 'Holiday type 3']];

function scheduleText(schedule) {
  const parts = days.filter(([key]) => schedule[key] && schedule[key].length)
    .map(([key]) => `${key} ${schedule[key].map(([a, b]) => `${a}–${b}`).join(', ')}`);
  return parts.length ? parts.join('; ') : 'never';
}

function submitForm(form, send) {
  form.addEventListener('submit', async (e) => {
    e.preventDefault();
    clearFormError(form);
    try { await send(); } catch (err) { showFormError(form, err); }
  });
  return form;
}

export default async function render(main, route) {
  // ?pin= : the person the grant form shows, with the levels it holds.
  const person = route.params.get('pin') || '';
  const [zones, levels, holidays, doors, held] = await Promise.all([api('/api/v1/time-zones'), api('/api/v1/access-levels'),
    api('/api/v1/holidays'), api('/api/v1/doors'),
    person ? api(`/api/v1/persons/${encodeURIComponent(person)}/access`).catch(() => null) : null]);
  const zoneName = (id) => (zones.items.find((z) => z.id === id) || { name: `#${id}` }).name;
  const reload = () => render(main, route);
  const write = can('write');

  // -- time zones
  const zoneForm = submitForm(h('form', { id: 'zone-form', novalidate: true }), async () => {
    const schedule = {};
    for (const [key] of days) {
      const from = zoneForm.querySelector(`[name=${key}-from]`).value, to = zoneForm.querySelector(`[name=${key}-to]`).value;
      if (from || to) schedule[key] = [[from, to]];
    }
    await api('/api/v1/time-zones', { method: 'POST', body: { name: zoneForm.querySelector('[name=name]').value.trim(), schedule } });
    toast('Time zone created.');
    reload();
  });
  zoneForm.append(field('Name', h('input', { class: 'form-control', name: 'name', id: 'zone-name', required: true })),
    h('fieldset', { class: 'mb-2' }, h('legend', { class: 'fs-6' }, 'Open (from, until)'),
      days.map(([key, label]) => h('div', { class: 'row g-2 align-items-center mb-1' },
        h('div', { class: 'col-4 small' }, label),
        h('div', { class: 'col-4' }, h('input', { class: 'form-control form-control-sm', type: 'time', name: `${key}-from`, 'aria-label': `${label} from` })),
        h('div', { class: 'col-4' }, h('input', { class: 'form-control form-control-sm', type: 'time', name: `${key}-to`, 'aria-label': `${label} until` }))))),
    h('div', { class: 'form-text mb-2' }, 'Leave a day empty: closed that day. 24:00 is typed as 23:59.'),
    h('button', { class: 'btn btn-primary', type: 'submit' }, 'Create time zone'));

  // -- access levels
  const doorBoxes = doors.items.map((d, i) => h('div', { class: 'form-check' },
    h('input', { class: 'form-check-input', type: 'checkbox', id: `level-door-${i}`, dataset: { sn: d.sn, door: String(d.door) } }),
    h('label', { class: 'form-check-label', for: `level-door-${i}` }, `${d.sn} · ${d.name}`)));
  const levelForm = submitForm(h('form', { id: 'level-form', novalidate: true }), async () => {
    const chosen = [...levelForm.querySelectorAll('input[type=checkbox]:checked')].map((c) => ({ sn: c.dataset.sn, door: Number(c.dataset.door) }));
    await api('/api/v1/access-levels', { method: 'POST', body: { name: levelForm.querySelector('[name=name]').value.trim(),
      time_zone_id: Number(levelForm.querySelector('[name=time_zone_id]').value), doors: chosen } });
    toast('Access level created.');
    reload();
  });
  levelForm.append(field('Name', h('input', { class: 'form-control', name: 'name', id: 'level-name', required: true })),
    field('Open during', h('select', { class: 'form-select', name: 'time_zone_id', id: 'level-zone' },
      zones.items.map((z) => h('option', { value: String(z.id) }, z.name)))),
    h('fieldset', { class: 'mb-3' }, h('legend', { class: 'fs-6' }, 'Doors'),
      doorBoxes.length ? doorBoxes : h('p', { class: 'text-muted' }, 'No access panel yet.')),
    h('button', { class: 'btn btn-primary', type: 'submit', disabled: !zones.items.length }, 'Create level'));

  // -- who holds which level
  const pin = h('input', { class: 'form-control', name: 'pin', id: 'grant-pin', required: true, value: person,
    onchange: () => { location.hash = `#/access?pin=${encodeURIComponent(pin.value.trim())}`; } });
  const levelBoxes = levels.items.map((l) => h('div', { class: 'form-check form-check-inline' },
    h('input', { class: 'form-check-input', type: 'checkbox', id: `grant-level-${l.id}`, value: String(l.id),
      checked: held ? held.levels.includes(l.id) : false }),
    h('label', { class: 'form-check-label', for: `grant-level-${l.id}` }, l.name)));
  const grantForm = submitForm(h('form', { id: 'grant-form', novalidate: true }), async () => {
    const chosen = [...grantForm.querySelectorAll('input[type=checkbox]:checked')].map((c) => Number(c.value));
    await api(`/api/v1/persons/${encodeURIComponent(pin.value.trim())}/access`, { method: 'PUT', body: { levels: chosen } });
    toast(`${pin.value.trim()} holds ${chosen.length} level(s); the panels get it at their next poll.`);
    if (person === pin.value.trim()) reload();
    else location.hash = `#/access?pin=${encodeURIComponent(pin.value.trim())}`;
  });
  const block = async (blocked) => {
    clearFormError(grantForm);
    const who = pin.value.trim();
    if (blocked && !(await confirmAction(`Block ${who}?`, 'The person is removed from every panel at its next poll, whatever levels it holds.', 'Block'))) return;
    try {
      await api(`/api/v1/persons/${encodeURIComponent(who)}/access`, { method: 'PUT', body: { blocked } });
      toast(blocked ? `${who} is blocked.` : `${who} may pass again.`);
    } catch (err) { showFormError(grantForm, err); }
  };
  grantForm.append(field('Person (PIN)', pin, held && held.blocked ? 'Blocked: off every panel.' : null), h('fieldset', { class: 'mb-3' }, h('legend', { class: 'fs-6' }, 'Levels'), levelBoxes),
    h('div', { class: 'd-flex gap-2' }, h('button', { class: 'btn btn-primary', type: 'submit' }, 'Save levels'),
      h('button', { class: 'btn btn-outline-danger', type: 'button', id: 'grant-block', onclick: () => block(true) }, 'Block'),
      h('button', { class: 'btn btn-outline-secondary', type: 'button', id: 'grant-unblock', onclick: () => block(false) }, 'Unblock')));

  // -- holidays
  const holidayForm = submitForm(h('form', { class: 'row g-2 align-items-end', id: 'holiday-form', novalidate: true }), async () => {
    await api('/api/v1/holidays', { method: 'POST', body: { date: holidayForm.querySelector('[name=date]').value,
      type: Number(holidayForm.querySelector('[name=type]').value), yearly: holidayForm.querySelector('[name=yearly]').checked,
      name: holidayForm.querySelector('[name=name]').value.trim() } });
    reload();
  });
  holidayForm.append(h('div', { class: 'col-sm-3' }, field('Date', h('input', { class: 'form-control', type: 'date', name: 'date', id: 'holiday-date' }))),
    h('div', { class: 'col-sm-3' }, field('Name', h('input', { class: 'form-control', name: 'name', id: 'holiday-name' }))),
    h('div', { class: 'col-sm-2' }, field('Type', h('select', { class: 'form-select', name: 'type', id: 'holiday-type' },
      ['1', '2', '3'].map((t) => h('option', { value: t }, t))))),
    h('div', { class: 'col-sm-2 mb-3 form-check' }, h('input', { class: 'form-check-input', type: 'checkbox', name: 'yearly', id: 'holiday-yearly' }),
      h('label', { class: 'form-check-label', for: 'holiday-yearly' }, 'Every year')),
    h('div', { class: 'col-sm-2 mb-3' }, h('button', { class: 'btn btn-outline-primary', type: 'submit' }, 'Add')));

  const remove = async (path, what) => {
    if (!(await confirmAction(`Delete ${what}?`, 'The panels lose it at their next poll.', 'Delete'))) return;
    try { await api(path, { method: 'DELETE' }); reload(); } catch (e) { toast(e.message, 'danger'); }
  };
  const deleteButton = (path, what) => (write ? h('button', { type: 'button', class: 'btn btn-sm btn-outline-danger',
    onclick: () => remove(path, what) }, 'Delete') : null);

  clear(main, pageHeader('Access rights'),
    h('div', { class: 'row g-3' },
      h('div', { class: 'col-xl-6' },
        card('Access levels', h('ul', { class: 'list-group mb-3', id: 'levels' }, levels.items.map((l) =>
          h('li', { class: 'list-group-item d-flex justify-content-between align-items-start gap-2' },
            h('div', {}, h('div', { class: 'fw-semibold' }, l.name),
              h('div', { class: 'small text-muted' }, `${zoneName(l.time_zone_id)} · ${l.doors.map((d) => `${d.sn} door ${d.door}`).join(', ') || 'no door'} · ${l.persons} person(s)`)),
            deleteButton(`/api/v1/access-levels/${l.id}`, l.name)))),
        write ? levelForm : null),
        write ? card('Who holds which level', grantForm) : null),
      h('div', { class: 'col-xl-6' },
        card('Time zones', h('ul', { class: 'list-group mb-3', id: 'zones' }, zones.items.map((z) =>
          h('li', { class: 'list-group-item d-flex justify-content-between align-items-start gap-2' },
            h('div', {}, h('div', { class: 'fw-semibold' }, z.name), h('div', { class: 'small text-muted' }, scheduleText(z.schedule))),
            deleteButton(`/api/v1/time-zones/${z.id}`, z.name)))),
        write ? zoneForm : null),
        card('Holidays', h('ul', { class: 'list-group mb-3', id: 'holidays' }, holidays.items.map((x) =>
          h('li', { class: 'list-group-item d-flex justify-content-between' }, `${x.date} ${x.name} (type ${x.type}${x.yearly ? ', every year' : ''})`,
            deleteButton(`/api/v1/holidays/${x.id}`, x.date)))),
        write ? holidayForm : null))));
}

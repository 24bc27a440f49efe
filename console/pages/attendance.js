// Attendance: punches by date range, person and terminal, and the same
// selection as CSV.

import { api, query } from '../api.js';
import { h, clear, pageHeader, dataTable, fmtTime, today, field } from '../ui.js';

export default async function render(main, route) {
  const p = route.params;
  const filters = { from: p.get('from') || today(), to: p.get('to') || today(), pin: p.get('pin') || '', sn: p.get('sn') || '' };
  const input = (name, label, type = 'text') => h('input', { class: 'form-control', name, type, value: filters[name], id: `att-${name}` });
  const inputs = { from: input('from', 'From', 'date'), to: input('to', 'To', 'date'), pin: input('pin', 'Person (PIN)'), sn: input('sn', 'Terminal') };
  const csv = h('a', { class: 'btn btn-outline-primary', id: 'attendance-csv', download: 'attendance.csv' }, 'Export CSV');
  const table = dataTable({
    label: 'Attendance',
    columns: [
      { label: 'Time (terminal)', key: 'time' }, { label: 'Person', key: 'person_name' }, { label: 'PIN', key: 'pin' },
      { label: 'Terminal', render: (r) => h('a', { href: `#/terminals/${encodeURIComponent(r.sn)}` }, r.sn) },
      { label: 'Status', key: 'status', num: true }, { label: 'Verify', key: 'verify', num: true },
      { label: 'Work code', key: 'workcode' }, { label: 'Received', render: (r) => fmtTime(r.received_at) }],
    load: async ({ cursor, limit }) => {
      const page = await api('/api/v1/attendance' + query({ ...filters, after: cursor, limit }));
      return { items: page.items, next: page.next_after };
    },
    pageSize: 100,
    empty: 'No punches in this selection.',
  });
  function apply() {
    for (const [k, el] of Object.entries(inputs)) filters[k] = el.value.trim();
    csv.href = '/api/v1/attendance.csv' + query(filters);
    history.replaceState(null, '', '#/attendance' + query(filters));
    table.reset();
  }
  const form = h('form', { class: 'row g-2 align-items-end mb-3', onsubmit: (e) => { e.preventDefault(); apply(); } },
    ...['from', 'to', 'pin', 'sn'].map((k) => h('div', { class: 'col-6 col-md-2' },
      field({ from: 'From', to: 'To', pin: 'Person (PIN)', sn: 'Terminal' }[k], inputs[k]))),
    h('div', { class: 'col-md-4 mb-3 d-flex gap-2' }, h('button', { class: 'btn btn-primary', type: 'submit' }, 'Show'), csv));
  clear(main, pageHeader('Attendance'), form, table.element);
  csv.href = '/api/v1/attendance.csv' + query(filters);
  await table.reload();
}

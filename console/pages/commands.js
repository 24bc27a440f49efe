// Commands across terminals, newest first, by status, with their replies.

import { api, query } from '../api.js';
import { h, clear, pageHeader, dataTable, fmtTime, statusBadge } from '../ui.js';

export default async function render(main, route) {
  let status = route.params.get('status') || '';
  const table = dataTable({
    label: 'Commands',
    columns: [
      { label: 'ID', key: 'id' },
      { label: 'Terminal', render: (c) => h('a', { href: `#/terminals/${encodeURIComponent(c.sn)}?tab=commands` }, c.sn) },
      { label: 'Command', render: (c) => h('span', { class: 'mono' }, c.command) },
      { label: 'Status', render: (c) => statusBadge(c.status) },
      { label: 'Return', render: (c) => c.return_code === null ? '' : `${c.return_code}${c.return_message ? ' ' + c.return_message : ''}` },
      { label: 'Queued', render: (c) => fmtTime(c.created_at) }, { label: 'Completed', render: (c) => fmtTime(c.completed_at) },
      { label: 'Reply', render: (c) => h('span', { class: 'mono small' }, (c.reply || '').slice(0, 160)) }],
    load: async ({ cursor, limit }) => {
      const page = await api('/api/v1/commands' + query({ status, before: cursor, limit }));
      return { items: page.items, next: page.next_before };
    },
    empty: 'No commands.',
  });
  const select = h('select', { class: 'form-select', 'aria-label': 'Status', id: 'command-status',
    onchange: (e) => { status = e.target.value; table.reset(); } },
  [['', 'Any status'], ['queued', 'Queued'], ['sent', 'Sent'], ['done', 'Done'], ['failed', 'Failed'], ['expired', 'Expired']]
    .map(([v, t]) => h('option', { value: v, selected: v === status }, t)));
  clear(main, pageHeader('Commands', h('div', {}, select)), table.element);
  await table.reload();
}

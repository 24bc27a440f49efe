// Admission: terminals waiting to be let in, with what each reported, to
// approve or block; and those blocked, to let back in.

import { api, can } from '../api.js';
import { h, clear, pageHeader, dataTable, fmtTime, ago, toast, confirmAction } from '../ui.js';

export default async function render(main) {
  const table = (status, label) => dataTable({
    label,
    columns: [
      { label: 'Terminal', render: (d) => h('a', { href: `#/terminals/${encodeURIComponent(d.sn)}` }, d.sn) },
      { label: 'First seen', render: (d) => fmtTime(d.first_seen) }, { label: 'Last seen', render: (d) => ago(d.last_seen) },
      { label: 'IP', render: (d) => h('span', { class: 'mono' }, d.ip) }, { label: 'Model', key: 'model' },
      { label: 'Firmware', key: 'firmware' }, { label: 'Protocol', key: 'push_version' },
      { label: '', render: (d) => can('admin') ? buttons(d, status) : '' }],
    load: ({ offset, limit }) => api(`/api/v1/devices?status=${status}&sort=last_seen&order=desc&offset=${offset}&limit=${limit}`),
    empty: status === 'pending' ? 'No terminal is waiting.' : 'No terminal is blocked.',
  });
  const pending = table('pending', 'Waiting terminals');
  const blocked = table('blocked', 'Blocked terminals');

  function buttons(d, status) {
    const post = async (verb, message) => {
      try {
        await api(`/api/v1/devices/${encodeURIComponent(d.sn)}/${verb}`, { method: 'POST' });
        toast(message);
        await Promise.all([pending.reload(), blocked.reload()]);
      } catch (e) {
        toast(e.message, 'danger');
      }
    };
    if (status === 'blocked')
      return h('button', { class: 'btn btn-sm btn-outline-secondary', type: 'button', onclick: () => post('unblock', `${d.sn} waits for admission again.`) }, 'Unblock');
    return h('div', { class: 'btn-group btn-group-sm' },
      h('button', { class: 'btn btn-success', type: 'button', dataset: { approve: d.sn }, onclick: () => post('approve', `${d.sn} approved: it uploads from its next request.`) }, 'Approve'),
      h('button', { class: 'btn btn-outline-danger', type: 'button', onclick: async () => {
        if (await confirmAction(`Block ${d.sn}?`, 'Every request of this terminal is refused until it is unblocked.', 'Block'))
          post('block', `${d.sn} blocked.`);
      } }, 'Block'));
  }

  clear(main, pageHeader('Admission'),
    h('h2', { class: 'h5' }, 'Waiting'), pending.element, h('h2', { class: 'h5 mt-4' }, 'Blocked'), blocked.element);
  await Promise.all([pending.reload(), blocked.reload()]);
}

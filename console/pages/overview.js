// Overview: terminals online, punches today per hour, commands, webhook
// backlog, and the needs-attention list. Refreshes every 15 s.

import { api, query } from '../api.js';
import { h, clear, card, pageHeader, ago, fmtTime, skewText } from '../ui.js';

const attentionText = {
  offline: (a) => ['Terminal offline', `last seen ${fmtTime(a.at) || 'never'}`],
  silent: (a) => ['Polling, no punches', a.at ? `last punches ${fmtTime(a.at)}` : 'never sent punches'],
  clock_skew: (a) => ['Clock off', `${skewText(a.skew_s)} against the server`],
  pending_admission: (a) => ['Waiting for admission', 'approve or block it on the Admission page'],
  failed_command: (a) => ['Command failed', `${a.command} → return ${a.return_code ?? '?'}`],
  rejected_line: (a) => ['Line rejected', `${a.table}: ${a.reason}`],
};

function midnight() {
  const d = new Date();
  d.setHours(0, 0, 0, 0);
  return d.toISOString().replace(/\.\d+Z$/, 'Z');
}

function stat(label, value, id, href) {
  const body = h('div', { class: 'card-body' }, h('div', { class: 'stat', id }, value), h('div', { class: 'stat-label' }, label));
  return h('div', { class: 'col-6 col-md-4 col-xl-2' }, h('div', { class: 'card h-100' }, href ? h('a', { href, class: 'text-reset text-decoration-none' }, body) : body));
}

export default async function render(main) {
  const canvas = h('canvas', { id: 'punch-chart', role: 'img', 'aria-label': 'Punches per hour today' });
  let chart = null;

  async function refresh() {
    const o = await api('/api/v1/overview' + query({ since: midnight() }));
    const t = o.terminals;
    const tiles = h('div', { class: 'row g-3 mb-3' },
      stat('terminals online', `${t.online} / ${t.total}`, 'stat-online', '#/terminals'),
      stat('punches today', o.punches.total, 'stat-punches', '#/attendance'),
      stat('waiting for admission', t.pending, 'stat-pending', '#/admission'),
      stat('commands queued', o.commands.queued + o.commands.sent, 'stat-queued', '#/commands'),
      stat('commands failed', o.commands.failed, 'stat-failed', '#/commands?status=failed'),
      stat('webhook backlog', o.webhooks.backlog, 'stat-backlog', '#/integrations'));

    const hours = Array.from({ length: 24 }, (_, i) => i);
    const counts = hours.map(() => 0);
    for (const p of o.punches.per_hour) {
      const hour = new Date(p.hour).getHours();
      counts[hour] += p.punches;
    }
    if (chart) {
      chart.data.datasets[0].data = counts;
      chart.update('none');
    }

    const attention = o.attention.length
      ? h('ul', { class: 'list-group list-group-flush', id: 'attention' }, o.attention.map((a) => {
        const [title, detail] = (attentionText[a.kind] || (() => [a.kind, '']))(a);
        return h('li', { class: 'list-group-item d-flex flex-wrap gap-2 align-items-baseline', dataset: { kind: a.kind, sn: a.sn } },
          h('strong', {}, title), h('a', { href: `#/terminals/${encodeURIComponent(a.sn)}` }, a.sn),
          h('span', { class: 'text-muted small me-auto' }, detail), ago(a.at));
      }))
      : h('p', { class: 'text-muted mb-0', id: 'attention' }, 'Nothing needs attention.');
    const counted = Object.entries(o.attention_counts).map(([k, n]) => `${n} ${k.replace('_', ' ')}`).join(' · ');

    clear(main, pageHeader('Overview', h('span', { class: 'text-muted small' }, 'updated ', ago(new Date().toISOString()))),
      tiles,
      h('div', { class: 'row g-3' },
        h('div', { class: 'col-lg-7' }, card('Punches per hour today', h('div', { class: 'chart-box' }, canvas))),
        h('div', { class: 'col-lg-5' }, card('Needs attention' + (counted ? ` (${counted})` : ''), attention))));
    if (!chart) {
      chart = new Chart(canvas, {
        type: 'bar',
        data: { labels: hours.map((x) => `${x}:00`), datasets: [{ label: 'punches', data: counts, backgroundColor: '#0d6efd' }] },
        options: { maintainAspectRatio: false, animation: false, plugins: { legend: { display: false } },
          scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } },
      });
    }
  }

  await refresh();
  const timer = setInterval(() => refresh().catch(() => {}), 15000);
  return () => { clearInterval(timer); if (chart) chart.destroy(); };
}

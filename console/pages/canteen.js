// Canteen terminals: cards and their balances, a card's ledger, daily totals
// by meal and terminal, and the reconciliation report (missing record
// numbers, balances that disagree).

import { api, query } from '../api.js';
import { h, clear, card, pageHeader, dataTable, fmtTime, today, badge } from '../ui.js';

const sections = [['cards', 'Cards'], ['totals', 'Daily totals'], ['reconciliation', 'Reconciliation']];

// Amounts are kept in cents, as the terminals send them.
export function money(cents) {
  return cents === null || cents === undefined ? '' : (cents / 100).toFixed(2);
}

export default async function render(main, route) {
  const section = route.rest[0] ? 'card' : route.params.get('section') || 'cards';
  const body = h('div', { id: 'canteen' });
  clear(main, pageHeader('Canteen'),
    h('ul', { class: 'nav nav-tabs mb-3' }, sections.map(([key, label]) => h('li', { class: 'nav-item' },
      h('a', { class: `nav-link${key === section ? ' active' : ''}`, href: `#/canteen?section=${key}`, id: `canteen-${key}` }, label)))),
    body);
  if (section === 'card') return ledger(body, route.rest[0]);
  await ({ cards, totals, reconciliation })[section](body, route.params);
}

async function cards(body) {
  const table = dataTable({
    label: 'Cards',
    columns: [
      { label: 'Card', render: (c) => h('a', { href: `#/canteen/${encodeURIComponent(c.card_no)}` }, c.card_no) },
      { label: 'Holder', key: 'holder' }, { label: 'PIN', key: 'pin' }, { label: 'Status', key: 'status' },
      { label: 'Balance', num: true, render: (c) => money(c.balance.main) },
      { label: 'Subsidy', num: true, render: (c) => money(c.balance.sub) },
      { label: 'Terminal says', num: true, render: (c) => c.reported_balance ? money(c.reported_balance.main) : '' },
      { label: '', render: (c) => c.mismatches ? badge(`${c.mismatches} mismatch(es)`, 'danger') : '' }],
    load: async ({ cursor, limit }) => {
      const page = await api('/api/v1/canteen/cards' + query({ after: cursor, limit }));
      return { items: page.items, next: page.next_after };
    },
    empty: 'No cards yet.',
  });
  clear(body, table.element);
  await table.reload();
}

async function ledger(body, cardNo) {
  const c = await api(`/api/v1/canteen/cards/${encodeURIComponent(cardNo)}`);
  const table = dataTable({
    label: 'Ledger',
    columns: [
      { label: 'Booked', render: (e) => fmtTime(e.created_at) }, { label: 'Terminal', key: 'sn' },
      { label: 'What', key: 'kind' }, { label: 'Wallet', key: 'wallet' }, { label: 'Amount', num: true, render: (e) => money(e.amount) },
      { label: 'Balance', num: true, render: (e) => money(e.ledger_balance) },
      { label: 'Terminal says', num: true, render: (e) => money(e.reported_balance) },
      { label: '', render: (e) => e.mismatch ? badge('mismatch', 'danger') : '' }],
    load: async ({ cursor, limit }) => {
      const page = await api(`/api/v1/canteen/cards/${encodeURIComponent(cardNo)}/ledger` + query({ after: cursor, limit }));
      return { items: page.items, next: page.next_after };
    },
    empty: 'Nothing booked yet.',
  });
  clear(body, h('h2', { class: 'h5' }, `Card ${c.card_no}`, c.holder ? ` · ${c.holder}` : ''),
    h('p', {}, `Balance ${money(c.balance.main)}, subsidy ${money(c.balance.sub)}`), table.element);
  await table.reload();
}

async function totals(body, params) {
  const date = h('input', { class: 'form-control', type: 'date', id: 'totals-date', value: params.get('date') || today(), 'aria-label': 'Day' });
  const out = h('div');
  async function load() {
    const t = await api('/api/v1/canteen/totals' + query({ date: date.value }));
    clear(out, h('div', { class: 'table-responsive' }, h('table', { class: 'table table-sm', id: 'totals' },
      h('thead', {}, h('tr', {}, ['Terminal', 'Meal', 'Purchases', 'Amount', 'Subsidy'].map((x) => h('th', { scope: 'col' }, x)))),
      h('tbody', {}, t.items.map((r) => h('tr', {}, h('td', {}, r.sn), h('td', {}, r.meal ?? `meal ${r.meal_type}`),
        h('td', { class: 'num' }, r.purchases), h('td', { class: 'num' }, money(r.money)), h('td', { class: 'num' }, money(r.sub_money))))),
      h('tfoot', {}, h('tr', { class: 'fw-semibold' }, h('td', { colspan: '2' }, 'Total'), h('td', { class: 'num' }, t.total.purchases),
        h('td', { class: 'num' }, money(t.total.money)), h('td', { class: 'num' }, money(t.total.sub_money)))))));
  }
  date.addEventListener('change', load);
  clear(body, h('div', { class: 'row mb-3' }, h('div', { class: 'col-sm-4 col-lg-3' }, date)), out);
  await load();
}

async function reconciliation(body) {
  const r = await api('/api/v1/canteen/reconciliation');
  clear(body, r.items.length ? r.items.map((t) => card(t.sn,
    h('p', {}, Object.entries(t.records).map(([family, f]) => `${family}: ${f.records} record(s)`).join(' · ')),
    h('p', { class: t.open_gaps ? 'text-danger' : 'text-muted' }, t.open_gaps ? `${t.open_gaps} missing range(s) of record numbers` : 'No record number is missing.',
      t.rejected_lines ? ` · ${t.rejected_lines} rejected line(s)` : ''),
    t.gaps.length ? h('ul', {}, t.gaps.map((g) => h('li', {}, `${g.family} ${g.first_rec_no}–${g.last_rec_no}: ${g.still_missing} missing`,
      g.healed_at ? ` (healed ${fmtTime(g.healed_at)})` : ''))) : null,
    t.balance_mismatches.length ? h('p', { class: 'text-danger mb-0' }, `${t.balance_mismatches.length} balance(s) disagree with the server's ledger.`) : null))
    : h('p', { class: 'text-muted' }, 'No canteen terminal yet.'));
}

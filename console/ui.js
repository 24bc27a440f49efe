// Small building blocks of the console's pages: elements built without
// innerHTML (text from the server is never parsed as HTML), times, a table
// with server-side paging and sorting, a confirmation dialog, and messages.

// h('a', {href: '#/x', class: 'btn'}, 'text', child...): an element.
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k === 'class') el.className = v;
    else if (k === 'dataset') Object.assign(el.dataset, v);
    else if (k.startsWith('on')) el.addEventListener(k.slice(2), v);
    else if (v === true) el.setAttribute(k, '');
    else el.setAttribute(k, v);
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children.flat()) {
    if (c === undefined || c === null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
}

export function clear(el, ...children) {
  el.replaceChildren();
  append(el, children);
  return el;
}

// "2026-12-07 10:31:05" in the browser's zone, from an ISO time.
export function fmtTime(iso) {
  if (!iso) return '';
  const d = new Date(iso);
  if (isNaN(d) || d.getTime() <= 0) return '';
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}

// "3 min ago" and the exact time as a tooltip.
export function ago(iso) {
  if (!iso) return h('span', { class: 'text-muted' }, 'never');
  const d = new Date(iso);
  if (isNaN(d) || d.getTime() <= 0) return h('span', { class: 'text-muted' }, 'never');
  const s = Math.round((Date.now() - d.getTime()) / 1000);
  let text;
  if (s < 5) text = 'just now';
  else if (s < 60) text = `${s} s ago`;
  else if (s < 3600) text = `${Math.floor(s / 60)} min ago`;
  else if (s < 86400) text = `${Math.floor(s / 3600)} h ago`;
  else text = `${Math.floor(s / 86400)} d ago`;
  return h('time', { datetime: iso, title: fmtTime(iso) }, text);
}

export function today() {
  const d = new Date();
  const p = (n) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

// "5 min 3 s ahead", "2 h behind": a terminal clock's distance from the server's.
export function skewText(seconds) {
  if (seconds === null || seconds === undefined) return '';
  const s = Math.abs(seconds);
  const parts = s >= 3600 ? [`${Math.floor(s / 3600)} h`, s % 3600 >= 60 ? `${Math.floor((s % 3600) / 60)} min` : '']
    : s >= 60 ? [`${Math.floor(s / 60)} min`, s % 60 ? `${s % 60} s` : ''] : [`${s} s`];
  return `${parts.filter(Boolean).join(' ')} ${seconds >= 0 ? 'ahead' : 'behind'}`;
}

export function badge(text, kind = 'secondary') {
  return h('span', { class: `badge text-bg-${kind}` }, text);
}

const statusKinds = { done: 'success', queued: 'secondary', sent: 'info', failed: 'danger', expired: 'warning',
  approved: 'success', pending: 'warning', blocked: 'danger', synced: 'success', delivered: 'success',
  failing: 'danger', given_up: 'dark' };
export function statusBadge(status) { return badge(status, statusKinds[status] || 'secondary'); }

export function onlineDot(online) {
  return h('span', { class: 'nowrap' }, h('span', { class: `dot ${online ? 'dot-online' : 'dot-offline'}`, 'aria-hidden': 'true' }),
    online ? 'online' : 'offline');
}

export function pageHeader(title, ...actions) {
  return h('div', { class: 'd-flex flex-wrap align-items-center gap-2 mb-3' },
    h('h1', { class: 'h3 mb-0 me-auto' }, title), ...actions);
}

export function card(title, ...body) {
  return h('section', { class: 'card mb-3' },
    title ? h('h2', { class: 'card-header h6 mb-0' }, title) : null,
    h('div', { class: 'card-body' }, ...body));
}

export function spinner() {
  return h('div', { class: 'text-muted py-3', role: 'status' }, h('span', { class: 'spinner-border spinner-border-sm me-2' }), 'Loading…');
}

export function errorBox(error) {
  return h('div', { class: 'alert alert-danger', role: 'alert' }, error.message || String(error));
}

// A short message at the corner of the screen.
export function toast(message, kind = 'success') {
  const el = h('div', { class: `toast align-items-center text-bg-${kind} border-0`, role: 'status' },
    h('div', { class: 'd-flex' }, h('div', { class: 'toast-body' }, message),
      h('button', { type: 'button', class: 'btn-close btn-close-white me-2 m-auto', 'data-bs-dismiss': 'toast', 'aria-label': 'Close' })));
  document.getElementById('toasts').append(el);
  const t = new bootstrap.Toast(el, { delay: 4000 });
  el.addEventListener('hidden.bs.toast', () => el.remove());
  t.show();
}

// A dialog that says what an action does; resolves true when confirmed.
export function confirmAction(title, text, confirmLabel = 'Confirm', kind = 'danger') {
  return new Promise((resolve) => {
    let confirmed = false;
    const ok = h('button', { type: 'button', class: `btn btn-${kind}`, onclick: () => { confirmed = true; modal.hide(); } }, confirmLabel);
    const el = h('div', { class: 'modal fade', tabindex: '-1', role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'confirm-title' },
      h('div', { class: 'modal-dialog' }, h('div', { class: 'modal-content' },
        h('div', { class: 'modal-header' }, h('h2', { class: 'modal-title h5', id: 'confirm-title' }, title),
          h('button', { type: 'button', class: 'btn-close', 'data-bs-dismiss': 'modal', 'aria-label': 'Cancel' })),
        h('div', { class: 'modal-body' }, text),
        h('div', { class: 'modal-footer' },
          h('button', { type: 'button', class: 'btn btn-secondary', 'data-bs-dismiss': 'modal' }, 'Cancel'), ok))));
    document.body.append(el);
    const modal = new bootstrap.Modal(el);
    el.addEventListener('shown.bs.modal', () => ok.focus());
    el.addEventListener('hidden.bs.modal', () => { el.remove(); resolve(confirmed); });
    modal.show();
  });
}

// Shows an API error next to the form field it names (or above the form).
export function showFormError(form, error) {
  form.querySelectorAll('.is-invalid').forEach((el) => el.classList.remove('is-invalid'));
  form.querySelectorAll('.invalid-feedback.from-server').forEach((el) => el.remove());
  let box = form.querySelector('.form-error');
  if (!box) {
    box = h('div', { class: 'alert alert-danger form-error', role: 'alert' });
    form.prepend(box);
  }
  const input = error.field && form.querySelector(`[name="${CSS.escape(error.field)}"]`);
  if (input) {
    input.classList.add('is-invalid');
    input.setAttribute('aria-invalid', 'true');
    input.after(h('div', { class: 'invalid-feedback from-server' }, error.message));
    input.focus();
    box.remove();
  } else {
    box.textContent = error.message;
  }
}

export function clearFormError(form) {
  form.querySelectorAll('.is-invalid').forEach((el) => el.classList.remove('is-invalid'));
  form.querySelectorAll('.invalid-feedback.from-server, .form-error').forEach((el) => el.remove());
}

// A labelled form field.
export function field(label, input, help) {
  const id = input.id || (input.id = 'f-' + Math.random().toString(36).slice(2, 9));
  return h('div', { class: 'mb-3' }, h('label', { class: 'form-label', for: id }, label), input,
    help ? h('div', { class: 'form-text' }, help) : null);
}

// A table whose rows come from the server a page at a time.
// columns: [{label, key?, sort?, num?, render(row)}]; load({offset, limit,
// sort, order, cursor}) resolves to {items, total} (offset paging) or
// {items, next} (cursor paging).
export function dataTable({ columns, load, pageSize = 50, empty = 'Nothing here yet.', label, rowClass }) {
  const state = { offset: 0, sort: null, order: 'asc', cursors: [null] };
  const tbody = h('tbody');
  const status = h('div', { class: 'text-muted small me-auto', 'aria-live': 'polite' });
  const prev = h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', onclick: () => move(-1) }, '‹ Previous');
  const next = h('button', { type: 'button', class: 'btn btn-outline-secondary btn-sm', onclick: () => move(1) }, 'Next ›');
  const heads = columns.map((col) => {
    if (!col.sort) return h('th', { scope: 'col', class: col.num ? 'num' : '' }, col.label);
    const button = h('button', { type: 'button', class: 'table-sort', onclick: () => sortBy(col, button) }, col.label);
    col.button = button;
    return h('th', { scope: 'col', class: col.num ? 'num' : '' }, button);
  });
  const table = h('table', { class: 'table table-sm table-hover align-middle mb-2' },
    label ? h('caption', { class: 'visually-hidden' }, label) : null, h('thead', {}, h('tr', {}, heads)), tbody);
  const element = h('div', {}, h('div', { class: 'table-responsive' }, table),
    h('div', { class: 'd-flex align-items-center gap-2' }, status, prev, next));
  let last = null;

  function sortBy(col, button) {
    state.order = state.sort === col.sort && state.order === 'asc' ? 'desc' : 'asc';
    state.sort = col.sort;
    for (const c of columns) c.button && c.button.removeAttribute('aria-sort');
    button.setAttribute('aria-sort', state.order === 'asc' ? 'ascending' : 'descending');
    state.offset = 0;
    state.cursors = [null];
    reload();
  }

  function move(step) {
    if (last && last.total !== undefined) state.offset = Math.max(0, state.offset + step * pageSize);
    else if (step > 0) state.cursors.push(last.next);
    else if (state.cursors.length > 1) state.cursors.pop();
    reload();
  }

  async function reload() {
    status.textContent = 'Loading…';
    let page;
    try {
      page = await load({ offset: state.offset, limit: pageSize, sort: state.sort, order: state.order,
        cursor: state.cursors[state.cursors.length - 1] });
    } catch (e) {
      clear(tbody, h('tr', {}, h('td', { colspan: columns.length, class: 'text-danger' }, e.message)));
      status.textContent = '';
      return;
    }
    last = page;
    const rows = page.items.map((row) => h('tr', { class: rowClass ? rowClass(row) : '' },
      columns.map((col) => h('td', { class: col.num ? 'num' : '' }, col.render ? col.render(row) : row[col.key]))));
    clear(tbody, rows.length ? rows : h('tr', {}, h('td', { colspan: columns.length, class: 'text-muted' }, empty)));
    if (page.total !== undefined) {
      const first = page.total ? state.offset + 1 : 0;
      status.textContent = `${first}–${state.offset + page.items.length} of ${page.total}`;
      prev.disabled = state.offset === 0;
      next.disabled = state.offset + page.items.length >= page.total;
    } else {
      status.textContent = `page ${state.cursors.length}`;
      prev.disabled = state.cursors.length <= 1;
      next.disabled = page.next === null || page.next === undefined;
    }
  }

  return { element, reload, reset() { state.offset = 0; state.cursors = [null]; return reload(); } };
}

// Calls `fn` at most once per `ms` while typing.
export function debounce(fn, ms = 300) {
  let timer;
  return (...args) => { clearTimeout(timer); timer = setTimeout(() => fn(...args), ms); };
}

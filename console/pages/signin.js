// Sign-in, and on an installation without accounts, creating the first
// administrator with the setup code the server printed in its log.

import { api } from '../api.js';
import { h, clear, field, showFormError, clearFormError } from '../ui.js';

export default async function render(main, route, { signedIn }) {
  const next = route.params.get('next') || '';
  let needed = false;
  try { needed = (await api('/api/v1/setup')).needed; } catch { /* offer sign-in */ }
  document.title = needed ? 'Set up · zkpush' : 'Sign in · zkpush';
  clear(main, needed ? setupForm(signedIn) : signInForm(signedIn, next));
  main.querySelector('input').focus();
}

function box(title, intro, form) {
  return h('div', { class: 'signin-box card' }, h('div', { class: 'card-body p-4' },
    h('h1', { class: 'h4 mb-3' }, title), intro ? h('p', { class: 'text-muted' }, intro) : null, form));
}

function signInForm(signedIn, next) {
  const name = h('input', { class: 'form-control', name: 'name', autocomplete: 'username', required: true });
  const password = h('input', { class: 'form-control', name: 'password', type: 'password', autocomplete: 'current-password', required: true });
  const submit = h('button', { class: 'btn btn-primary w-100', type: 'submit' }, 'Sign in');
  const form = h('form', { novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearFormError(form);
    if (!form.checkValidity()) { form.classList.add('was-validated'); return; }
    submit.disabled = true;
    try {
      signedIn(await api('/api/v1/session', { method: 'POST', body: { name: name.value, password: password.value } }), next);
    } catch (err) {
      if (err.status === 429) err.message = `Too many failed attempts. Try again in ${Math.ceil((err.retryAfter || 900) / 60)} minutes.`;
      else if (err.status === 401) err.message = 'Wrong name or password.';
      showFormError(form, err);
      password.value = '';
      password.focus();
    } finally {
      submit.disabled = false;
    }
  } }, field('Name', name), field('Password', password), submit);
  return box('Sign in to zkpush', null, form);
}

function setupForm(signedIn) {
  const code = h('input', { class: 'form-control mono', name: 'code', autocomplete: 'off', required: true, placeholder: 'XXXX-XXXX-XXXX' });
  const name = h('input', { class: 'form-control', name: 'name', autocomplete: 'username', required: true, value: 'admin' });
  const password = h('input', { class: 'form-control', name: 'password', type: 'password', autocomplete: 'new-password', required: true, minlength: '8' });
  const again = h('input', { class: 'form-control', name: 'again', type: 'password', autocomplete: 'new-password', required: true });
  const submit = h('button', { class: 'btn btn-primary w-100', type: 'submit' }, 'Create the administrator');
  const form = h('form', { novalidate: true, onsubmit: async (e) => {
    e.preventDefault();
    clearFormError(form);
    again.setCustomValidity(again.value === password.value ? '' : 'The passwords differ.');
    if (!form.checkValidity()) { form.classList.add('was-validated'); return; }
    submit.disabled = true;
    try {
      signedIn(await api('/api/v1/setup', { method: 'POST', body: { code: code.value, name: name.value, password: password.value } }));
    } catch (err) {
      if (err.status === 401) err.field = 'code';  // not the code the server printed
      showFormError(form, err);
    } finally {
      submit.disabled = false;
    }
  } },
  field('Setup code', code, 'Printed in the server\'s log when it started: "…with the setup code XXXX-XXXX-XXXX".'),
  field('Administrator name', name), field('Password', password, 'At least 8 characters.'),
  field('Password again', again, null), submit);
  return box('Welcome to zkpush', 'No one has an account yet. Create the first administrator.', form);
}

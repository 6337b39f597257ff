// The follow-up page (/follow#CODE.key): the report's status and progress, the conversation with the committee,
// and the reporter's email on or off. The key stays in memory and in the address's #fragment, which browsers
// never send to a server.
import { ApiError, postJson } from './api.js';
import { clearErrors, el, field, showError, spaceLines, uuid } from './dom.js';
import { chooseLocale, currentLocale, formatDay, languageSwitch, t } from './i18n.js';
import { CATEGORY_LABELS } from './vocabulary.js';

const main = document.getElementById('main');

const state = {
  code: '',
  key: '',
  view: 'ask', // ask | loading | report | failed
  report: null,
  failure: '',
  notice: '', // said after an action, at the top of the section it concerns
  noticeAt: '',
  message: { id: uuid(), text: '' }, // one id per message written, so a retry after a lost answer is stored once
};

/** CODE and key from "…/follow#CODE.key", "CODE.key" or a bare key. */
function parseSecret(text) {
  const value = String(text || '').trim();
  const secret = value.includes('#') ? value.slice(value.indexOf('#') + 1) : value;
  const dot = secret.indexOf('.');
  if (dot < 0) return { code: '', key: secret.trim() };
  return { code: secret.slice(0, dot), key: secret.slice(dot + 1).trim() };
}

const normalCode = (code) => String(code).toUpperCase().replace(/[^A-Z0-9]/g, '');

function askForm() {
  const code = el('input', { type: 'text', class: 'input input--code', autocomplete: 'off', autocapitalize: 'characters',
    spellcheck: 'false', value: state.code.replace(/(.{3})(?=.)/g, '$1-') });
  const key = el('input', { type: 'text', class: 'input', autocomplete: 'off', autocapitalize: 'off',
    spellcheck: 'false' });
  const form = el('form', { class: 'form', novalidate: true },
    field({ id: 'tracking_code', label: t('follow.code'), hint: t('follow.codeHint'), control: code }),
    field({ id: 'key', label: t('follow.key'), control: key }),
    el('p', { class: 'form__error', role: 'alert' }),
    el('button', { type: 'submit', class: 'btn btn--primary', text: t('follow.show') }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    clearErrors(form);
    const pasted = parseSecret(key.value);
    const typed = normalCode(code.value) || normalCode(pasted.code);
    if (!typed) return showError(form, 'tracking_code', t('follow.needCode'));
    if (!pasted.key) return showError(form, 'key', t('follow.needKey'));
    state.code = typed;
    state.key = pasted.key;
    return load(true);
  });
  return form;
}

function renderAsk() {
  main.replaceChildren(el('h1', { tabindex: '-1', text: t('follow.title') }),
    el('p', { text: t('follow.askText') }), askForm());
  if (state.failure) showError(main.querySelector('form'), null, state.failure);
}

/** The sentence at the top: where the report stands now. */
function headline(report) {
  const steps = report.progress || [];
  const last = steps[steps.length - 1];
  if (['finding', 'joined'].includes(report.status) && last) {
    // The end of the road carries its date; a step on the way is dated in the list below.
    if (last.step === 'verified') return t('follow.verifiedOn', { date: formatDay(last.on) });
    return `${t(`follow.steps.${last.step}`)}.`;
  }
  if (report.status === 'declined') return t('follow.now.declined');
  // Anything else that is closed (spam among it: never called that to the reporter) is simply closed.
  if (report.closed || !['received', 'under_review'].includes(report.status)) return t('follow.now.closed');
  return t(`follow.now.${report.status}`);
}

function statusSection(report) {
  const steps = report.progress || [];
  const reason = report.decline_reason
    ? el('div', { class: 'reason' }, el('h3', { text: t('follow.reason') }), el('p', { text: report.decline_reason }))
    : null;
  return el('section', { class: `status status--${report.closed ? 'closed' : 'open'}`, 'aria-labelledby': 'status-title' },
    el('h2', { id: 'status-title', text: t('follow.statusTitle') }),
    el('p', { class: 'status__now', text: headline(report) }),
    reason,
    el('ol', { class: 'steps' }, steps.map((step, index) => el('li', {
      class: 'step', 'aria-current': index === steps.length - 1 ? 'step' : null,
    }, el('span', { class: 'step__name', text: t(`follow.steps.${step.step}`) }),
    el('span', { class: 'step__on', text: formatDay(step.on) })))));
}

function noticeFor(place) {
  return state.noticeAt === place && state.notice
    ? el('p', { class: 'notice notice--ok', tabindex: '-1', id: `${place}-notice`, text: state.notice }) : null;
}

function messagesSection(report) {
  const messages = report.messages || [];
  const list = messages.length
    ? el('ol', { class: 'messages' }, messages.map((message) => el('li', { class: `message message--${message.from}` },
      el('p', { class: 'message__from' },
        el('strong', { text: message.from === 'reporter' ? t('follow.fromYou') : t('follow.fromCommittee') }),
        ` · ${formatDay(message.on)}`),
      el('p', { class: 'message__text', text: message.text }))))
    : el('p', { class: 'muted', text: t('follow.none') });
  let form;
  if (report.closed) {
    form = el('p', { class: 'notice', text: t('follow.closed') });
  } else {
    const text = el('textarea', { class: 'input', rows: '4', maxlength: '4000', value: state.message.text,
      oninput: (event) => { state.message.text = event.target.value; } });
    form = el('form', { class: 'form', novalidate: true, onsubmit: sendMessage },
      field({ id: 'text', label: t('follow.add'), control: text }),
      el('p', { class: 'form__error', role: 'alert' }),
      el('button', { type: 'submit', class: 'btn btn--primary', text: t('follow.sendMessage') }));
  }
  return el('section', { class: 'conversation', 'aria-labelledby': 'messages-title' },
    el('h2', { id: 'messages-title', text: t('follow.messagesTitle') }),
    el('p', { class: 'muted', text: t('follow.messagesIntro') }),
    list, noticeFor('messages'), form);
}

function emailSection(report) {
  const parts = [el('h2', { id: 'email-title', text: t('follow.emailTitle') }), noticeFor('email')];
  if (report.closed) {
    parts.push(el('p', { text: t('follow.emailClosed') }));
  } else {
    parts.push(el('p', { text: `${t(report.email_on_file ? 'follow.emailOn' : 'follow.emailOff')} ${t('follow.emailKept')}` }));
    const input = el('input', { type: 'email', class: 'input', autocomplete: 'email', inputmode: 'email',
      spellcheck: 'false' });
    const form = el('form', { class: 'form', novalidate: true },
      field({ id: 'email', label: t(report.email_on_file ? 'follow.emailNew' : 'follow.email'), control: input }),
      el('p', { class: 'form__error', role: 'alert' }),
      el('button', { type: 'submit', class: 'btn', text: t(report.email_on_file ? 'follow.emailReplace' : 'follow.emailSave') }));
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      clearErrors(form);
      if (!input.value.trim()) return showError(form, 'email', t('follow.needEmail'));
      return act(form, 'email', '/api/public/follow/email', { email: input.value.trim() }, t('follow.emailSaved'));
    });
    parts.push(form);
    if (report.email_on_file) {
      const remove = el('form', { class: 'form', novalidate: true },
        el('p', { class: 'form__error', role: 'alert' }),
        el('button', { type: 'submit', class: 'btn btn--danger', text: t('follow.emailDelete') }));
      remove.addEventListener('submit', (event) => {
        event.preventDefault();
        act(remove, 'email', '/api/public/follow/email/delete', {}, t('follow.emailDeleted'));
      });
      parts.push(remove);
    }
  }
  return el('section', { class: 'email', 'aria-labelledby': 'email-title' }, parts);
}

function renderReport() {
  const { report } = state;
  const where = spaceLines(report.space, t);
  main.replaceChildren(
    el('h1', { tabindex: '-1' }, t('follow.heading'), ' ',
      el('span', { class: 'nowrap', text: report.tracking_code_display })),
    el('p', { class: 'where' }, el('strong', { text: where.name }), where.rest ? ` · ${where.rest}` : ''),
    el('p', { class: 'muted', text: `${CATEGORY_LABELS[currentLocale()][report.category] || report.category} · ${t('follow.sentOn', { date: formatDay(report.received_on) })}` }),
    statusSection(report), messagesSection(report), emailSection(report));
}

function render() {
  document.title = t('follow.title');
  languageSwitch(render);
  if (state.view === 'loading') main.replaceChildren(el('p', { class: 'loading', text: t('loading') }));
  else if (state.view === 'report') renderReport();
  else if (state.view === 'failed') {
    main.replaceChildren(el('h1', { tabindex: '-1', text: t('follow.title') }),
      el('p', { class: 'notice notice--warn', text: state.failure }),
      el('button', { type: 'button', class: 'btn', text: t('retry'), onclick: () => load(true) }));
  } else renderAsk();
}

/** Read the report again after a change, and say what happened at the section it concerns. */
async function act(form, place, path, body, done, sent = () => {}) {
  const button = form.querySelector('button[type=submit]');
  button.disabled = true;
  try {
    await postJson(path, { tracking_code: state.code, key: state.key, lang: currentLocale(), ...body });
  } catch (error) {
    button.disabled = false;
    const known = error instanceof ApiError ? error : new ApiError(0, 'error', t('server'));
    showError(form, known.field === 'email' || known.field === 'text' ? known.field : null, known.message);
    return false;
  }
  sent();
  state.notice = done;
  state.noticeAt = place;
  await load(false);
  // The notice takes the focus, so a screen reader reads it (once) where the change happened.
  const notice = main.querySelector(`#${place}-notice`);
  if (notice) notice.focus();
  return true;
}

async function sendMessage(event) {
  event.preventDefault();
  const form = event.target;
  clearErrors(form);
  const text = state.message.text.trim();
  if (!text) return showError(form, 'text', t('follow.needMessage'));
  return act(form, 'messages', '/api/public/follow/messages', { id: state.message.id, text },
    t('follow.messageSent'), () => { state.message = { id: uuid(), text: '' }; });
}

/** Fetch the report; `fresh` moves focus to the new heading (a first load, not a refresh after an action). */
async function load(fresh) {
  if (fresh || state.view !== 'report') {
    state.view = 'loading';
    state.notice = '';
    render();
  }
  try {
    state.report = await postJson('/api/public/follow', { tracking_code: state.code, key: state.key,
      lang: currentLocale() });
    state.view = 'report';
    state.failure = '';
  } catch (error) {
    const known = error instanceof ApiError ? error : new ApiError(0, 'error', t('server'));
    state.failure = known.message;
    state.view = known.status === 404 ? 'ask' : 'failed';
  }
  render();
  if (fresh) main.querySelector('h1').focus();
}

/** Follow the report named in the address's #fragment, if it names one. */
function fromAddress(focus) {
  const secret = parseSecret(window.location.hash);
  if (!secret.code || !secret.key) return false;
  state.code = normalCode(secret.code);
  state.key = secret.key;
  state.failure = '';
  load(focus);
  return true;
}

chooseLocale();
// A follow-up link pasted into the address bar of this page changes only the fragment: no new page load.
window.addEventListener('hashchange', () => fromAddress(true));
if (!fromAddress(false)) render();

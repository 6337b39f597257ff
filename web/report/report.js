// The report page (/r/CODE): names the space, takes what the person saw, sends it, and shows the tracking code
// and the private follow-up link once. Everything is held in memory only: nothing is written to the phone.
import { ApiError, getJson, postJson, putBlob } from './api.js';
import { announce, clearErrors, el, field, showError, spaceLines, uuid } from './dom.js';
import { chooseLocale, currentLocale, languageSwitch, t } from './i18n.js';
import { shrink } from './photo.js';
import { CATEGORIES, CATEGORY_LABELS } from './vocabulary.js';

const MAX_PHOTOS = 3;
const main = document.getElementById('main');

function codeFromPath() {
  const segment = window.location.pathname.split('/r/')[1] || '';
  let text = segment;
  try {
    text = decodeURIComponent(segment);
  } catch {
    // a malformed escape: the code is unknown anyway
  }
  return text.toUpperCase().replace(/[^A-Z0-9]/g, '');
}

const state = {
  code: codeFromPath(),
  view: 'loading', // loading | form | unknown | retired | off | failed | sent
  failure: '',
  space: null,
  draft: { category: '', description: '', impact: '', email: '', website: '' },
  photos: [], // {id, blob, url}
  reportId: uuid(), // kept across retries, so a report sent twice is stored once
  sending: false,
  preparing: false, // a photo is being shrunk
  sent: null,
};

function heading(text) {
  return el('h1', { tabindex: '-1', text });
}

function spaceHeading() {
  const where = spaceLines(state.space, t);
  return [
    el('h1', { tabindex: '-1' }, el('span', { class: 'kicker', text: t('report.in') }), ' ',
      el('span', { class: 'space-name', text: where.name })),
    where.rest ? el('p', { class: 'where', text: where.rest }) : null,
  ];
}

/** The small form to type a poster's code by hand, under an unknown or out-of-date code. */
function codeForm() {
  const input = el('input', { type: 'text', autocomplete: 'off', autocapitalize: 'characters', spellcheck: 'false',
    class: 'input input--code', maxlength: '12' });
  const form = el('form', { class: 'form', novalidate: true },
    field({ id: 'code', label: t('report.code'), hint: t('report.codeHint'), control: input }),
    el('button', { type: 'submit', class: 'btn btn--primary', text: t('report.open') }));
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    const code = input.value.toUpperCase().replace(/[^A-Z0-9]/g, '');
    if (!code) return;
    window.location.assign(`/r/${code}${window.location.search}`);
  });
  return form;
}

function renderProblem() {
  const views = {
    unknown: [t('report.unknownTitle'), state.failure || t('report.unknownText'), true],
    retired: [t('report.retiredTitle'), state.failure || t('report.retiredText'), true],
    off: [t('report.offTitle'), t('report.offText'), false],
    failed: [t('report.failedTitle'), state.failure || t('server'), false],
  };
  const [title, text, askCode] = views[state.view];
  const parts = state.view === 'off' && state.space ? [...spaceHeading(), el('h2', { text: title })] : [heading(title)];
  parts.push(el('p', { class: 'notice notice--warn', text }));
  if (askCode) parts.push(codeForm());
  if (state.view === 'failed') {
    parts.push(el('button', { type: 'button', class: 'btn', text: t('retry'), onclick: load }));
  }
  main.replaceChildren(...parts);
}

function categoryField() {
  const options = CATEGORIES.map((category) => el('label', { class: 'choice' },
    el('input', { type: 'radio', name: 'category', value: category, checked: state.draft.category === category,
      'aria-describedby': 'category-error',
      onchange: () => { state.draft.category = category; } }),
    el('span', { text: CATEGORY_LABELS[currentLocale()][category] })));
  return el('fieldset', { class: 'field choices', 'data-field': 'category' },
    el('legend', { class: 'field__label', text: t('report.category') }),
    el('p', { class: 'field__error', id: 'category-error', role: 'alert' }),
    options);
}

function textField(name, { label, hint, rows = 4, optional = true }) {
  const control = el('textarea', { class: 'input', rows: String(rows), maxlength: '4000', value: state.draft[name],
    oninput: (event) => { state.draft[name] = event.target.value; } });
  return field({ id: name, label: t(label), hint: hint && t(hint), control, optional: optional && t('optional') });
}

function photoField() {
  // Two pickers: with `capture` a phone opens its camera straight away, without it the phone offers its gallery.
  const camera = el('input', { type: 'file', accept: 'image/*', capture: 'environment', hidden: true,
    id: 'photo-camera', onchange: addPhoto });
  const gallery = el('input', { type: 'file', accept: 'image/*', hidden: true, id: 'photo-gallery',
    onchange: addPhoto });
  const list = el('ul', { class: 'thumbs', role: 'list' }, state.photos.map((photo, index) => el('li', { class: 'thumb' },
    photo.url
      ? el('img', { src: photo.url, alt: t('report.alt', { n: index + 1 }), width: '96', height: '96' })
      : el('span', { class: 'thumb__none', text: t('report.alt', { n: index + 1 }) }),
    el('button', { type: 'button', class: 'btn btn--quiet', text: t('report.remove', { n: index + 1 }),
      onclick: () => removePhoto(index) }))));
  const full = state.photos.length >= MAX_PHOTOS;
  const button = (text, picker) => el('button', { type: 'button', class: 'btn', text, onclick: () => picker.click(),
    'aria-describedby': 'photo-hint photo-error' });
  const buttons = el('div', { class: 'buttons', hidden: full },
    button(t('report.take'), camera), button(t('report.pick'), gallery));
  return el('div', { class: 'field', 'data-field': 'photo_ids' },
    el('p', { class: 'field__label' }, t('report.photo'), ' ', el('span', { class: 'field__optional', text: t('optional') })),
    el('p', { class: 'field__hint', id: 'photo-hint', text: full ? t('report.full') : t('report.photoHint') }),
    el('p', { class: 'field__error', id: 'photo-error', role: 'alert' }),
    list, camera, gallery, buttons);
}

async function addPhoto(event) {
  const [file] = event.target.files;
  if (!file) return;
  if (file.type && !file.type.startsWith('image/')) {
    showError(main.querySelector('form'), 'photo_ids', t('report.notPhoto'));
    return;
  }
  // Shrinking a 12 MP photo takes a moment: nothing is sent meanwhile, or the report would leave without it.
  state.preparing = true;
  main.querySelector('button[type=submit]').disabled = true;
  main.querySelector('#progress').textContent = t('report.preparing');
  let blob;
  try {
    blob = await shrink(file);
  } finally {
    state.preparing = false;
  }
  const url = blob.type === 'image/jpeg' ? URL.createObjectURL(blob) : '';
  state.photos.push({ id: uuid(), blob, url });
  renderForm();
  announce(t('report.added', { n: state.photos.length }));
  focusPhotoControl();
}

function removePhoto(index) {
  const [photo] = state.photos.splice(index, 1);
  if (photo.url) URL.revokeObjectURL(photo.url);
  renderForm();
  announce(t('report.removed'));
  focusPhotoControl();
}

function focusPhotoControl() {
  const box = main.querySelector('[data-field="photo_ids"]');
  const buttons = box.querySelector('.buttons');
  (buttons.hidden ? box.querySelector('.thumb:last-child button') : buttons.querySelector('button')).focus();
}

function emailField() {
  const control = el('input', { type: 'email', class: 'input', autocomplete: 'email', inputmode: 'email',
    spellcheck: 'false', value: state.draft.email, oninput: (event) => { state.draft.email = event.target.value; } });
  return field({ id: 'email', label: t('report.email'), hint: t('report.emailHint'), control, optional: t('optional') });
}

/** A field people never see, which form-filling robots do: a report that fills it is refused. */
function honeypot() {
  return el('div', { class: 'trap', 'aria-hidden': 'true' },
    el('label', { for: 'website', text: t('report.website') }),
    el('input', { type: 'text', id: 'website', name: 'website', tabindex: '-1', autocomplete: 'off',
      value: state.draft.website, oninput: (event) => { state.draft.website = event.target.value; } }));
}

function keptBox() {
  return el('section', { class: 'kept', 'aria-labelledby': 'kept-title' },
    el('h2', { id: 'kept-title', text: t('report.keptTitle') }),
    el('ul', {}, t('report.kept').map((line) => el('li', { text: line }))));
}

function renderForm() {
  const form = el('form', { class: 'form', novalidate: true, onsubmit: send },
    categoryField(), photoField(),
    textField('description', { label: 'report.description', hint: 'report.descriptionHint' }),
    textField('impact', { label: 'report.impact', hint: 'report.impactHint', rows: 3 }),
    emailField(), honeypot(), keptBox(),
    el('p', { class: 'form__error', role: 'alert' }),
    el('button', { type: 'submit', class: 'btn btn--primary btn--wide', disabled: state.sending || state.preparing,
      text: t('report.send') }),
    el('p', { class: 'progress', id: 'progress', 'aria-live': 'polite' }));
  main.replaceChildren(...spaceHeading(), el('p', { class: 'intro', text: t('report.intro') }), form);
}

function problemOnSend(form, error) {
  const fields = { category: 'category', description: 'description', impact: 'impact', email: 'email',
    photo_ids: 'photo_ids', file: 'photo_ids' };
  showError(form, fields[error.field] || null, error.message);
}

async function send(event) {
  event.preventDefault();
  const form = event.target;
  if (state.sending || state.preparing) return;
  clearErrors(form);
  const { draft } = state;
  if (!draft.category) {
    showError(form, 'category', t('report.needCategory'));
    return;
  }
  if (!draft.description.trim() && !state.photos.length) {
    showError(form, 'description', t('report.needContent'));
    return;
  }
  const progress = form.querySelector('#progress');
  const button = form.querySelector('button[type=submit]');
  state.sending = true;
  button.disabled = true;
  try {
    for (const [index, photo] of state.photos.entries()) {
      if (photo.sent) continue;
      progress.textContent = t('report.sendingPhoto', { n: index + 1, total: state.photos.length });
      try {
        await putBlob(`/api/public/photos/${photo.id}`, photo.blob);
      } catch (error) {
        if (error instanceof ApiError && error.status) error.field = 'photo_ids'; // its own field, whatever it names
        throw error;
      }
      photo.sent = true;
    }
    progress.textContent = t('report.sending');
    state.sent = await postJson('/api/public/reports', {
      id: state.reportId, code: state.code, category: draft.category, description: draft.description,
      impact: draft.impact, photo_ids: state.photos.map((photo) => photo.id), email: draft.email.trim(),
      lang: currentLocale(), website: draft.website,
    });
  } catch (error) {
    state.sending = false;
    button.disabled = false;
    progress.textContent = '';
    problemOnSend(form, error instanceof ApiError ? error : new ApiError(0, 'error', t('server')));
    return;
  }
  state.photos.forEach((photo) => photo.url && URL.revokeObjectURL(photo.url));
  state.photos = [];
  state.draft = { category: '', description: '', impact: '', email: '', website: '' };
  state.view = 'sent';
  render();
  main.querySelector('h1').focus();
}

function followLink() {
  const url = new URL(state.sent.follow_url, window.location.origin);
  if (currentLocale() !== 'en') url.searchParams.set('lang', currentLocale());
  return url.href;
}

async function copy(link) {
  const note = main.querySelector('#copy-note');
  try {
    await navigator.clipboard.writeText(link.textContent);
    note.textContent = t('report.copied');
  } catch {
    // No clipboard (an older browser, or not a secure context): select the link for the phone's own Copy.
    window.getSelection().selectAllChildren(link);
    note.textContent = t('report.selected');
  }
}

function renderSent() {
  const href = followLink();
  const link = el('a', { href, class: 'follow-link', id: 'follow-link', text: href });
  main.replaceChildren(
    heading(t('report.sentTitle')),
    el('p', { text: t('report.sentText') }),
    el('section', { class: 'receipt', 'aria-labelledby': 'tracking-title' },
      el('h2', { id: 'tracking-title', text: t('report.trackingTitle') }),
      el('p', { class: 'tracking', text: state.sent.tracking_code_display }),
      el('h2', { text: t('report.linkTitle') }),
      el('p', { class: 'notice notice--warn', text: t('report.keep') }),
      el('p', { class: 'follow' }, link),
      el('button', { type: 'button', class: 'btn btn--primary', text: t('report.copy'), onclick: () => copy(link) }),
      el('p', { class: 'copy-note', id: 'copy-note', role: 'status' })),
    el('p', {}, el('a', { href: window.location.pathname + window.location.search, text: t('report.again') })));
}

function render() {
  document.title = t('report.title');
  languageSwitch(render);
  if (state.view === 'loading') main.replaceChildren(el('p', { class: 'loading', text: t('loading') }));
  else if (state.view === 'form') renderForm();
  else if (state.view === 'sent') renderSent();
  else renderProblem();
}

async function load() {
  state.view = 'loading';
  render();
  try {
    if (!state.code) throw new ApiError(404, 'unknown_code', '');
    const answer = await getJson(`/api/public/spaces/${encodeURIComponent(state.code)}`);
    state.space = answer.space;
    state.view = answer.accepting ? 'form' : 'off';
  } catch (error) {
    const known = { unknown_code: 'unknown', not_found: 'unknown', code_retired: 'retired', reports_off: 'off' };
    state.view = (error instanceof ApiError && known[error.code]) || 'failed';
    // Our own sentence for a known state; the server's words (in this language) for anything else.
    state.failure = state.view === 'failed' && error instanceof ApiError ? error.message : '';
  }
  render();
  if (state.view !== 'loading' && document.activeElement && document.activeElement.closest('#main')) {
    main.querySelector('h1').focus();
  }
}

chooseLocale();
load();

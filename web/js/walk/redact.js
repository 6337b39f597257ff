// Blurring part of an uploaded photo (faces, names, anything that should not be seen), inline under the
// photos: the display-size image with the areas drawn over it, a list of the areas, and "Blur these areas"
// (POST /api/photos/{id}/redactions, online only; the server blurs every size for everyone).
//
// Design decisions:
// - The areas are an SVG overlay whose <rect> attributes are set (the CSP forbids style attributes; SVG
//   geometry attributes are not styles). The viewBox is 0..1000 on both axes with preserveAspectRatio="none",
//   so a rect's attributes are the fractions the API wants, times 1000.
// - Pointer events draw (mouse, pen and finger alike, captured so a drag may leave the image). Keyboard:
//   "Add a box" puts one in the middle and focuses its entry in the list; arrow keys move it and Shift +
//   arrow keys resize it. The list says where each area is in words and removes one.
import { ApiError } from '../api.js';
import { h, replace, uid } from '../dom.js';
import { problemText } from '../errors.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { photoInfo } from '../store/photos.js';
import { redactPhoto } from '../store/walk.js';
import { button } from '../ui/components.js';

const SVG = 'http://www.w3.org/2000/svg';
const SCALE = 1000;
const STEP = 0.02;
const MIN = 0.02;

const clamp = (value, low, high) => Math.min(high, Math.max(low, value));
const percent = (value) => Math.round(value * 100);

/** `photo` (the server's record, with urls and size) for a photo this device never held (a finding's page). */
export function redactionEditor(photoId, { n, level = 5, photo: given = null, onDone, onCancel }) {
  const photo = given || photoInfo(photoId)?.photo;
  const headingId = uid('redact');
  const hintId = `${headingId}-hint`;
  const boxes = []; // {x, y, w, h, rect}
  const fit = Math.min(1, 1024 / Math.max(photo.width || 1024, photo.height || 1024));
  const img = h('img', {
    class: 'redact__img', src: photo.urls.display, alt: t('photos.redactAlt', { n }), draggable: 'false',
    width: String(Math.round((photo.width || 1024) * fit)), height: String(Math.round((photo.height || 768) * fit)),
  });
  const svg = document.createElementNS(SVG, 'svg');
  svg.setAttribute('class', 'redact__overlay');
  svg.setAttribute('viewBox', `0 0 ${SCALE} ${SCALE}`);
  svg.setAttribute('preserveAspectRatio', 'none');
  svg.setAttribute('aria-hidden', 'true');
  const list = h('ol', { class: 'redact__boxes' });
  const count = h('p', { class: 'muted redact__count' });
  const errorEl = h('p', { class: 'notice notice--error', role: 'alert', hidden: true });
  const submit = button(t('photos.redactSubmit'));

  const showError = (message) => {
    errorEl.textContent = message || '';
    errorEl.hidden = !message;
  };
  img.addEventListener('error', () => showError(t('photos.redactImageFailed')));

  function draw(box) {
    box.rect.setAttribute('x', String(Math.round(box.x * SCALE)));
    box.rect.setAttribute('y', String(Math.round(box.y * SCALE)));
    box.rect.setAttribute('width', String(Math.round(box.w * SCALE)));
    box.rect.setAttribute('height', String(Math.round(box.h * SCALE)));
  }

  const where = (box, index) => t('photos.box', {
    n: index + 1, left: percent(box.x), top: percent(box.y), width: percent(box.w), height: percent(box.h),
  });

  function keys(box, event) {
    const arrows = { ArrowLeft: [-1, 0], ArrowRight: [1, 0], ArrowUp: [0, -1], ArrowDown: [0, 1] };
    const delta = arrows[event.key];
    if (!delta) return;
    event.preventDefault();
    const [dx, dy] = delta;
    if (event.shiftKey) {
      box.w = clamp(box.w + dx * STEP, MIN, 1 - box.x);
      box.h = clamp(box.h + dy * STEP, MIN, 1 - box.y);
    } else {
      box.x = clamp(box.x + dx * STEP, 0, 1 - box.w);
      box.y = clamp(box.y + dy * STEP, 0, 1 - box.h);
    }
    draw(box);
    box.entry.textContent = where(box, boxes.indexOf(box));
  }

  function renderList() {
    count.textContent = t('photos.boxCount', { count: boxes.length });
    replace(list, boxes.map((box, index) => {
      box.entry = h('button', {
        type: 'button', class: 'btn btn--quiet redact__box', 'aria-describedby': hintId, text: where(box, index),
        onkeydown: (event) => keys(box, event),
        onfocus: () => box.rect.classList.add('is-active'),
        onblur: () => box.rect.classList.remove('is-active'),
      });
      return h('li', { class: 'redact__entry' }, box.entry,
        button(t('photos.remove'), {
          variant: 'quiet', 'aria-label': t('photos.boxRemove', { n: index + 1 }),
          onclick: () => {
            boxes.splice(boxes.indexOf(box), 1);
            box.rect.remove();
            renderList();
            announce(t('photos.boxRemoved', { n: index + 1 }));
            (boxes[Math.min(index, boxes.length - 1)]?.entry || add).focus();
          },
        }));
    }));
  }

  function addBox(x, y, w, hgt) {
    const rect = document.createElementNS(SVG, 'rect');
    rect.setAttribute('class', 'redact__rect');
    rect.setAttribute('vector-effect', 'non-scaling-stroke');
    svg.append(rect);
    const box = { x, y, w, h: hgt, rect };
    boxes.push(box);
    draw(box);
    return box;
  }

  // Drawing: a drag from one corner to the other.
  let drag = null;
  const fraction = (event) => {
    const frame = svg.getBoundingClientRect();
    return [clamp((event.clientX - frame.left) / frame.width, 0, 1), clamp((event.clientY - frame.top) / frame.height, 0, 1)];
  };
  svg.addEventListener('pointerdown', (event) => {
    if (event.button !== 0) return;
    event.preventDefault();
    svg.setPointerCapture(event.pointerId);
    const [x, y] = fraction(event);
    drag = { x, y, box: addBox(x, y, 0, 0) };
  });
  svg.addEventListener('pointermove', (event) => {
    if (!drag) return;
    const [x, y] = fraction(event);
    Object.assign(drag.box, { x: Math.min(x, drag.x), y: Math.min(y, drag.y), w: Math.abs(x - drag.x), h: Math.abs(y - drag.y) });
    draw(drag.box);
  });
  const endDrag = () => {
    if (!drag) return;
    const { box } = drag;
    drag = null;
    if (box.w < MIN || box.h < MIN) {
      boxes.splice(boxes.indexOf(box), 1);
      box.rect.remove();
      return;
    }
    renderList();
    showError('');
    announce(t('photos.boxAdded', { n: boxes.length }));
  };
  svg.addEventListener('pointerup', endDrag);
  svg.addEventListener('pointercancel', endDrag);

  const add = button(t('photos.addBox'), {
    variant: 'secondary',
    onclick: () => {
      const box = addBox(0.4, 0.4, 0.2, 0.2);
      renderList();
      showError('');
      box.entry.focus();
    },
  });

  submit.addEventListener('click', async () => {
    if (!boxes.length) return showError(t('photos.redactNone'));
    if (!navigator.onLine) return showError(t('photos.redactOffline'));
    showError('');
    submit.disabled = true;
    submit.textContent = t('photos.redacting');
    try {
      await redactPhoto(photoId, boxes.map((b) => [b.x, b.y, b.w, b.h].map((v) => Math.round(v * 10000) / 10000)));
    } catch (error) {
      submit.disabled = false;
      submit.textContent = t('photos.redactSubmit');
      if (error instanceof ApiError && error.status === 0) return showError(t('photos.redactOffline'));
      return showError(problemText(error));
    }
    announce(t('photos.redactDone', { n }));
    return onDone();
  });

  const heading = h(`h${Math.min(level, 6)}`, { id: headingId, class: 'redact__title', tabindex: '-1', text: t('photos.redactTitle', { n }) });
  const stage = h('div', { class: 'redact__stage' }, img);
  stage.append(svg);
  const root = h('section', { class: 'redact', 'aria-labelledby': headingId },
    heading,
    h('p', { id: hintId, class: 'field-hint', text: t('photos.redactHint') }),
    navigator.onLine ? null : h('p', { class: 'notice', text: t('photos.redactOffline') }),
    stage, count, list, errorEl,
    h('div', { class: 'actions' }, add, submit, button(t('common.cancel'), { variant: 'secondary', onclick: onCancel })));
  renderList();
  return { root, focus: () => heading.focus() };
}

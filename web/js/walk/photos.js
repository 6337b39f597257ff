// Taking photos: the phone's camera (or files on a laptop), kept on the device at once, with a thumbnail from
// the local file. Thumbnails use object URLs, released when the screen that showed them is left.
import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { keepPhotos, photoBlob } from '../store/photos.js';

const shown = []; // {url, img}: object URLs to release once their image has left the page

window.addEventListener('hashchange', () => {
  // After the new screen has rendered, release what the old one showed.
  setTimeout(() => {
    for (let i = shown.length - 1; i >= 0; i -= 1) {
      if (!shown[i].img.isConnected) {
        URL.revokeObjectURL(shown[i].url);
        shown.splice(i, 1);
      }
    }
  }, 0);
});

/** One thumbnail: the local photo, or a note that it was taken on another device. */
export function thumbnail(id, alt) {
  const figure = h('span', { class: 'thumb' }, h('span', { class: 'thumb__missing', text: t('photos.loading') }));
  photoBlob(id).then((blob) => {
    if (!blob) return replace(figure, h('span', { class: 'thumb__missing', text: t('photos.elsewhere') }));
    const url = URL.createObjectURL(blob);
    const img = h('img', { src: url, alt, class: 'thumb__img', width: '96', height: '96' });
    shown.push({ url, img });
    replace(figure, img);
  });
  return figure;
}

/**
 * A camera button and the photos taken so far. onChange(ids) after each addition or removal. label: an
 * optional field label above the button (whose own text is `button`).
 * Returns {wrapper, ids(), setIds(ids), setError, clearError, focus}.
 */
export function photoPicker({ label, button: buttonText = t('photos.take'), hint, auditId, ids = [], readOnly = false, onChange }) {
  const id = uid('photos');
  let current = [...ids];
  // The native file input is visually hidden but stays focusable; its label is drawn as the button, so the
  // button reads the same everywhere (not the browser's "Choose files / No file chosen").
  const input = h('input', { id, type: 'file', accept: 'image/*', capture: 'environment', multiple: true, class: 'visually-hidden photo-input', disabled: readOnly });
  const errorEl = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const list = h('ul', { class: 'thumbs' });
  const hintEl = hint ? h('p', { id: `${id}-hint`, class: 'field-hint', text: hint }) : null;
  const describe = () => {
    const described = [hintEl && hintEl.id, errorEl.hidden ? null : errorEl.id].filter(Boolean).join(' ');
    if (described) input.setAttribute('aria-describedby', described);
    else input.removeAttribute('aria-describedby');
  };

  const render = () => {
    replace(list, current.map((photoId, index) => {
      const alt = t('photos.alt', { n: index + 1, count: current.length });
      return h('li', { class: 'thumbs__item' }, thumbnail(photoId, alt),
        readOnly ? null : h('button', {
          type: 'button', class: 'btn btn--quiet thumbs__remove', text: t('photos.remove'),
          'aria-label': t('photos.removeLabel', { n: index + 1 }),
          onclick: () => {
            current = current.filter((other) => other !== photoId);
            render();
            announce(t('photos.removed'));
            input.focus();
            onChange(current);
          },
        }));
    }));
  };

  input.addEventListener('change', async () => {
    const files = [...input.files];
    input.value = ''; // the same photo can be chosen again after removing it
    if (!files.length) return;
    let added;
    try {
      added = await keepPhotos(files, auditId);
    } catch {
      setError(t('photos.failed'));
      announce(t('photos.failed'), { assertive: true });
      return;
    }
    current = [...current, ...added];
    render();
    setError('');
    announce(t('photos.added', { count: added.length }));
    onChange(current);
  });

  const wrapper = h('div', { class: 'field photo-field' },
    label ? h('p', { class: 'field-label', text: label }) : null, hintEl, errorEl, input,
    readOnly ? null : h('label', { for: id, class: 'btn btn--secondary photo-button', text: buttonText }), list);
  render();
  function setError(message) {
    errorEl.textContent = message || '';
    errorEl.hidden = !message;
    wrapper.classList.toggle('field--invalid', Boolean(message));
    describe();
  }
  describe();
  return {
    wrapper,
    ids: () => [...current],
    setIds: (next) => {
      current = [...next];
      render();
    },
    setError,
    clearError: () => setError(''),
    focus: () => input.focus(),
  };
}

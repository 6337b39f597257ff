// Taking photos: the phone's camera (or files on a laptop), shrunk and kept on the device at once, with a
// thumbnail from the local file. A finding's photos, and a photo answer's, then upload through the outbox
// (store/walk.js): each one shows its progress, or the server's reason if it refused the file; once on the
// server the server's thumbnail is shown where the local file is gone (another device, or a redacted photo).
// A photo taken on another phone that has not sent it yet says so.
// Thumbnails use object URLs, released when their image leaves the page. What is known of each photo is the
// device's store's (walk/device.js): drawn before it arrives, a tile shows its photo once it has.
import { h, replace, uid } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { session } from '../session.js';
import { serverPhoto } from '../store/state.js';
import { button } from '../ui/components.js';
import { store, whenStore, withStore } from './device.js';

const shown = []; // {url, img}: object URLs to release once their image has left the page

function sweep() {
  for (let i = shown.length - 1; i >= 0; i -= 1) {
    if (!shown[i].img.isConnected) {
      URL.revokeObjectURL(shown[i].url);
      shown.splice(i, 1);
    }
  }
}
// After the new screen has rendered, release what the old one showed.
window.addEventListener('hashchange', () => setTimeout(sweep, 0));

/** Call fn on every photo or outbox change while root is on the page; stops once root has left it. */
function whileShown(root, fn) {
  let mounted = false;
  const listener = () => {
    if (!root.isConnected) {
      if (mounted) stopAll();
      return;
    }
    mounted = true;
    fn();
  };
  let stops = [];
  whenStore().then(({ photos, audits }) => {
    stops = [photos.onPhotoChange(listener), audits.subscribe((event) => event.type !== 'audit' && listener())];
  }).catch(() => {});
  function stopAll() {
    stops.forEach((stop) => stop());
  }
}

/** One thumbnail: the local photo, the server's copy, or a note that it has not been sent yet. */
export function thumbnail(id, alt) {
  const figure = h('span', { class: 'thumb' }, h('span', { class: 'thumb__missing', text: t('photos.loading') }));
  const elsewhere = () => replace(figure, h('span', { class: 'thumb__missing', text: t('photos.notSent') }));
  const serverCopy = (url) => {
    const img = h('img', { src: url, alt: figure.dataset.alt || alt, class: 'thumb__img', width: '96', height: '96' });
    img.addEventListener('error', elsewhere, { once: true });
    replace(figure, img);
  };
  const plain = `/api/photos/${encodeURIComponent(id)}/thumb`;
  whenStore().then(async ({ photos }) => {
    const info = await photos.loadPhoto(id);
    if (info && info.photo && (info.photo.redacted || !info.hasBlob)) return serverCopy(info.photo.urls.thumb);
    const blob = info && info.hasBlob ? await photos.photoBlob(id) : null;
    // Taken on another device: the versioned address the audit names (cached, offline too); failing that the
    // plain one, which answers 404 until that device has sent it.
    if (!blob) return serverCopy(serverPhoto(id)?.urls.thumb || plain);
    const url = URL.createObjectURL(blob);
    const img = h('img', { src: url, alt: figure.dataset.alt || alt, class: 'thumb__img', width: '96', height: '96' });
    shown.push({ url, img });
    replace(figure, img);
    return setTimeout(sweep, 0);
  }).catch(() => serverCopy(plain)); // no store on this page (see walk/device.js): the server's copy
  return figure;
}

/** A photo's upload, in words and a bar: waiting, sending (with progress) or refused (the server's reason). */
function uploadState(id, n) {
  const { photos, outbox } = store() || {};
  if (!photos) return null;
  const info = photos.photoInfo(id);
  if (info && info.error) return h('p', { class: 'field-error photo__error', text: t('photos.refused', { n, reason: info.error }) });
  if (!outbox.photoQueued(id)) return null;
  const fraction = photos.progressOf(id);
  const labelId = uid('upload');
  const words = fraction == null ? t('photos.waiting', { n }) : t('photos.sending', { n, percent: Math.round(fraction * 100) });
  return h('div', { class: 'progress photo__progress' },
    h('span', { id: labelId, class: 'progress__label', text: words }),
    h('progress', { class: 'progress__bar', max: '100', value: String(Math.round((fraction || 0) * 100)), 'aria-labelledby': labelId }));
}

/** "Sending 2 of 5 photos" while any of these photos waits in the outbox. */
function listStatus(ids) {
  const { photos, outbox, core } = store() || {};
  if (!photos) return '';
  const queued = ids.filter(outbox.photoQueued).length;
  if (!queued) return '';
  const done = ids.filter((id) => photos.photoInfo(id)?.photo).length;
  if (core.syncStatus().state === 'waiting') return t('photos.waitingAll', { count: queued });
  return t('photos.sendingAll', { n: Math.min(done + 1, done + queued), count: done + queued });
}

/**
 * The photos of a finding as the summary shows them: thumbnail, caption, upload progress, and (for people
 * who may) a way to blur part of an uploaded photo, in an editor that opens under the list.
 * Tiles are built once and then only updated, so progress never takes the focus away from a button.
 */
export function photoGallery(ids, { level = 4 } = {}) {
  const list = h('ul', { class: 'photo-tiles' });
  const status = h('p', { class: 'photo-status', hidden: true });
  const editorSlot = h('div', {});
  const root = h('div', { class: 'photo-gallery' }, status, list, editorSlot);
  let editing = null;

  const tiles = ids.map((id, index) => {
    const n = index + 1;
    const tile = { id, n, caption: h('p', { class: 'photo__caption' }), redacted: h('p', { class: 'muted', text: t('photos.redacted') }), state: h('div', {}) };
    tile.blur = button(t('photos.blur'), {
      variant: 'secondary', class: 'photo__action', 'aria-label': t('photos.blurLabel', { n }), 'aria-expanded': 'false',
      onclick: () => openEditor(tile),
    });
    tile.thumbSlot = h('div', {});
    tile.li = h('li', { class: 'photo' }, tile.thumbSlot, h('div', { class: 'photo__body' }, tile.caption, tile.redacted, tile.state, tile.blur));
    return tile;
  });
  replace(list, tiles.map((tile) => tile.li));

  const refresh = () => {
    status.textContent = listStatus(ids);
    status.hidden = !status.textContent;
    for (const tile of tiles) {
      const info = store()?.photos.photoInfo(tile.id);
      const key = `${Boolean(info?.photo?.redacted)}:${info?.photo?.urls?.thumb || ''}`;
      if (tile.key !== key) {
        tile.key = key;
        replace(tile.thumbSlot, thumbnail(tile.id, t('photos.alt', { n: tile.n, count: ids.length })));
      }
      tile.caption.textContent = info?.caption || '';
      tile.caption.hidden = !info?.caption;
      tile.redacted.hidden = !info?.photo?.redacted;
      replace(tile.state, uploadState(tile.id, tile.n));
      tile.blur.hidden = !(info && info.photo && session.can('photo.redact'));
      tile.blur.setAttribute('aria-expanded', String(editing === tile.id));
    }
  };

  function openEditor(tile) {
    editing = tile.id;
    const close = () => {
      editing = null;
      replace(editorSlot);
      refresh();
      tile.blur.focus();
    };
    // Offered only for a photo the store knows is on the server: the store (and the editor with it) is here.
    const editor = store().redact.redactionEditor(tile.id, { n: tile.n, level: level + 1, onDone: close, onCancel: close });
    replace(editorSlot, editor.root);
    refresh();
    editor.focus();
  }

  whenStore().then(({ photos }) => Promise.all(ids.map(photos.loadPhoto))).then(refresh).catch(() => {});
  whileShown(root, refresh);
  refresh();
  return root;
}

/**
 * A camera button and the photos taken so far. onChange(ids) after each addition, removal or move. label: an
 * optional field label above the button (whose own text is `button`). manage: per photo a caption and Move
 * earlier / Move later (a finding's photos; captions are kept with the photo and sent once it is uploaded).
 * uploads: each photo's upload state (waiting, sending, refused), as managed photos show it.
 * Returns {wrapper, ids(), setIds(ids), setError, clearError, focus}.
 */
export function photoPicker({ label, button: buttonText = t('photos.take'), hint, auditId, ids = [], readOnly = false, manage = false, uploads = manage, onChange }) {
  const id = uid('photos');
  let current = [...ids];
  const added = new Set(); // taken while this picker is open: nothing else refers to them yet
  // The native file input is visually hidden but stays focusable; its label is drawn as the button, so the
  // button reads the same everywhere (not the browser's "Choose files / No file chosen").
  const input = h('input', { id, type: 'file', accept: 'image/*', capture: 'environment', multiple: true, class: 'visually-hidden photo-input', disabled: readOnly });
  const errorEl = h('p', { id: `${id}-error`, class: 'field-error', hidden: true });
  const list = h('ul', { class: 'photo-tiles' });
  const status = h('p', { class: 'photo-status', hidden: true });
  const busyEl = h('p', { class: 'muted', hidden: true, text: t('photos.preparing') });
  const hintEl = hint ? h('p', { id: `${id}-hint`, class: 'field-hint', text: hint }) : null;
  const tiles = new Map(); // photo id -> its elements, built once (moving a tile keeps its caption as typed)
  const describe = () => {
    const described = [hintEl && hintEl.id, errorEl.hidden ? null : errorEl.id].filter(Boolean).join(' ');
    if (described) input.setAttribute('aria-describedby', described);
    else input.removeAttribute('aria-describedby');
  };

  const move = (photoId, by) => {
    const from = current.indexOf(photoId);
    const to = from + by;
    if (to < 0 || to >= current.length) return;
    current = [...current];
    [current[from], current[to]] = [current[to], current[from]];
    layout();
    announce(t('photos.moved', { n: to + 1, count: current.length }));
    // Keep the focus on the same photo's button, or its other one when this end of the list is reached.
    const tile = tiles.get(photoId);
    const same = by < 0 ? tile.earlier : tile.later;
    (same.disabled ? (by < 0 ? tile.later : tile.earlier) : same).focus();
    onChange(current);
  };

  const remove = (photoId) => {
    current = current.filter((other) => other !== photoId);
    tiles.delete(photoId);
    // Taken in this form and never saved anywhere: it leaves the device now. Saved ones leave when the
    // finding is saved without them (store.saveFinding).
    if (added.has(photoId)) withStore(({ photos }) => photos.forgetPhoto(photoId));
    layout();
    announce(t('photos.removed'));
    input.focus();
    onChange(current);
  };

  function tileFor(photoId) {
    if (tiles.has(photoId)) return tiles.get(photoId);
    const tile = { thumb: thumbnail(photoId, t('photos.alt', { n: 1, count: 1 })), state: h('div', {}) };
    if (manage && !readOnly) {
      const fieldId = uid('caption');
      tile.captionInput = h('input', { id: fieldId, type: 'text', maxlength: '300', autocomplete: 'off', value: store()?.photos.photoInfo(photoId)?.caption || '' });
      tile.captionInput.addEventListener('change', () => {
        const caption = tile.captionInput.value.trim();
        withStore(({ walk }) => walk.captionPhoto(auditId, photoId, caption));
        announce(t('photos.captionSaved', { n: current.indexOf(photoId) + 1 }));
      });
      tile.captionLabel = h('label', { for: fieldId, class: 'field-label' });
      tile.earlier = button(t('photos.earlier'), { variant: 'quiet', class: 'photo__earlier', onclick: () => move(photoId, -1) });
      tile.later = button(t('photos.later'), { variant: 'quiet', class: 'photo__later', onclick: () => move(photoId, 1) });
    }
    tile.remove = readOnly ? null : button(t('photos.remove'), { variant: 'quiet', class: 'thumbs__remove', onclick: () => remove(photoId) });
    tile.li = h('li', { class: 'photo' }, tile.thumb,
      h('div', { class: 'photo__body' },
        tile.captionInput ? h('div', { class: 'field photo__caption-field' }, tile.captionLabel, tile.captionInput) : null,
        tile.state,
        readOnly ? null : h('div', { class: 'photo__actions' }, tile.earlier, tile.later, tile.remove)));
    tiles.set(photoId, tile);
    return tile;
  }

  // Numbers, labels and upload states; cheap enough for every progress event.
  const refresh = () => {
    status.textContent = manage ? listStatus(current) : '';
    status.hidden = !status.textContent;
    current.forEach((photoId, index) => {
      const n = index + 1;
      const tile = tileFor(photoId);
      const img = tile.thumb.querySelector('img');
      tile.thumb.dataset.alt = t('photos.alt', { n, count: current.length });
      if (img) img.alt = tile.thumb.dataset.alt;
      if (tile.captionLabel) tile.captionLabel.textContent = t('photos.caption', { n });
      if (tile.earlier) {
        tile.earlier.disabled = index === 0;
        tile.earlier.setAttribute('aria-label', t('photos.earlierLabel', { n }));
        tile.later.disabled = index === current.length - 1;
        tile.later.setAttribute('aria-label', t('photos.laterLabel', { n }));
      }
      if (tile.remove) tile.remove.setAttribute('aria-label', t('photos.removeLabel', { n }));
      if (uploads) replace(tile.state, uploadState(photoId, n));
    });
  };

  function layout() {
    replace(list, current.map((photoId) => tileFor(photoId).li));
    refresh();
  }
  const render = layout;

  let preparing = Promise.resolve(); // photos being shrunk: a save waits for them
  input.addEventListener('change', () => {
    const files = [...input.files];
    input.value = ''; // the same photo can be chosen again after removing it
    if (files.length) preparing = preparing.then(() => add(files));
  });
  async function add(files) {
    let kept;
    busyEl.hidden = false;
    try {
      kept = await withStore(({ photos }) => photos.keepPhotos(files, auditId));
    } catch {
      busyEl.hidden = true;
      setError(t('photos.failed'));
      announce(t('photos.failed'), { assertive: true });
      return;
    }
    busyEl.hidden = true;
    kept.forEach((photoId) => added.add(photoId));
    current = [...current, ...kept];
    render();
    setError('');
    announce(t('photos.added', { count: kept.length }));
    onChange(current);
  }

  const wrapper = h('div', { class: 'field photo-field' },
    label ? h('p', { class: 'field-label', text: label }) : null, hintEl, errorEl,
    // Read-only (someone who may read the audit but not change it): no camera, so no input left unlabelled.
    readOnly ? null : input,
    readOnly ? null : h('label', { for: id, class: 'btn btn--secondary photo-button', text: buttonText }), busyEl, status, list);
  whenStore().then(({ photos }) => Promise.all(current.map(photos.loadPhoto))).then(refresh).catch(() => {});
  if (uploads) whileShown(wrapper, refresh);
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
    /** Resolves once the photos chosen so far are kept (shrinking a 12 MP photo takes a moment). */
    ready: () => preparing,
    setIds: (next) => {
      current = [...next];
      render();
    },
    setError,
    clearError: () => setError(''),
    focus: () => input.focus(),
  };
}

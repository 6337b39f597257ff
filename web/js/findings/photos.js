// A finding's photos on its page: the evidence, and once the work is done, before and after side by side
// (what the committee compares before verifying). Photos are shown at display size from the server (the
// service worker keeps them for offline use); after-photos still on this device are shown from it.
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { thumbnail } from '../walk/photos.js';

function figure(photo, alt) {
  const caption = photo.caption ? h('figcaption', { class: 'shot__caption', text: photo.caption }) : null;
  return h('figure', { class: 'shot' },
    h('a', { href: photo.urls.display, class: 'shot__link', target: '_blank', rel: 'noopener' },
      h('img', { src: photo.urls.display, alt, class: 'shot__img', width: String(photo.width || 800), height: String(photo.height || 600), loading: 'lazy' })),
    caption);
}

function figures(photos, altKey) {
  return photos.map((photo, index) => figure(photo, t(altKey, { n: index + 1, count: photos.length })));
}

/** The after-photos of the latest resolution (a reopened finding's older ones stay in its history). */
function currentAfter(finding) {
  const resolved = [...finding.timeline].reverse().find((entry) => entry.type === 'event' && entry.to === 'resolved');
  if (!resolved) return { server: [], local: [] };
  const byId = new Map(finding.photos.after.map((photo) => [photo.id, photo]));
  const ids = resolved.photo_ids || [];
  return { server: ids.filter((id) => byId.has(id)).map((id) => byId.get(id)), local: ids.filter((id) => !byId.has(id)) };
}

function column(title, body) {
  return h('div', { class: 'compare__side' }, h('h3', { text: title }), body);
}

export function photosSection(finding) {
  const evidence = finding.photos.evidence;
  const after = currentAfter(finding);
  const hasAfter = after.server.length + after.local.length > 0;
  const evidenceBody = evidence.length ? figures(evidence, 'work.photos.beforeAlt') : h('p', { class: 'muted', text: t('work.photos.noEvidence') });
  if (!hasAfter) {
    return h('section', { class: 'section', 'aria-labelledby': 'photos-heading' },
      h('h2', { id: 'photos-heading', text: t('work.photos.evidence') }), h('div', { class: 'shots' }, evidenceBody));
  }
  const local = after.local.map((id, index) => h('div', { class: 'shot' },
    thumbnail(id, t('work.photos.afterAlt', { n: after.server.length + index + 1, count: after.server.length + after.local.length })),
    h('p', { class: 'muted', text: t('work.photos.onDevice') })));
  return h('section', { class: 'section', 'aria-labelledby': 'photos-heading' },
    h('h2', { id: 'photos-heading', text: t('work.photos.compare') }),
    h('div', { class: 'compare' },
      column(t('work.photos.before'), h('div', { class: 'shots' }, evidenceBody)),
      column(t('work.photos.after'), h('div', { class: 'shots' }, figures(after.server, 'work.photos.afterAlt'), local))));
}

// A community report's page, read-only parts: what the reporter sent (in their own words, kept apart from
// ours), their photos, and the history of the report's status.
import { h } from '../dom.js';
import { label, t } from '../i18n.js';
import { details } from '../ui/components.js';
import { categoryText, dayText, whereText } from './common.js';

// The reporter's own words, quoted and labelled as theirs, so nobody mistakes them for the committee's.
function words(id, title, text) {
  return h('div', { class: 'reporter-words' },
    h('h3', { id, text: title }),
    text
      ? h('blockquote', { class: 'quote quote--reporter' },
        h('p', { class: 'quote__who', text: t('community.sent.theirWords') }),
        h('p', { class: 'quote__body', text }))
      : h('p', { class: 'muted', text: t('community.sent.notSaid') }));
}

function photoFigure(photo, n, count) {
  const alt = t('community.sent.photoAlt', { n, count });
  // A link to the full-size copy: it opens with Enter like any link, in a new tab at its own size.
  return h('figure', { class: 'shot' },
    h('a', { href: photo.urls.evidence || photo.urls.display, class: 'shot__link', target: '_blank', rel: 'noopener' },
      h('img', { src: photo.urls.display, alt, class: 'shot__img', width: String(photo.width || 800), height: String(photo.height || 600), loading: 'lazy' }),
      h('span', { class: 'shot__open', text: t('community.sent.openPhoto', { n }) })));
}

export function sentSection(report) {
  const photos = report.photos || [];
  return h('section', { class: 'section', 'aria-labelledby': 'sent-heading' },
    h('h2', { id: 'sent-heading', text: t('community.sent.title') }),
    details([
      [t('community.fields.where'), whereText(report.space)],
      [t('community.fields.campus'), report.space.campus ? report.space.campus.name : '—'],
      [t('community.fields.category'), categoryText(report.category)],
      [t('community.fields.received'), dayText(report.received_on)],
      [t('community.fields.code'), h('span', { class: 'report-code', text: report.tracking_code_display })],
    ]),
    words('saw-heading', t('community.sent.saw'), report.description),
    words('impact-heading', t('community.sent.impact'), report.impact),
    h('h3', { text: t('community.sent.photos', { count: photos.length }) }),
    photos.length
      ? h('div', { class: 'shots' }, photos.map((photo, index) => photoFigure(photo, index + 1, photos.length)))
      : h('p', { class: 'muted', text: t('community.sent.noPhotos') }));
}

function eventText(event) {
  const name = event.by ? event.by.name : t('community.history.someone');
  if (!event.from && event.to === 'received') return t('community.history.received');
  // A report closes without changing its status when the finding it follows becomes final.
  if (event.from === event.to) return t('community.history.closed');
  const key = `community.history.moves.${event.to}`;
  return event.by ? t(key, { name }) : t('community.history.movedTo', { status: label('report_states', event.to) });
}

/** The report's status changes, oldest first, each with who (committee members only), the day and the note. */
export function historySection(report) {
  const events = report.events || [];
  return h('section', { class: 'section', 'aria-labelledby': 'history-heading' },
    h('h2', { id: 'history-heading', text: t('community.history.title') }),
    events.length
      ? h('ol', { class: 'timeline' }, events.map((event) => h('li', { class: 'timeline__entry' },
        h('p', { class: 'timeline__what' }, h('strong', { text: eventText(event) })),
        h('p', { class: 'timeline__when' }, h('time', { datetime: event.on, text: dayText(event.on) })),
        event.note ? h('p', { class: 'timeline__note', text: event.note }) : null)))
      : h('p', { class: 'muted', text: t('community.history.none') }));
}

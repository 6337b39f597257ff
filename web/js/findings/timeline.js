// A finding's history: every move (who, when, from, to, the note, the photos, what changed) and every
// comment, oldest first, as an ordered list a screen reader reads in order.
import { h } from '../dom.js';
import { label, t } from '../i18n.js';
import { thumbnail } from '../walk/photos.js';
import { dayText, remedyText, when } from './common.js';

// Each changed field is [before, after] (a person as {id, name}, a day as YYYY-MM-DD).
const after = (change) => (Array.isArray(change) ? change[1] : change);

function changeLines(changes = {}) {
  const lines = [];
  const remedy = after(changes.remedy);
  const assignee = after(changes.assignee);
  const due = after(changes.due_date);
  const priority = after(changes.priority);
  if (remedy) lines.push(t('work.timeline.remedy', { remedy: remedyText(remedy) }));
  if (assignee && assignee.name) lines.push(t('work.timeline.assignee', { name: assignee.name }));
  if (typeof due === 'string') lines.push(t('work.timeline.due', { date: dayText(due) }));
  if (priority) lines.push(t('work.timeline.priority', { priority: label('priorities', priority) }));
  return lines;
}

function what(entry) {
  if (entry.type === 'comment') return t('work.timeline.commented', { name: entry.by ? entry.by.name : t('work.someone') });
  const name = entry.by ? entry.by.name : t('work.someone');
  if (!entry.from) return t('work.timeline.created', { name });
  const published = entry.changes && entry.changes.published; // on or off the public progress page
  if (Array.isArray(published)) return t(published[1] ? 'work.timeline.published' : 'work.timeline.unpublished', { name });
  return t(`work.timeline.moves.${entry.to}`, { name });
}

function entryItem(entry, photoUrls) {
  const photos = (entry.photo_ids || []).map((id, index, all) => {
    const alt = t('work.timeline.photoAlt', { n: index + 1, count: all.length });
    const url = photoUrls.get(id);
    return h('li', {}, url
      ? h('span', { class: 'thumb' }, h('img', { src: url, alt, class: 'thumb__img', width: '96', height: '96', loading: 'lazy' }))
      : thumbnail(id, alt));
  });
  return h('li', { class: ['timeline__entry', `timeline__entry--${entry.type}`, entry.waiting ? 'timeline__entry--waiting' : null] },
    h('p', { class: 'timeline__what' }, h('strong', { text: what(entry) })),
    h('p', { class: 'timeline__when' },
      h('time', { datetime: entry.at, text: when(entry.at) }),
      entry.waiting ? h('span', { class: 'timeline__waiting', text: t('work.timeline.waiting') }) : null),
    changeLines(entry.changes).map((line) => h('p', { class: 'timeline__change', text: line })),
    (entry.type === 'comment' ? entry.text : entry.note) ? h('p', { class: 'timeline__note', text: entry.type === 'comment' ? entry.text : entry.note }) : null,
    photos.length ? h('ul', { class: 'photo-row' }, photos) : null);
}

/** photoUrls: photo id -> thumbnail url for photos on the server (others are drawn from the device). */
export function timelineSection(finding, photoUrls) {
  return h('section', { class: 'section', 'aria-labelledby': 'timeline-heading' },
    h('h2', { id: 'timeline-heading', text: t('work.timeline.title') }),
    h('ol', { class: 'timeline' }, finding.timeline.map((entry) => entryItem(entry, photoUrls))));
}

// An audit's report as a printable page (the same content as its PDF): cover, summary counts, skipped
// spaces with reasons, the comparison with the previous cycle (reports/cycles.js), each finding with its photos, remedy, state and history, the photo answers with their
// photos, and the inventory table.
// Printing hides the app's header and buttons (signed-in.css). Checklist text (its title, the item or section of
// each finding) is shown in the person's language from the pinned checklist, as the walk shows it.
import { api } from '../api.js';
import { langOf, localized } from '../checklists/localize.js';
import { tWithText } from '../checklists/text.js';
import { h } from '../dom.js';
import { dayText, remedyText, when } from '../findings/common.js';
import { findingHref } from '../findings/work.js';
import { formatList, label, t } from '../i18n.js';
import { cyclesSection } from '../reports/cycles.js';
import { buildingLabel } from '../spaces/places.js';
import { loadChecklist } from '../store/load.js';
import { backLink, button, details, fill, linkButton, loadError, loading, pageHeading } from '../ui/components.js';
import { findItem } from '../walk/rules.js';

const path = (id, suffix = '') => `/api/audits/${encodeURIComponent(id)}/report${suffix}`;
const spaceText = (space) => (space.room_number ? t('audits.spaceWithRoom', { room: space.room_number, name: space.name }) : space.name);

/** A checklist text as a node marked with its language, or the server's (English) words when the pinned
 * checklist could not be read. */
function checklistText(node, field, fallback) {
  return node ? h('span', { text: node[field], lang: langOf(node, field) }) : fallback;
}

/** What a finding is about: its item's prompt, else its section's title. */
function category(f, checklist) {
  if (f.item) return checklistText(checklist && findItem(checklist, f.item.id)?.item, 'prompt', f.item.prompt);
  if (f.section) return checklistText(checklist && checklist.sections.find((s) => s.id === f.section.id), 'title', f.section.title);
  return t('work.noCategory');
}

function cover(report, checklist) {
  const { audit } = report;
  const title = checklist ? checklist.title : audit.checklist.title;
  return h('section', { class: 'section report__cover', 'aria-labelledby': 'cover-heading' },
    h('h2', { id: 'cover-heading', class: 'visually-hidden', text: t('reports.audit.cover') }),
    details([
      [t('reports.audit.building'), `${buildingLabel(audit.building)}, ${audit.campus.name}`],
      [t('reports.audit.checklist'), tWithText('reports.audit.version', { version: audit.checklist.version }, 'title', title, langOf(checklist, 'title'))],
      [t('reports.audit.team'), formatList(audit.team.map((person) => person.name)) || '—'],
      [t('reports.audit.planned'), audit.planned_by ? t('reports.audit.by', { name: audit.planned_by.name, at: when(audit.created_at) }) : when(audit.created_at)],
      [t('reports.audit.started'), audit.started_at ? when(audit.started_at) : '—'],
      [t('reports.audit.submitted'), audit.submitted_at ? when(audit.submitted_at) : t('reports.audit.notSubmitted')],
      [t('reports.audit.generated'), when(report.generated_at)],
    ]));
}

function summary(report) {
  const s = report.summary;
  const states = Object.entries(s.by_status).filter(([, n]) => n).map(([status, n]) => `${label('finding_states', status)}: ${n}`);
  return h('section', { class: 'section', 'aria-labelledby': 'summary-heading' },
    h('h2', { id: 'summary-heading', text: t('reports.audit.summary') }),
    h('p', { text: t('reports.audit.summaryText', { walked: s.spaces_walked, spaces: s.spaces, skipped: s.spaces_skipped, answers: s.answers }) }),
    h('p', { text: t('reports.audit.findingsText', { count: s.findings, high: s.by_severity.high || 0, medium: s.by_severity.medium || 0, low: s.by_severity.low || 0 }) }),
    states.length ? h('p', { text: formatList(states) }) : null);
}

function skipped(report) {
  if (!report.skipped_spaces.length) return null;
  return h('section', { class: 'section', 'aria-labelledby': 'skipped-heading' },
    h('h2', { id: 'skipped-heading', text: t('reports.audit.skipped') }),
    h('ul', {}, report.skipped_spaces.map((space) => h('li', {},
      h('strong', { text: spaceText(space) }), ` (${t('reports.audit.floor', { floor: space.floor })}): `,
      label('skip_reasons', space.reason), space.note ? ` — ${space.note}` : ''))));
}

function photos(list, kind) {
  return list.map((photo, index) => h('figure', { class: 'shot' },
    h('img', { src: photo.urls.display, class: 'shot__img', width: String(photo.width), height: String(photo.height), loading: 'lazy',
      alt: t(`reports.audit.${kind}Alt`, { n: index + 1, count: list.length }) }),
    photo.caption ? h('figcaption', { class: 'shot__caption', text: photo.caption }) : null));
}

/** The remedy decided; for a declined finding, that none will be carried out and the committee's rationale
 * (the note of its decline), not "not decided yet". */
function remedyRows(f) {
  if (f.status !== 'declined') return [[t('work.fields.remedy'), remedyText(f.remedy)]];
  const decline = [...f.history].reverse().find((step) => step.to === 'declined');
  return [[t('work.fields.remedy'), t('reports.audit.declined')],
    decline && decline.note ? [t('reports.audit.declineReason'), h('span', { class: 'report__description', text: decline.note })] : null];
}

function finding(f, checklist) {
  const id = `finding-${f.number}`;
  const history = f.history.map((step) => h('li', {},
    h('strong', { text: step.from ? t(`work.timeline.moves.${step.to}`, { name: step.by ? step.by.name : t('work.someone') })
      : t('work.timeline.created', { name: step.by ? step.by.name : t('work.someone') }) }),
    `, ${when(step.at)}`, step.note ? ` — ${step.note}` : ''));
  return h('article', { class: 'section report__finding', 'aria-labelledby': id },
    h('h3', { id }, h('a', { href: findingHref(f.id), text: t('reports.audit.findingTitle', { n: f.number, title: f.title }) })),
    details([
      [t('work.fields.where'), `${spaceText(f.space)}, ${t('reports.audit.floor', { floor: f.space.floor })}`],
      [t('reports.audit.item'), category(f, checklist)],
      [t('work.filters.severity'), label('severities', f.severity)],
      [t('reports.audit.state'), label('finding_states', f.status)],
      ...remedyRows(f),
      f.assignee ? [t('work.fields.assignee'), f.assignee.name] : null,
      f.due_date ? [t('work.fields.due'), dayText(f.due_date)] : null,
    ]),
    f.description ? h('p', { class: 'report__description', text: f.description }) : null,
    h('div', { class: f.photos.after.length ? 'compare' : 'shots' },
      f.photos.after.length
        ? [h('div', { class: 'compare__side' }, h('h4', { text: t('work.photos.before') }), photos(f.photos.evidence, 'before')),
          h('div', { class: 'compare__side' }, h('h4', { text: t('work.photos.after') }), photos(f.photos.after, 'after'))]
        : photos(f.photos.evidence, 'before')),
    h('h4', { text: t('reports.audit.history') }), h('ol', { class: 'report__history' }, history));
}

/** The answers to photo items, space by space: the item's prompt, where, and the photos. */
function photoAnswers(report, checklist) {
  const answers = report.photo_answers || [];
  if (!answers.length) return null;
  return h('section', { 'aria-labelledby': 'report-photo-answers-heading' },
    h('h2', { id: 'report-photo-answers-heading', text: t('reports.audit.photoAnswers', { count: answers.length }) }),
    answers.map((answer, index) => h('article', { class: 'section report__answer', 'aria-labelledby': `photo-answer-${index}` },
      h('h3', { id: `photo-answer-${index}` }, checklistText(checklist && findItem(checklist, answer.item.id)?.item, 'prompt', answer.item.prompt)),
      details([[t('work.fields.where'), `${spaceText(answer.space)}, ${t('reports.audit.floor', { floor: answer.space.floor })}`]]),
      h('div', { class: 'shots' }, photos(answer.photos, 'answer')))));
}

function inventory(report) {
  const inv = report.inventory;
  if (!inv || !inv.spaces.length) return null;
  const [whole, ...parts] = inv.items;
  const value = (figures, item) => (figures && figures.counts[item.id] && (figures.counts[item.id].answered || figures.counts[item.id].unknown)
    ? String(figures.counts[item.id].total) : '—');
  // Only the scroll region takes the heading's name: two landmarks of one name confuse a screen reader's list.
  return h('section', { class: 'section' },
    h('h2', { id: 'report-inventory-heading', text: t('reports.inventory.title') }),
    h('div', { class: 'table-scroll', role: 'region', 'aria-labelledby': 'report-inventory-heading', tabindex: '0' },
      // On a phone each space is a card whose figures say what they count (data-label), as the inventory does.
      h('table', { class: 'data-table data-table--cards report__inventory' },
        h('thead', {}, h('tr', {}, h('th', { scope: 'col', text: t('reports.inventory.where') }),
          [whole, ...parts].map((item) => h('th', { scope: 'col', text: t(`reports.inventory.items.${item.id}`) })),
          h('th', { scope: 'col', text: t('reports.audit.previous') }))),
        h('tbody', {}, inv.spaces.map((space) => h('tr', {}, h('th', { scope: 'row', text: spaceText(space) }),
          [whole, ...parts].map((item) => h('td', { 'data-label': t(`reports.inventory.items.${item.id}`), text: value(space.current, item) })),
          h('td', { 'data-label': t('reports.audit.previous'),
            text: space.previous ? [whole, ...parts].map((item) => value(space.previous, item)).join(' / ') : '—' })))))));
}

export function render({ params, setTitle }) {
  setTitle(t('reports.audit.title'));
  const back = backLink(t('reports.audit.back'), `#/audits/${encodeURIComponent(params.id)}`);
  const root = h('div', { class: 'report' }, back, pageHeading(t('reports.audit.title')), loading());
  const load = async () => {
    try {
      const report = await api.get(path(params.id));
      const checklist = localized(await loadChecklist(report.audit.checklist).catch(() => null));
      setTitle(t('reports.audit.titleOf', { title: report.audit.title }));
      const print = button(t('reports.audit.print'), { variant: 'primary', onclick: () => window.print() });
      fill(root, back, pageHeading(t('reports.audit.titleOf', { title: report.audit.title })),
        h('div', { class: 'actions report__actions' }, print, linkButton(t('reports.audit.pdf'), path(params.id, '.pdf'), { download: '' })),
        cover(report, checklist), summary(report), skipped(report), cyclesSection(report.comparison),
        h('section', { 'aria-labelledby': 'report-findings-heading' },
          h('h2', { id: 'report-findings-heading', text: t('reports.audit.findings', { count: report.findings.length }) }),
          report.findings.map((f) => finding(f, checklist))),
        photoAnswers(report, checklist),
        inventory(report));
    } catch (error) {
      fill(root, back, pageHeading(t('reports.audit.title')), loadError(error, load));
    }
  };
  load();
  return root;
}

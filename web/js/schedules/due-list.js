// The scheduled audits that are overdue or due in the next 60 days, each with "Plan this audit": one section,
// shown on the committee's home, in their inbox (mine: only those they are responsible for) and on the
// dashboard. It loads itself; in the inbox an empty list is not shown at all.
import { api } from '../api.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { session } from '../session.js';
import { fill, linkButton, loadError, loading } from '../ui/components.js';
import { dueText, lastText, pairWords, planHref } from './common.js';

function dueCard(schedule, withWho) {
  const words = pairWords(schedule);
  return h('li', { class: 'due-card' },
    h('p', { class: 'due-card__title', text: `${words.checklist} · ${words.building}` }),
    h('p', { class: 'due-card__when', text: dueText(schedule) }),
    h('p', { class: 'due-card__meta', text: lastText(schedule) }),
    withWho ? h('p', { class: 'due-card__meta', text: t('schedules.due.who', { name: schedule.responsible.name }) }) : null,
    session.can('audit.create') ? linkButton(t('schedules.due.plan'), planHref(schedule),
      { 'aria-label': t('schedules.due.planLabel', words) }) : null);
}

function group(id, heading, schedules, withWho) {
  return h('div', { class: 'due-group', role: 'group', 'aria-labelledby': id },
    h('h3', { id, class: 'due-group__title', text: heading }),
    h('ul', { class: 'due-list' }, schedules.map((s) => dueCard(s, withWho))));
}

/** mine: only the caller's (the inbox); the section hides itself when that leaves nothing. */
export function dueSection({ mine = false } = {}) {
  const id = mine ? 'due-mine-heading' : 'due-heading';
  const body = h('div', {}, loading());
  const section = h('section', { class: 'section due', 'aria-labelledby': id },
    h('h2', { id, text: t(mine ? 'schedules.due.mineTitle' : 'schedules.due.title') }), body);
  const load = async () => {
    try {
      const due = await api.get('/api/schedules/due', mine ? { mine: '1' } : {});
      if (mine && !due.overdue.length && !due.due_soon.length) {
        fill(body);
        section.hidden = true;
        return;
      }
      fill(body,
        due.overdue.length ? group(`${id}-overdue`, t('schedules.due.overdue', { count: due.overdue.length }), due.overdue, !mine) : null,
        due.due_soon.length ? group(`${id}-soon`, t('schedules.due.soon', { count: due.due_soon.length }), due.due_soon, !mine) : null,
        due.overdue.length || due.due_soon.length ? null : h('p', { class: 'muted', text: t('schedules.due.none') }),
        h('div', { class: 'actions' }, linkButton(t('schedules.due.manage'), '#/schedules')));
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  return section;
}

// How a schedule reads wherever it is shown: its state as a badge, when it is due in words, its pair.
import { dayText } from '../findings/common.js';
import { t } from '../i18n.js';
import { buildingLabel } from '../spaces/places.js';
import { badge } from '../ui/components.js';

const BADGES = { overdue: 'danger', due_soon: 'warning', scheduled: 'ok', paused: 'muted' };

export function stateBadge(schedule) {
  return badge(t(`schedules.states.${schedule.state}`), BADGES[schedule.state]);
}

/** "Overdue by 3 days: it was due Mar 10, 2026", "Due today, …", "Due in 12 days, …"; paused: why. */
export function dueText(schedule) {
  if (schedule.due_on == null) return t('schedules.paused');
  const date = dayText(schedule.due_on);
  const days = schedule.days_left;
  if (days < 0) return t('schedules.due.overdueBy', { count: -days, date });
  if (days === 0) return t('schedules.due.dueToday', { date });
  return t('schedules.due.dueIn', { count: days, date });
}

export function lastText(schedule) {
  return schedule.last_audit ? t('schedules.due.last', { date: dayText(schedule.last_audit.submitted_on) })
    : t('schedules.due.never');
}

export function everyText(months) {
  return t('schedules.interval.months', { count: months });
}

export function pairWords(schedule) {
  return { checklist: schedule.checklist.title, building: buildingLabel(schedule.building) };
}

/** The planning screen, filled in from the schedule ("Plan this audit"). */
export function planHref(schedule) {
  return `#/audits/new?schedule=${encodeURIComponent(schedule.id)}`;
}

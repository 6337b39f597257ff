// Home: the sections of each of the user's roles, each shown once.
import { communityHomeSection } from '../community/summary.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { adminSection } from '../home/admin.js';
import { buildingsSection } from '../home/buildings.js';
import { findingsSection } from '../home/findings.js';
import { overviewSection } from '../home/overview.js';
import { auditsSection, itemsSection } from '../home/work.js';
import { session } from '../session.js';
import { dueSection } from '../schedules/due-list.js';
import { roleNames } from '../shell.js';
import { emptyState, pageHeading } from '../ui/components.js';

export function render({ user, setTitle }) {
  setTitle(t('home.title'));
  const roles = new Set(user.roles);
  const sections = [];
  // The person's own work first, then figures, then administration.
  if (roles.has('auditor')) sections.push(auditsSection());
  if (roles.has('facilities')) sections.push(itemsSection());
  if (roles.has('admin') || roles.has('committee')) sections.push(findingsSection());
  if (session.can('schedule.read')) sections.push(dueSection());
  if (session.can('community.read')) sections.push(communityHomeSection());
  if (roles.has('admin') || roles.has('committee')) sections.push(overviewSection(user));
  if (roles.has('admin')) sections.push(adminSection());
  if (roles.has('auditor') || roles.has('facilities')) sections.push(buildingsSection());

  return h('div', { class: 'home' },
    pageHeading(t('home.greeting', { name: user.name || user.email })),
    h('p', { class: 'lead', text: roles.size ? t('home.roles', { roles: roleNames(user.roles), count: roles.size }) : t('home.noRoleLead') }),
    sections.length ? sections : emptyState(t('home.noRole.title'), t('home.noRole.text'), 2));
}

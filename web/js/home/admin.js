// Where an administrator's work starts: people, places, the import of places and the public progress page.
import { h } from '../dom.js';
import { t } from '../i18n.js';

const TASKS = [
  { href: '#/users', key: 'users' },
  { href: '#/spaces', key: 'spaces' },
  { href: '#/import', key: 'import' },
  { href: '#/progress', key: 'progress' },
];

export function adminSection() {
  return h('section', { class: 'section', 'aria-labelledby': 'admin-heading' },
    h('h2', { id: 'admin-heading', text: t('home.admin.title') }),
    h('ul', { class: 'tasks' }, TASKS.map((task) =>
      h('li', {}, h('a', { class: 'task', href: task.href },
        h('span', { class: 'task__title', text: t(`home.admin.${task.key}.title`) }),
        h('span', { class: 'task__text', text: t(`home.admin.${task.key}.text`) }))))));
}

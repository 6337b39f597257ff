// Figures about the registry of places (and people, for administrators), read from the API.
import { api } from '../api.js';
import { h } from '../dom.js';
import { formatNumber, t } from '../i18n.js';
import { fill, loadError, loading } from '../ui/components.js';

async function total(path) {
  const page = await api.get(path, { limit: 1 });
  return page.total;
}

export function overviewSection(user) {
  const isAdmin = user.verbs.includes('user.manage');
  const body = h('div', {}, loading());
  const section = h('section', { class: 'section', 'aria-labelledby': 'overview-heading' },
    h('h2', { id: 'overview-heading', text: t('home.overview.title') }), body);

  const load = async () => {
    try {
      const figures = [
        ['campuses', '/api/campuses', null],
        ['buildings', '/api/buildings', null],
        ['spaces', '/api/spaces', '#/spaces'],
      ];
      if (isAdmin) figures.push(['users', '/api/users', '#/users']);
      const counts = await Promise.all(figures.map(([, path]) => total(path)));
      fill(body, h('dl', { class: 'figures' }, figures.map(([key, , link], index) =>
        h('div', { class: 'figure' },
          h('dt', { class: 'figure__label' }, link ? h('a', { href: link, text: t(`home.overview.${key}`) }) : t(`home.overview.${key}`)),
          h('dd', { class: 'figure__value', text: formatNumber(counts[index]) })))));
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  return section;
}

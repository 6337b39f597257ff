// The public progress page's controls: administrators turn the page on and off (it is off until they do); the
// committee sees the before and after pairs it has published (publishing itself is on a verified finding's
// page). Online only: what the public sees is decided on the server, now.
import { api, request } from '../api.js';
import { h } from '../dom.js';
import { errorMessage } from '../errors.js';
import { findingHref } from '../findings/work.js';
import { when } from '../findings/common.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { session } from '../session.js';
import { button, fill, loadError, loading, notice, pageHeading } from '../ui/components.js';

const ADDRESS = '/progress';

function publicLink() {
  return h('a', { href: ADDRESS, target: '_blank', rel: 'noopener', text: t('progress.open') });
}

function switchSection() {
  const body = h('div', {}, loading());
  const status = h('p', { role: 'status', class: 'progress-switch__done' });

  const draw = (state) => {
    const toggle = button(t(state.enabled ? 'progress.turnOff' : 'progress.turnOn'), {
      variant: state.enabled ? 'secondary' : 'primary',
      onclick: async () => {
        toggle.disabled = true;
        try {
          const next = await request('PUT', '/api/progress/settings', { json: { enabled: !state.enabled } });
          draw(next);
          status.textContent = t(next.enabled ? 'progress.turnedOn' : 'progress.turnedOff');
          announce(status.textContent);
        } catch (error) {
          toggle.disabled = false;
          fill(status, notice(errorMessage(error), 'error'));
        }
      },
    });
    fill(body,
      h('p', { class: 'progress-switch__state', text: t(state.enabled ? 'progress.on' : 'progress.off') }),
      state.changed_by ? h('p', { class: 'muted', text: t('progress.changed', { when: when(state.changed_at), name: state.changed_by.name }) }) : null,
      h('p', {}, h('strong', { text: `${t('progress.address')}: ` }), h('code', { text: `${window.location.origin}${ADDRESS}` })),
      h('div', { class: 'actions' }, toggle, state.enabled ? publicLink() : null));
  };

  const load = async () => {
    try {
      draw(await api.get('/api/progress/settings'));
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  return h('section', { class: 'section progress-switch', 'aria-labelledby': 'progress-switch-heading' },
    h('h2', { id: 'progress-switch-heading', text: t('progress.switchTitle') }), body, status);
}

function publication(item) {
  const key = item.published ? 'progress.publications.published' : 'progress.publications.withdrawn';
  return h('li', { class: 'card' },
    h('p', {}, h('a', { href: findingHref(item.finding.id), text: item.finding.title })),
    h('p', { class: 'muted', text: `${item.building.code} · ${item.building.name}` }),
    h('p', { text: t(key, { when: when(item.changed_at) }) }));
}

function publicationsSection() {
  const body = h('div', {}, loading());
  const load = async () => {
    try {
      const { items } = await api.get('/api/progress/publications');
      fill(body, items.length ? h('ul', { class: 'finding-list' }, items.map(publication))
        : h('p', { class: 'empty', text: t('progress.publications.none') }));
    } catch (error) {
      fill(body, loadError(error, load));
    }
  };
  load();
  return h('section', { class: 'section', 'aria-labelledby': 'publications-heading' },
    h('h2', { id: 'publications-heading', text: t('progress.publications.title') }),
    h('p', { text: t('progress.publications.lead') }), body);
}

export function render({ setTitle }) {
  setTitle(t('progress.title'));
  const admin = session.can('progress.manage');
  const committee = session.can('progress.publish');
  return h('div', { class: 'progress-page' },
    pageHeading(t('progress.title')),
    h('p', { class: 'lead', text: t('progress.lead') }),
    admin ? switchSection() : null,
    committee ? h('p', {}, t('progress.committeeLead'), ' ', publicLink()) : null,
    committee ? publicationsSection() : null);
}

// Submitting an audit: check completeness on the phone (shown, unanswered items in spaces not skipped), list
// what is missing with a link to each item, and ask for confirmation inline (no modal to trap focus in).
// The server checks again; its 422 audit_incomplete is shown the same way.
import { langOf } from '../checklists/localize.js';
import { h } from '../dom.js';
import { t } from '../i18n.js';
import { announce } from '../live.js';
import { transition } from '../store/walk.js';
import { button, fill, notice } from '../ui/components.js';
import { isBusy, whileBusy } from '../ui/submit.js';
import { findItem, unansweredItems, unrecordedFindings } from '../walk/rules.js';
import { spaceLabel, walkHref } from './common.js';

/** [{spaceId, itemId}] as links grouped under their space's name, in walking order. */
function groupedLinks(state, list) {
  return state.audit.spaces.filter((space) => list.some((m) => m.spaceId === space.id)).map((space) =>
    h('div', { class: 'missing-group' },
      h('h4', { text: spaceLabel(space) }),
      h('ul', { class: 'missing-list' }, list.filter((m) => m.spaceId === space.id).map((m) => {
        const item = findItem(state.checklist, m.itemId)?.item;
        return h('li', {}, h('a', { href: walkHref(state.audit.id, space.id, m.itemId), text: item?.prompt || m.itemId, lang: langOf(item, 'prompt') }));
      }))));
}

function warnings(state) {
  const raised = unrecordedFindings(state);
  if (!raised.length) return null;
  return h('div', { class: 'notice' },
    h('p', { text: t('audits.submit.unrecorded', { count: raised.length }) }), groupedLinks(state, raised));
}

export function submitSection(getState) {
  const body = h('div', {});
  const section = h('section', { class: 'section', 'aria-labelledby': 'submit-heading' },
    h('h2', { id: 'submit-heading', text: t('audits.submit.title') }), body);

  const heading = (text) => h('h3', { class: 'submit-result', tabindex: '-1', text });

  function idle(focus = false) {
    const start = button(t('audits.submit.check'), { onclick: check });
    fill(body, h('p', { text: t('audits.submit.intro') }), h('div', { class: 'actions' }, start));
    if (focus) start.focus();
  }

  function showMissing(missing, fromServer = false) {
    const state = getState();
    const title = heading(t('audits.submit.missing', { count: missing.length }));
    fill(body,
      title,
      h('p', { text: t(fromServer ? 'audits.submit.missingServer' : 'audits.submit.missingText') }),
      groupedLinks(state, missing),
      warnings(state),
      h('div', { class: 'actions' }, button(t('audits.submit.again'), { variant: 'secondary', onclick: check })));
    title.focus();
    announce(title.textContent, { assertive: true });
  }

  function confirm() {
    const state = getState();
    const title = heading(t('audits.submit.confirmTitle'));
    const error = notice('', 'error', { hidden: true, tabindex: '-1' });
    const yes = button(t('audits.submit.confirm'));
    yes.addEventListener('click', async () => {
      if (isBusy(yes)) return;
      const outcome = await whileBusy(yes, t('audits.submit.submitting'), () => transition(state.audit.id, 'submitted'));
      if (outcome.status === 'held' && outcome.error.code === 'audit_incomplete') {
        return showMissing((outcome.error.details.unanswered || []).map((m) => ({ spaceId: m.space_id, itemId: m.item_id })), true);
      }
      if (outcome.status === 'held') {
        error.textContent = outcome.error.message;
        error.hidden = false;
        return error.focus();
      }
      announce(t(outcome.status === 'waiting' ? 'audits.submit.kept' : 'audits.submit.done'));
    });
    fill(body, title, h('p', { text: t('audits.submit.confirmText') }), warnings(state), error,
      h('div', { class: 'actions' }, yes, button(t('common.cancel'), { variant: 'secondary', onclick: () => idle(true) })));
    title.focus();
  }

  function check() {
    const missing = unansweredItems(getState());
    if (missing.length) showMissing(missing);
    else confirm();
  }

  idle();
  return { root: section };
}

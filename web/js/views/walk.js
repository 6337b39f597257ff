// The walk of one space: every shown item of the checklist as a card, conditions applied live, findings in
// place, skipping the space, and the way to the previous and next space.
//
// The first space a page opens is drawn from the audit as the server sent it while the device's store is still
// on its way (walk/device.js), its controls disabled until the store has arrived and taken over the drawing.
import { api, auditAddress } from '../api.js';
import { auditHref, canWalk, itemsText, onLeave, remember, spaceLabel, walkHref } from '../audits/common.js';
import { langOf, localized } from '../checklists/localize.js';
import { h, holdBackground, nextLargestPaint } from '../dom.js';
import { label, t } from '../i18n.js';
import { announce } from '../live.js';
import { outboxEmpty } from '../store/db.js';
import { fromServer } from '../store/state.js';
import { backLink, button, fill, loadError, loading, notice, pageHeading } from '../ui/components.js';
import { itemCardWhenShown } from '../walk/card.js';
import { store, whenStore } from '../walk/device.js';
import { freeFindings } from '../walk/finding-form.js';
import { findItem, isAnswered, raisesFinding, spaceProgress } from '../walk/rules.js';
import { skipSection } from '../walk/skip.js';

const kindName = (kind) => label('space_kinds', kind, kind);

function spaceNav(audit, index) {
  const before = audit.spaces[index - 1];
  const after = audit.spaces[index + 1];
  return h('nav', { class: 'space-nav', 'aria-label': t('walk.navLabel') },
    before ? h('a', { class: 'btn btn--secondary space-nav__prev', href: walkHref(audit.id, before.id) },
      h('span', { class: 'visually-hidden', text: t('walk.previousHidden') }), t('walk.previous', { space: spaceLabel(before) })) : null,
    after ? h('a', { class: 'btn btn--primary space-nav__next', href: walkHref(audit.id, after.id) },
      h('span', { class: 'visually-hidden', text: t('walk.nextHidden') }), t('walk.next', { space: spaceLabel(after) }))
      : h('a', { class: 'btn btn--primary space-nav__next', href: auditHref(audit.id), text: t('walk.finish') }));
}

/** Findings of this space whose item is now hidden or whose answer no longer raises them. */
function staleFindings(state, space) {
  const { shown, answers } = spaceProgress(state, space);
  return [...state.findings.values()].filter((finding) => {
    if (finding.space_id !== space.id || !finding.item_id) return false;
    const found = findItem(state.checklist, finding.item_id);
    return !found || !shown.has(finding.item_id) || !raisesFinding(found.item, answers.get(finding.item_id));
  });
}

/**
 * The card "Next unanswered" moves to: the next shown, unanswered card after the one last worked on (focus was
 * in it), or from the first card in view (itself included) when there is none yet; it wraps to the top; null
 * when every shown card is answered.
 */
function nextUnanswered(cards, answers, worked, line) {
  const open = (card) => !card.root.hidden && !isAnswered(answers.get(card.item.id));
  const below = line.getBoundingClientRect().bottom;
  const inView = cards.findIndex((card) => !card.root.hidden && card.root.getBoundingClientRect().bottom > below);
  const from = worked ? cards.indexOf(worked) + 1 : Math.max(inView, 0);
  return cards.slice(from).find(open) || cards.slice(0, from).find(open) || null;
}

// The audit as the server sent it, to draw the space from before the store arrives: only when nothing of this
// device's waits to be sent (a change in the outbox would be missing from the drawing; the store shows it).
// {data} alone when it cannot be drawn from (the store takes the answer rather than asking again); null
// without one (offline, a refusal), which the store's own read then meets.
async function serverCopy(id) {
  const [data, empty] = await Promise.all([
    api.get(auditAddress(id, true)).catch(() => null),
    outboxEmpty().catch(() => false),
  ]);
  if (!data) return null;
  const { checklist_content: checklist, ...audit } = data;
  if (!empty || !checklist) return { data };
  return { data, state: { ...fromServer(audit), checklist: localized(checklist) } };
}

// A module that failed to load is never fetched again by the page (the browser keeps the failure): only a
// reload, once connected, brings the store.
function storeMissing() {
  announce(t('walk.noStore'), { assertive: true });
  return h('div', { class: 'notice notice--error' }, h('p', { text: t('walk.noStore') }),
    button(t('common.retry'), { variant: 'secondary', onclick: () => window.location.reload() }));
}

function walkPage(state, space, { onAnswered, waiting }) {
  const { audit, checklist } = state;
  const index = audit.spaces.findIndex((s) => s.id === space.id);
  const readOnly = !canWalk(audit);
  const ctx = { auditId: audit.id, spaceId: space.id, readOnly, onAnswered };
  const cards = [];
  const sections = checklist.sections.map((section) => {
    const own = section.items.map((item) => itemCardWhenShown(item, ctx));
    cards.push(...own);
    return {
      own,
      root: h('section', { class: 'walk-section', 'aria-labelledby': `section-${section.id}` },
        h('h2', { id: `section-${section.id}`, text: section.title, lang: langOf(section, 'title') }),
        section.description ? h('p', { class: 'muted', text: section.description, lang: langOf(section, 'description') }) : null,
        own.map((card) => card.root)),
    };
  });
  const progress = h('p', { class: 'walk-progress' });
  // The progress line stays at the top of the screen while the person scrolls, with the way to the next
  // question still to answer.
  const toNext = readOnly ? null : button(t('walk.nextUnanswered'), { variant: 'secondary', class: 'walk-bar__next' });
  const bar = h('div', { class: 'walk-bar' }, progress, toNext);
  let latest = null;
  let worked = null;
  toNext?.addEventListener('click', () => {
    const target = latest && nextUnanswered(cards, latest.answers, worked, bar);
    if (target) target.focus();
    else announce(t('walk.allAnswered'));
  });
  const skip = skipSection({ auditId: audit.id, space, readOnly });
  const free = freeFindings({ auditId: audit.id, spaceId: space.id, readOnly });
  const items = h('div', { class: 'walk-items' }, sections.map((s) => s.root), free.root);
  items.addEventListener('focusin', (event) => {
    worked = cards.find((card) => card.root.contains(event.target)) || worked;
  });

  // Everything that changes the audit, disabled while the store is on its way (see serverCopy).
  const work = h('fieldset', { class: 'walk-work', disabled: Boolean(waiting), 'aria-busy': waiting ? 'true' : null },
    bar,
    audit.status === 'submitted' ? notice(t('walk.submitted'), 'success') : null,
    readOnly && audit.status !== 'submitted' ? notice(t('audits.notOnTeam'), 'info') : null,
    skip.root,
    items);
  const nodes = [
    backLink(t('walk.back', { title: audit.title }), auditHref(audit.id)),
    pageHeading(spaceLabel(space)),
    h('p', { class: 'walk-meta', text: t('walk.meta', { n: index + 1, count: audit.spaces.length, floor: space.floor, kind: kindName(space.kind) }) }),
    work,
    spaceNav(audit, index),
  ];

  function sync(next) {
    const current = next.audit.spaces.find((s) => s.id === space.id);
    const state = spaceProgress(next, current);
    latest = state;
    progress.textContent = itemsText(state);
    if (toNext) toNext.hidden = Boolean(current.skipped) || state.answered === state.total;
    skip.sync(current);
    items.hidden = Boolean(current.skipped);
    for (const card of cards) card.sync(next, state.shown.has(card.item.id), state.answers);
    for (const section of sections) section.root.hidden = section.own.every((card) => card.root.hidden);
    free.sync(next);
  }
  const ready = () => {
    work.disabled = false;
    work.removeAttribute('aria-busy');
  };
  // The store could not be fetched: the drawing stays, its controls disabled, with what to do.
  const stranded = () => work.before(storeMissing());
  return { nodes, cards, sync, ready, stranded, status: audit.status };
}

export function render({ params, query, setTitle }) {
  setTitle(t('walk.loading'));
  const back = () => backLink(t('audits.backToAudit'), auditHref(params.id));
  const root = h('div', { class: 'walk' }, back(), pageHeading(t('walk.loading')), loading());
  // Wherever the person is working is where "Continue where you left off" brings them back to.
  root.addEventListener('focusin', (event) => {
    const card = event.target.closest('.item-card');
    if (card) remember(params.id, params.spaceId, card.dataset.item);
  });

  const onAnswered = (item) => {
    remember(params.id, params.spaceId, item.id);
    const { audits, walk } = store();
    const state = audits.view(params.id);
    const space = state.audit.spaces.find((s) => s.id === params.spaceId);
    for (const finding of staleFindings(state, space)) {
      walk.withdrawFinding(params.id, finding.id);
      announce(t('findings.withdrawnByAnswer', { title: finding.title }), { assertive: true });
    }
  };

  const show = (state, focusItem, waiting = false) => {
    const space = state.audit.spaces.find((s) => s.id === params.spaceId);
    if (!space) {
      fill(root, back(), pageHeading(t('walk.noSpace')), notice(t('walk.noSpaceText'), 'error'));
      return null;
    }
    setTitle(spaceLabel(space));
    const page = walkPage(state, space, { onAnswered, waiting });
    fill(root, page.nodes);
    page.sync(state);
    const target = focusItem && page.cards.find((card) => card.item.id === focusItem && !card.root.hidden);
    if (target) target.focus();
    else remember(params.id, params.spaceId, null);
    return page;
  };

  let left = false;
  let stop = () => {};
  onLeave(() => {
    left = true;
    stop();
  });

  // Drawn from the server's copy first when the store is not here yet, then handed to the store.
  const load = async () => {
    const first = store() ? null : await serverCopy(params.id);
    if (left) return;
    // The store and the offline copy come once this drawing has reached the screen: their forty modules and
    // reads, started before, held its paint back.
    if (first?.state) holdBackground(nextLargestPaint(root));
    let page = first?.state ? show(first.state, query.get('item'), true) : null;
    let modules;
    try {
      modules = await whenStore();
    } catch (error) {
      if (page) page.stranded();
      else fill(root, back(), pageHeading(t('walk.notLoaded')), storeMissing());
      return;
    }
    try {
      const state = await modules.load.openAudit(params.id, first?.data);
      if (left) return;
      // Photo answers an earlier version of the app kept on this phone only go out now.
      if (canWalk(state.audit)) modules.walk.sendKeptAnswerPhotos(params.id);
      if (page && page.status === state.audit.status) page.sync(state);
      else page = show(state, page ? null : query.get('item'));
      page?.ready();
      let status = state.audit.status;
      const redraw = modules.audits.coalesced(() => {
        if (left || !page) return;
        const next = modules.audits.view(params.id);
        // Submitted elsewhere (or a refused submission undone): the whole screen changes its mode.
        if (next.audit.status !== status && [status, next.audit.status].includes('submitted')) {
          status = next.audit.status;
          page = show(next, null);
          page?.ready();
        } else {
          status = next.audit.status;
          page.sync(next);
        }
      });
      stop = modules.audits.subscribe((event) => {
        if (event.type === 'audit' && event.id === params.id) redraw();
      });
    } catch (error) {
      fill(root, back(), pageHeading(t('walk.notLoaded')), loadError(error, load));
    }
  };
  load();
  return root;
}

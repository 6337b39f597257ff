// The walk of one space: every shown item of the checklist as a card, conditions applied live, findings in
// place, skipping the space, and the way to the previous and next space.
import { auditHref, canWalk, itemsText, onLeave, remember, spaceLabel, walkHref } from '../audits/common.js';
import { langOf } from '../checklists/localize.js';
import { h } from '../dom.js';
import { label, t } from '../i18n.js';
import { announce } from '../live.js';
import { coalesced, subscribe, view } from '../store/audits.js';
import { openAudit } from '../store/load.js';
import { sendKeptAnswerPhotos, withdrawFinding } from '../store/walk.js';
import { backLink, button, fill, loadError, loading, notice, pageHeading } from '../ui/components.js';
import { itemCard } from '../walk/card.js';
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

function walkPage(state, space, { onAnswered }) {
  const { audit, checklist } = state;
  const index = audit.spaces.findIndex((s) => s.id === space.id);
  const readOnly = !canWalk(audit);
  const ctx = { auditId: audit.id, spaceId: space.id, readOnly, onAnswered };
  const cards = [];
  const sections = checklist.sections.map((section) => {
    const own = section.items.map((item) => itemCard(item, ctx));
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

  const nodes = [
    backLink(t('walk.back', { title: audit.title }), auditHref(audit.id)),
    pageHeading(spaceLabel(space)),
    h('p', { class: 'walk-meta', text: t('walk.meta', { n: index + 1, count: audit.spaces.length, floor: space.floor, kind: kindName(space.kind) }) }),
    bar,
    audit.status === 'submitted' ? notice(t('walk.submitted'), 'success') : null,
    readOnly && audit.status !== 'submitted' ? notice(t('audits.notOnTeam'), 'info') : null,
    skip.root,
    items,
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
  return { nodes, cards, sync };
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
    const state = view(params.id);
    const space = state.audit.spaces.find((s) => s.id === params.spaceId);
    for (const finding of staleFindings(state, space)) {
      withdrawFinding(params.id, finding.id);
      announce(t('findings.withdrawnByAnswer', { title: finding.title }), { assertive: true });
    }
  };

  const show = (state, focusItem) => {
    const space = state.audit.spaces.find((s) => s.id === params.spaceId);
    if (!space) {
      fill(root, back(), pageHeading(t('walk.noSpace')), notice(t('walk.noSpaceText'), 'error'));
      return null;
    }
    setTitle(spaceLabel(space));
    const page = walkPage(state, space, { onAnswered });
    fill(root, page.nodes);
    page.sync(state);
    const target = focusItem && page.cards.find((card) => card.item.id === focusItem && !card.root.hidden);
    if (target) target.focus();
    else remember(params.id, params.spaceId, null);
    return page;
  };

  const load = async () => {
    try {
      const state = await openAudit(params.id);
      // Photo answers an earlier version of the app kept on this phone only go out now.
      if (canWalk(state.audit)) sendKeptAnswerPhotos(params.id);
      let status = state.audit.status;
      let page = show(state, query.get('item'));
      let left = false;
      const redraw = coalesced(() => {
        if (left || !page) return;
        const next = view(params.id);
        // Submitted elsewhere (or a refused submission undone): the whole screen changes its mode.
        if (next.audit.status !== status && [status, next.audit.status].includes('submitted')) {
          status = next.audit.status;
          page = show(next, null);
        } else {
          status = next.audit.status;
          page.sync(next);
        }
      });
      const stop = subscribe((event) => {
        if (event.type === 'audit' && event.id === params.id) redraw();
      });
      onLeave(() => {
        left = true;
        stop();
      });
    } catch (error) {
      fill(root, back(), pageHeading(t('walk.notLoaded')), loadError(error, load));
    }
  };
  load();
  return root;
}

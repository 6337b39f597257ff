// What the kinds of change share: the defaults of a change to an audit, and words for where a change belongs.
import { spaceLabel } from '../../audits/common.js';
import { t } from '../../i18n.js';
import { announce } from '../../live.js';
import { findItem } from '../../walk/rules.js';
import { setPhotoError, setUploaded } from '../photos.js';

/** A record of a change to one thing (id) of an audit, replaced by a newer change to it while not yet tried. */
export const auditRecord = (kind, id, auditId, method, path, body) => ({ kind, key: `${kind}:${id}`, id, auditId, method, path, body });

/**
 * A change to an audit: sent with the base_revision of what it changes (spec.revision), the server's answer
 * kept as the new base (spec.acknowledge), and on a conflict the server's copy wins (spec.takeCurrent): only
 * planners change a plan, and they see it at once. Kinds that merge field by field give their own conflict.
 */
export function auditKind(spec) {
  return {
    prepare(record, ctx) {
      const revision = spec.revision ? spec.revision(ctx.base(record.auditId), record) : undefined;
      return revision ? { ...record.body, base_revision: revision } : record.body;
    },
    sent(record, data, ctx) {
      if (spec.acknowledge) spec.acknowledge(ctx.base(record.auditId), record, data);
      ctx.saved(record.auditId);
    },
    conflict(record, current, ctx) {
      if (spec.takeCurrent) spec.takeCurrent(ctx.base(record.auditId), current);
      ctx.saved(record.auditId);
      announce(t('sync.conflict'), { assertive: true });
      return null;
    },
    ...spec,
  };
}

/** A change to a photo: the server's Photo is kept with it, and a refusal is shown at the photo. */
export function photoKind(spec) {
  return {
    sent(record, data, ctx) {
      if (data) setUploaded(record.id, data);
      ctx.emit({ type: 'photo', id: record.id });
    },
    conflict: () => ({ kind: 'refused' }),
    held(record, message) {
      setPhotoError(record.id, message);
    },
    ...spec,
  };
}

export function spaceOf(state, spaceId) {
  const space = state && state.audit && (state.audit.spaces || []).find((one) => one.id === spaceId);
  return space ? spaceLabel(space) : '';
}

export function itemTitle(state, itemId) {
  const found = state && state.checklist && itemId ? findItem(state.checklist, itemId) : null;
  return found ? found.item.prompt : itemId || '';
}

export const auditTitle = (state) => (state && state.audit && state.audit.title) || '';

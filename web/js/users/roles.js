// The four roles, in the order people meet them, with their names from the catalogue.
import { label, t } from '../i18n.js';
import { LISTS } from '../vocabulary.js';

export const ROLES = LISTS.roles;

export function roleOptions() {
  return ROLES.map((role) => ({ value: role, label: label('roles', role) }));
}

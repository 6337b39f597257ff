// The four roles, in the order people meet them, with their names from the catalogue.
import { t } from '../i18n.js';

export const ROLES = ['admin', 'auditor', 'facilities', 'committee'];

export function roleOptions() {
  return ROLES.map((role) => ({ value: role, label: t(`roles.${role}`) }));
}

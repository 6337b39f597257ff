// English: every word the app shows, in files by what they are about. Another language is a folder of the
// same files with the same keys (tests/unit/test_catalogues.py checks keys, placeholders and plural forms).
// Plurals are objects keyed by Intl.PluralRules categories ({one, other}); {name} fills a placeholder.
//
// Two parts, so a first visit downloads only the words its screen shows (the login screen; see i18n.js):
// the default export is the frame of every screen and the screens of people not logged in; rest() fetches the
// other files, once, before the first screen of someone logged in is drawn (its files are preloaded by the
// page for a logged-in visit: server/http/shell.py reads the import() calls below, so keep them literal).
import app from './app.js';
import people from './people.js';

export default { ...app, ...people };

export async function rest() {
  const [home, sites, audits, community, findings, review, vocab] = (await Promise.all([
    import('./home.js'), import('./sites.js'), import('./audits.js'), import('./community.js'), import('./work.js'),
    import('./reports.js'), import('./vocabulary.js'),
  ])).map((module) => module.default);
  return { ...home, ...sites, ...audits, community, ...findings, ...review, vocab };
}

// Spanish: every word the app shows, in files by what they are about, with the same files and keys as en/.
// Plurals are objects keyed by Intl.PluralRules('es') categories ({one, many, other}); {name} fills a placeholder.
// The same two parts as en/index.js: the frame and the screens before logging in, then rest() once logged in.
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

// Spanish: every word the app shows, in files by what they are about, with the same files and keys as en/.
// Plurals are objects keyed by Intl.PluralRules('es') categories ({one, many, other}); {name} fills a placeholder.
import app from './app.js';
import audits from './audits.js';
import community from './community.js';
import home from './home.js';
import people from './people.js';
import progress from './progress.js';
import reports from './reports.js';
import schedules from './schedules.js';
import sites from './sites.js';
import sync from './sync.js';
import vocab from './vocabulary.js';
import walk from './walk.js';
import work from './work.js';

export default { ...app, ...people, ...home, ...sites, ...sync, ...audits, ...walk, community, progress, reports, schedules, work, vocab };

// English: every word the app shows, in files by what they are about. Another language is a folder of the
// same files with the same keys (tests/unit/test_catalogues.py checks keys, placeholders and plural forms).
// Plurals are objects keyed by Intl.PluralRules categories ({one, other}); {name} fills a placeholder.
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

// Each role's home screen.
export default {
  home: {
    title: 'Home',
    greeting: 'Hello, {name}',
    roles: { one: 'You work here as {roles}.', other: 'You work here as {roles}.' },
    noRoleLead: 'Your account has no role yet.',
    noRole: {
      title: 'Nothing to show yet',
      text: 'An administrator gives each account one or more roles: auditor, facilities, committee or administrator. Ask yours to add the role you need.',
    },
    audits: {
      title: 'Your audits',
      emptyTitle: 'No audits to walk',
      emptyText: 'Audits you plan, or whose team you are on, appear here with their checklist and progress until they are submitted.',
      plan: 'Plan an audit',
      all: 'All audits',
    },
    items: {
      title: 'Items to remedy',
      emptyTitle: 'No items assigned to you',
      emptyText: 'When a committee asks facilities to remove, relocate or re-caption something, the item appears here with its photo and location.',
      more: { one: '1 more in My items.', other: '{count} more in My items.' },
      all: 'All my items',
    },
    findings: {
      title: 'Findings to act on',
      triage: 'To triage',
      assign: 'To assign',
      verification: 'To verify',
      overdue: 'Overdue',
      all: 'All findings',
    },
    overview: {
      title: 'The registry at a glance',
      campuses: 'Campuses',
      buildings: 'Buildings',
      spaces: 'Spaces',
      users: 'Users',
    },
    admin: {
      title: 'Administration',
      users: { title: 'Users and roles', text: 'Add people, give them roles, send set-password links, disable accounts.' },
      spaces: { title: 'Buildings and spaces', text: 'Find, add and correct the rooms and places that audits cover.' },
      import: { title: 'Import from a spreadsheet', text: 'Load many buildings and spaces at once from a CSV file.' },
      progress: { title: 'Public progress page', text: 'Turn on or off the public page of what the committee found and fixed, in aggregate.' },
    },
    buildings: {
      title: 'Buildings',
      intro: 'Every building in the registry, with how many spaces it holds.',
      spaces: { one: '1 space', other: '{count} spaces' },
      noBuildings: 'No buildings on this campus yet.',
      emptyTitle: 'No buildings yet',
      emptyText: 'An administrator adds campuses, buildings and spaces, or imports them from a CSV file.',
    },
  },
};

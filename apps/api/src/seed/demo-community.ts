/**
 * The people of the demo community (DESIGN.md): a writer whose post spreads,
 * the sharers who carry it, a connector and the people she introduces, and
 * a wider community of readers.
 */
export interface DemoPerson {
  handle: string;
  name: string;
  headline: string;
  bio: string;
  links?: { label: string; url: string }[];
  phone?: string;
}

export const DEMO_PASSWORD = 'ripple-demo';
export const DEMO_SIGN_IN = { email: 'sarah@demo.ripple.community', password: DEMO_PASSWORD };
/** The share whose ripple the landing page draws: the demo member's share of Maya's post (demo-story.ts). */
export const DEMO_FEATURED_TITLE = 'Awkward Moments Experiment';

export const CAST: DemoPerson[] = [
  {
    handle: 'sarah',
    name: 'Sarah Okafor',
    headline: 'Community lead, shares what is worth reading',
    bio: 'I run a reading circle for people who build communities. I share the pieces that change how I work.',
    links: [{ label: 'Newsletter', url: 'https://example.org/sarah-reads' }],
    phone: '+44 20 7946 0011',
  },
  {
    handle: 'maya_writes',
    name: 'Maya Lindqvist',
    headline: 'Writer; author of "Awkward Moments Experiment"',
    bio: 'I write about the small social risks that turn strangers into friends.',
    links: [{ label: 'Blog', url: 'https://example.org/maya' }],
  },
  {
    handle: 'julien',
    name: 'Julien Moreau',
    headline: 'Essayist on belonging and work',
    bio: 'Wrote, on the same day as Maya, that awkwardness is the price of closeness.',
    links: [{ label: 'Essays', url: 'https://example.org/julien' }],
  },
  {
    handle: 'chris',
    name: 'Chris Adeyemi',
    headline: 'Product designer, reads Julien religiously',
    bio: 'Designing tools for small groups.',
  },
  {
    handle: 'amara',
    name: 'Amara Nwosu',
    headline: 'Connector: five introductions a week',
    bio: 'I introduce people who should know each other, with their permission first.',
    links: [{ label: 'Office hours', url: 'https://example.org/amara' }],
    phone: '+1 415 555 0134',
  },
  { handle: 'leo', name: 'Leo Park', headline: 'Founder, climate data', bio: 'Looking for a data engineer who cares.' },
  { handle: 'priya', name: 'Priya Raman', headline: 'Data engineer', bio: 'Pipelines, maps and long walks.' },
  { handle: 'tomas', name: 'Tomás Herrera', headline: 'Investor, seed stage', bio: 'Met Amara at a meetup in 2019.' },
  { handle: 'ines', name: 'Inès Dubois', headline: 'Researcher, social networks', bio: 'Cascades, virality and why most things do not spread.' },
  { handle: 'kwame', name: 'Kwame Mensah', headline: 'Community organiser', bio: 'Introduced by Amara last week; now introducing others.' },
];

const FIRST = ['Ada', 'Ben', 'Cleo', 'Dev', 'Elif', 'Finn', 'Gita', 'Hugo', 'Iris', 'Jon', 'Kai', 'Lina', 'Mo', 'Nia', 'Omar', 'Pia', 'Quinn', 'Rosa', 'Sami', 'Tara', 'Uma', 'Vik', 'Wren', 'Xavi', 'Yara', 'Zed'];
const LAST = ['Abbott', 'Bauer', 'Costa'];

/** 78 readers, named deterministically, who follow the writer once the ripple reaches them. */
export const READERS: DemoPerson[] = LAST.flatMap((last) =>
  FIRST.map((first) => ({
    handle: `${first}_${last}`.toLowerCase(),
    name: `${first} ${last}`,
    headline: 'Reader',
    bio: '',
  })),
);

/**
 * Who follows whom among the cast: the paths along which the story travels.
 * Everyone Amara introduces follows her, and Leo follows Kwame: a connector
 * may introduce only people who are connected with them or follow them
 * (introductions/LIFECYCLE.md), and Kwame meets Inès through Amara.
 */
export const CAST_FOLLOWS: [string, string][] = [
  ['sarah', 'maya_writes'],
  ['julien', 'sarah'],
  ['chris', 'julien'],
  ['sarah', 'julien'],
  ['amara', 'sarah'],
  ['sarah', 'amara'],
  ['kwame', 'amara'],
  ['leo', 'amara'],
  ['priya', 'amara'],
  ['ines', 'julien'],
  ['ines', 'amara'],
  ['tomas', 'amara'],
  ['julien', 'amara'],
  ['chris', 'amara'],
  ['leo', 'kwame'],
];

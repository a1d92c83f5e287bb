import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config/config.js';
import type { Viewer } from '../graphql/context.js';
import { follow } from '../people/people.service.js';
import type { PersonEntity } from '../people/person.entity.js';
import { reshare, shareWork, thank } from '../feed/feed.service.js';
import { proposeIntroduction, recordMeeting, respondToIntroduction } from '../introductions/introductions.service.js';
import { DEMO_FEATURED_TITLE, READERS } from './demo-community.js';

/**
 * The story DESIGN.md tells, acted out through the real services (so every
 * rule and every event is the real thing), then dated: each step records
 * when it "happened", and `backdate` moves the rows there afterwards.
 */
export interface Step {
  /** Minutes before now. */
  minutesAgo: number;
  /** The largest event id once the step was done. */
  lastEventId: string;
}

const DAY = 24 * 60;

export async function actOutStory(
  em: EntityManager,
  people: Map<string, PersonEntity>,
  settings: Pick<Config, 'INTRODUCTION_EXPIRY_DAYS' | 'NOT_NOW_DAYS'>,
): Promise<Step[]> {
  const steps: Step[] = [];
  const as = (handle: string): Viewer => ({ person: people.get(handle)!, sessionId: '0' });
  const id = (handle: string) => people.get(handle)!.id;
  const at = async (minutesAgo: number) => {
    const [{ max }] = await em.execute<{ max: string }[]>(`select coalesce(max(id), 0)::text as max from event`);
    steps.push({ minutesAgo, lastEventId: max });
  };
  const introduce = async (connector: string, a: string, b: string, reason: string, minutesAgo: number) => {
    const view = await proposeIntroduction(em, as(connector), { personAId: id(a), personBId: id(b), reason }, settings);
    await at(minutesAgo);
    return view.introduction.id;
  };
  const accept = async (who: string, introductionId: string, minutesAgo: number) => {
    await respondToIntroduction(em, as(who), introductionId, 'ACCEPT', settings);
    await at(minutesAgo);
  };

  // A week ago: Amara introduces Kwame to Inès; they meet.
  const kwameInes = await introduce('amara', 'kwame', 'ines', 'Kwame organises the neighbourhood reading circles Inès is studying.', 8 * DAY);
  await accept('kwame', kwameInes, 8 * DAY - 60);
  await accept('ines', kwameInes, 8 * DAY - 200);
  await recordMeeting(em, as('kwame'), kwameInes, true);
  await at(6 * DAY);

  // Four and three days ago: a broadcast and a chain, about the size of what Maya's post will do.
  await actOutComparisons(em, as, id, at);

  // Two days ago: Amara's five introductions, all turning into calls — one a reconnection.
  const five: [string, string, string][] = [
    ['leo', 'priya', 'Leo needs a data engineer who cares about climate; Priya builds exactly those pipelines.'],
    ['tomas', 'leo', 'Tomás invests at seed stage in climate data; Leo is raising.'],
    ['julien', 'chris', 'Chris reads every essay Julien writes; Julien wants a designer’s eye on his next project.'],
    ['priya', 'ines', 'You both map how ideas spread, one with data, one with interviews.'],
    ['tomas', 'ines', 'You worked together in 2019 and lost touch: time to reconnect.'],
  ];
  let minutesAgo = 2 * DAY;
  for (const [a, b, reason] of five) {
    const introductionId = await introduce('amara', a, b, reason, minutesAgo);
    await accept(a, introductionId, minutesAgo - 30);
    await accept(b, introductionId, minutesAgo - 90);
    await recordMeeting(em, as(a), introductionId, true);
    await at(minutesAgo - 600);
    minutesAgo -= 180;
  }

  // Yesterday: Kwame, whom Amara introduced to Inès, introduces Inès to Leo.
  const inesLeo = await introduce('kwame', 'ines', 'leo', 'Inès studies how climate ideas travel; Leo’s data shows where they land.', DAY + 120);
  await accept('ines', inesLeo, DAY + 100);
  await accept('leo', inesLeo, DAY);

  // Open, for the demo sign-in: Amara asks Sarah to meet Chris.
  await introduce('amara', 'sarah', 'chris', 'Sarah runs the reading circle Chris keeps asking about.', 90);

  // Today: the writer's post travels.
  const url = 'https://example.org/maya/awkward-moments-experiment';
  const start = 6 * 60; // six hours ago
  const sarahShare = await shareWork(em, as('sarah'), {
    url,
    title: DEMO_FEATURED_TITLE,
    note: 'Maya tried being deliberately awkward for a month. Read it; then read Julien, who made the same point today.',
    authorId: id('maya_writes'),
    mentionIds: [id('julien')],
  });
  await at(start);
  const julienReshare = await reshare(em, as('julien'), sarahShare.id, { note: 'We wrote the same thing on the same day. Hers is better.' });
  await at(start - 12);
  const chrisReshare = await reshare(em, as('chris'), julienReshare.id, { note: 'Via Julien: this one is worth your time.' });
  await at(start - 30);
  await thank(em, as('maya_writes'), sarahShare.id);
  await at(start - 31);

  // Within a minute of Chris's reshare, 25 readers follow the writer from it.
  for (const [i, reader] of READERS.slice(0, 25).entries()) {
    await follow(em, as(reader.handle), id('maya_writes'), chrisReshare.eventId);
    await at(start - 30 - (i + 1) / 30);
  }
  // Over the rest of the day, 30 more, from all three cards.
  const sources = [sarahShare.eventId, julienReshare.eventId, chrisReshare.eventId];
  for (const [i, reader] of READERS.slice(25, 55).entries()) {
    await follow(em, as(reader.handle), id('maya_writes'), sources[i % 3]!);
    await at(start - 40 - i * 10);
  }
  return steps;
}

/**
 * Two ripples of about the size of Maya's, so that comparing ripples of the
 * same size says something: a long chain of reshares of Inès's share, three
 * days ago, and a broad broadcast from Kwame's share, four days ago, where
 * readers follow him straight from his card.
 */
async function actOutComparisons(
  em: EntityManager,
  as: (handle: string) => Viewer,
  id: (handle: string) => string,
  at: (minutesAgo: number) => Promise<void>,
): Promise<void> {
  const broadcast = await shareWork(em, as('kwame'), {
    url: 'https://example.org/circles/reading-circles-that-last',
    title: 'Reading circles that last',
    note: 'Ten years of neighbourhood reading circles, and the three habits the lasting ones share.',
    authorName: 'Zora Costa',
  });
  let minutesAgo = 4 * DAY;
  await at(minutesAgo);
  for (const reader of READERS.slice(20, 70)) {
    await follow(em, as(reader.handle), id('kwame'), broadcast.eventId);
    minutesAgo -= 2;
    await at(minutesAgo);
  }

  let link = await shareWork(em, as('ines'), {
    url: 'https://example.org/research/why-most-things-do-not-spread',
    title: 'Why most things do not spread',
    note: 'The cascades that reach far are long chains of people passing it on, not one big broadcast.',
    authorName: 'Rafa Okoye',
  });
  minutesAgo = 3 * DAY;
  await at(minutesAgo);
  for (const [i, reader] of READERS.slice(0, 34).entries()) {
    link = await reshare(em, as(reader.handle), link.id, { note: i === 0 ? 'Passing this on.' : null });
    minutesAgo -= 20;
    await at(minutesAgo);
    // Every other link, someone reading that reshare follows Inès from it.
    if (i % 2 === 1) {
      await follow(em, as(READERS[34 + (i >> 1)]!.handle), id('ines'), link.eventId);
      await at(minutesAgo - 5);
    }
  }
}

/**
 * Moves the story's rows to the times its steps name. The event log is
 * append-only; only this seed, on an empty database, lifts that for its
 * own rows, inside its own transaction.
 */
export async function backdate(em: EntityManager, steps: Step[]): Promise<void> {
  const values = steps.map((s, i) => `(${i}, ${BigInt(s.lastEventId)}, ${Number(s.minutesAgo)})`).join(', ');
  await em.transactional(async (tx) => {
    await tx.execute(`alter table event disable trigger event_append_only`);
    await tx.execute(
      // A step's events keep their order a millisecond apart. Not by id difference: commit-ordered
      // ids jump by 2^20 between transactions (and by more when another transaction ran meanwhile).
      `with step(n, last_id, minutes_ago) as (values ${values}),
            bounds as (select n, last_id, minutes_ago, coalesce(lag(last_id) over (order by n), 0) as first_id from step),
            placed as (select e.id, b.minutes_ago, row_number() over (partition by b.n order by e.id) as k
                         from event e join bounds b on e.id > b.first_id and e.id <= b.last_id)
       update event e set created_at = now() - make_interval(secs => p.minutes_ago * 60) + make_interval(secs => p.k * 0.001)
         from placed p where e.id = p.id`,
    );
    await tx.execute(`alter table event enable trigger event_append_only`);
    await tx.execute(`update follow f set created_at = e.created_at from event e where e.id = f.event_id`);
    await tx.execute(`update share s set created_at = e.created_at from event e where e.id = s.event_id`);
    await tx.execute(`update share_thanks t set created_at = e.created_at from event e where e.id = t.event_id`);
    await tx.execute(
      `update introduction i set
         created_at = (select min(created_at) from event where subject_introduction_id = i.id),
         connected_at = (select created_at from event where id = i.connected_event_id)`,
    );
    await tx.execute(`update introduction set expires_at = created_at + interval '14 days' where status = 'PENDING'`);
    await tx.execute(`update introduction_party p set asked_at = i.created_at, responded_at = case when p.response is null then null else i.created_at end
                        from introduction i where i.id = p.introduction_id and p.asked_at is not null`);
    await tx.execute(`update notification n set created_at = e.created_at from event e where e.id = n.event_id`);
    // The ripple figures were kept as the events were appended, at the time of acting: build them again for the story's times.
    await tx.execute(`select ripple_rebuild(array(select id from event where cause_id is null))`);
  });
}

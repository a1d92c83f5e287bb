import { describe, expect, it } from 'vitest';
import { fellBehind, itemIdOf, resumable, retryDelayMs, takesSince } from './resume';

const FEED = 'subscription FeedEvents($since: ID) { feedEvents(since: $since) { id } }';

describe('resumable subscriptions', () => {
  it('sends the last received id as `since` on every (re)send', () => {
    const request = resumable({ query: FEED, operationName: 'FeedEvents', variables: { since: 'RXZlbnQ6MQ' } });
    expect(JSON.parse(JSON.stringify(request.payload)).variables).toEqual({ since: 'RXZlbnQ6MQ' });

    request.received({ data: { feedEvents: { id: 'RXZlbnQ6NQ', kind: 'SHARED' } } });
    request.received({ data: { feedEvents: { id: 'RXZlbnQ6Nw', kind: 'RESHARED' } } });
    // What graphql-ws sends when it resubscribes after a reconnect:
    expect(JSON.parse(JSON.stringify({ id: '1', type: 'subscribe', payload: request.payload }))).toEqual({
      id: '1',
      type: 'subscribe',
      payload: { query: FEED, operationName: 'FeedEvents', variables: { since: 'RXZlbnQ6Nw' } },
    });
    expect(request.since).toBe('RXZlbnQ6Nw');
  });

  it('starts at "now" without a cursor and keeps other variables', () => {
    const query = 'subscription R($eventId: ID!, $since: ID) { rippleEvents(eventId: $eventId, since: $since) { id } }';
    const request = resumable({ query, variables: { eventId: 'e1' } });
    expect(request.payload.variables).toEqual({ eventId: 'e1', since: null });
    request.received({ data: { rippleEvents: { id: 'e9' } } });
    expect(request.payload.variables).toEqual({ eventId: 'e1', since: 'e9' });
  });

  it('leaves operations without $since alone', () => {
    const request = resumable({ query: 'subscription { other { id } }', variables: { a: 1 } });
    request.received({ data: { other: { id: 'x' } } });
    expect(request.payload.variables).toEqual({ a: 1 });
    expect(takesSince(FEED)).toBe(true);
  });

  it('ignores results without an item id', () => {
    const request = resumable({ query: FEED });
    request.received({ data: null });
    request.received({});
    request.received({ data: { feedEvents: null } });
    expect(request.since).toBeNull();
    expect(itemIdOf({ notificationAdded: { id: 'n1' } })).toBe('n1');
  });

  it('knows a stream ended for falling behind', () => {
    expect(fellBehind([{ message: 'behind', extensions: { code: 'RATE_LIMITED', resumeAfter: '9' } }])).toBe(true);
    expect(fellBehind([{ message: 'no', extensions: { code: 'UNAUTHENTICATED' } }])).toBe(false);
    expect(fellBehind(new Error('socket'))).toBe(false);
  });

  it('backs off up to ten seconds', () => {
    expect(retryDelayMs(0, () => 0)).toBe(1_000);
    expect(retryDelayMs(3, () => 0)).toBe(8_000);
    expect(retryDelayMs(9, () => 0.999)).toBe(10_499);
  });
});

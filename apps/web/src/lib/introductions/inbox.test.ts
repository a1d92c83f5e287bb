import { describe, expect, it } from 'vitest';
import { affectedBy, answerLabel, characterCount, closeReasonLabel, isSnoozed, orderAsks, statusLabel } from './inbox';

const now = new Date('2025-05-10T12:00:00Z');

describe('orderAsks', () => {
  it('sinks snoozed asks below the others until they come back, soonest first', () => {
    const asks = [
      { id: 'a', snoozedUntil: '2025-05-12T00:00:00Z' },
      { id: 'b', snoozedUntil: null },
      { id: 'c', snoozedUntil: '2025-05-11T00:00:00Z' },
      { id: 'd', snoozedUntil: '2025-05-09T00:00:00Z' }, // back already
    ];
    expect(orderAsks(asks, now).map((a) => a.id)).toEqual(['b', 'd', 'c', 'a']);
    expect(isSnoozed(asks[0]!, now)).toBe(true);
    expect(isSnoozed(asks[3]!, now)).toBe(false);
  });
});

describe('affectedBy', () => {
  it('refetches the lists a change can touch', () => {
    expect(affectedBy('INTRODUCTION_ASKED').lists).toEqual(['ASKED', 'INTRODUCED']);
    expect(affectedBy('CONNECTED').lists).toEqual(['ASKED', 'INTRODUCED', 'CONNECTED']);
    expect(affectedBy('INTRODUCTION_MESSAGE')).toEqual({ lists: [], thread: true });
    expect(affectedBy('SHARED')).toEqual({ lists: [], thread: false });
  });
});

describe('labels', () => {
  it('names statuses and answers in words', () => {
    expect(statusLabel('PENDING')).toBe('Waiting for answers');
    expect(answerLabel(null, null)).toMatch(/^Not asked yet/);
    expect(answerLabel(null, '2025-05-01T00:00:00Z')).toBe('No answer yet');
    expect(answerLabel('NOT_NOW', '2025-05-01T00:00:00Z')).toBe('Not now');
    expect(closeReasonLabel('WITHDRAWN')).toBe('withdrawn by you');
    expect(closeReasonLabel('ALREADY_CONNECTED')).toBe('they were connected by another introduction');
    expect(closeReasonLabel(null)).toBeNull();
  });

  it('counts characters as the API does', () => {
    expect(characterCount('héllo 👋', 1000)).toEqual({ text: '8 of 1,000 characters', over: false });
    expect(characterCount('x'.repeat(1001), 1000).over).toBe(true);
  });
});

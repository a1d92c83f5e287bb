import { describe, expect, it } from 'vitest';
import { EDGE_STYLES, EDGE_TYPES, edgesOf } from './edges';

const sarah = 'sarah';
const julien = 'julien';
const maya = 'maya';
const reader = 'reader';

describe('edgesOf: which people an event joins', () => {
  it('a root share joins the sharer to the credited author', () => {
    expect(edgesOf({ kind: 'SHARED', actor: sarah, subject: maya, subject2: null, causeActor: null })).toEqual([
      { type: 'share', from: sarah, to: maya },
    ]);
  });

  it('a root share of an outside author has no edge', () => {
    expect(edgesOf({ kind: 'SHARED', actor: sarah, subject: null, subject2: null, causeActor: null })).toEqual([]);
  });

  it('a reshare runs from the sharer of what was reshared to the resharer', () => {
    expect(edgesOf({ kind: 'RESHARED', actor: julien, subject: sarah, subject2: null, causeActor: sarah })).toEqual([
      { type: 'reshare', from: sarah, to: julien },
    ]);
  });

  it('a follow made from a card runs from that card’s sharer to the follower, not to the one followed', () => {
    expect(edgesOf({ kind: 'FOLLOWED', actor: reader, subject: maya, subject2: null, causeActor: julien })).toEqual([
      { type: 'follow', from: julien, to: reader },
    ]);
  });

  it('falls back to actor → subject when the cause was the actor’s own act (no loops)', () => {
    // Sarah shares the work of someone she followed: the follow (her own) is the cause.
    expect(edgesOf({ kind: 'SHARED', actor: sarah, subject: maya, subject2: null, causeActor: sarah })).toEqual([
      { type: 'share', from: sarah, to: maya },
    ]);
    expect(edgesOf({ kind: 'FOLLOWED', actor: reader, subject: maya, subject2: null, causeActor: reader })).toEqual([
      { type: 'follow', from: reader, to: maya },
    ]);
  });

  it('mentions and thanks are acts on a person: actor → subject', () => {
    expect(edgesOf({ kind: 'MENTIONED', actor: sarah, subject: julien, subject2: null, causeActor: sarah })).toEqual([
      { type: 'mention', from: sarah, to: julien },
    ]);
    expect(edgesOf({ kind: 'THANKED', actor: maya, subject: sarah, subject2: null, causeActor: sarah })).toEqual([
      { type: 'thanks', from: maya, to: sarah },
    ]);
  });

  it('an introduction joins the connector to both people; the connection joins the two; a meeting too', () => {
    expect(edgesOf({ kind: 'INTRODUCED', actor: 'amara', subject: 'kwame', subject2: 'ines', causeActor: null })).toEqual([
      { type: 'introduction', from: 'amara', to: 'kwame' },
      { type: 'introduction', from: 'amara', to: 'ines' },
    ]);
    expect(edgesOf({ kind: 'CONNECTED', actor: 'kwame', subject: 'ines', subject2: null, causeActor: 'amara' })).toEqual([
      { type: 'connection', from: 'kwame', to: 'ines' },
    ]);
    expect(edgesOf({ kind: 'MET', actor: 'ines', subject: 'kwame', subject2: null, causeActor: 'kwame' })).toEqual([
      { type: 'meeting', from: 'ines', to: 'kwame' },
    ]);
  });

  it('kinds that are never public ripple events draw nothing', () => {
    expect(edgesOf({ kind: 'JOINED', actor: sarah, subject: null, subject2: null, causeActor: null })).toEqual([]);
    expect(edgesOf({ kind: 'UNFOLLOWED', actor: sarah, subject: maya, subject2: null, causeActor: null })).toEqual([]);
  });

  it('gives every type its own line pattern or weight, not only a colour', () => {
    const looks = EDGE_TYPES.map((type) => `${EDGE_STYLES[type].width}|${EDGE_STYLES[type].dash.join(',')}|${EDGE_STYLES[type].cap}`);
    expect(new Set(looks).size).toBe(EDGE_TYPES.length);
    expect(new Set(EDGE_TYPES.map((type) => EDGE_STYLES[type].color)).size).toBe(EDGE_TYPES.length);
  });
});

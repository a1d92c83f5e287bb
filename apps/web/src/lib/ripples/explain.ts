/**
 * A ripple's figures, each with a sentence that says what it means for
 * this ripple, so nobody has to know what "structural virality" is. Pure.
 */
import { plural } from '$lib/people/plural';
import type { RippleFigures } from './figures';
import { formatElapsed } from './timeline';

/** How this ripple's spread compares with ripples of about its size in the community (`Ripple.comparison`). */
export interface RippleComparison {
  /** Share of the compared ripples (0–100) whose structural virality is below this one's. */
  viralityPercentile: number;
  /** How many ripples it was compared with. */
  comparedWith: number;
  sizeFrom: number;
  sizeTo: number;
}

export interface ExplainedFigure {
  key: keyof RippleFigures;
  label: string;
  /** The value as shown. */
  text: string;
  /** The raw value (for tests and tools). */
  value: number | null;
  /** What it means, in a sentence. */
  sentence: string;
}

/** What a structural virality says about the shape: near 2 is one broadcast, higher is person-to-person chains. */
export function viralityShape(virality: number): string {
  if (virality < 2.2) return 'one broadcast: nearly everything came straight from one act';
  if (virality < 4) return 'mostly one broadcast';
  if (virality < 7) return 'a few broadcasts and some chains';
  return 'spread person to person, in long chains';
}

/** "more person-to-person than 80% of the 42 ripples of 40–80 events here". */
export function comparisonSentence(comparison: RippleComparison): string {
  const p = Math.round(comparison.viralityPercentile);
  const range = comparison.sizeFrom === comparison.sizeTo ? `${comparison.sizeFrom.toLocaleString('en')}` : `${comparison.sizeFrom.toLocaleString('en')}–${comparison.sizeTo.toLocaleString('en')}`;
  const others = `the ${plural(comparison.comparedWith, 'ripple')} of ${range} events in this community`;
  if (p >= 50) return `It spread more person to person than ${p}% of ${others}.`;
  return `It was more of a broadcast than ${100 - p}% of ${others}.`;
}

/**
 * Each figure with its sentence. `widestDepth` is the depth of the widest
 * level (0 is the root's), when known.
 */
export function explainFigures(figures: RippleFigures, widestDepth: number | null): ExplainedFigure[] {
  const hops = (n: number) => plural(n, 'hop');
  const rows: ExplainedFigure[] = [
    {
      key: 'size',
      label: 'Size',
      text: figures.size.toLocaleString('en'),
      value: figures.size,
      sentence: figures.size === 1 ? 'Just the first act so far.' : `${plural(figures.size, 'event')}: the first act and everything it led to.`,
    },
    {
      key: 'peopleReached',
      label: 'People reached',
      text: figures.peopleReached.toLocaleString('en'),
      value: figures.peopleReached,
      sentence: `${plural(figures.peopleReached, 'person', 'people')} acted in it or were named by it.`,
    },
    {
      key: 'depth',
      label: 'Depth',
      text: figures.depth.toLocaleString('en'),
      value: figures.depth,
      sentence: figures.depth === 0 ? 'Nothing has passed it on yet.' : `The longest chain: ${hops(figures.depth)} from the first act, each caused by the one before.`,
    },
    {
      key: 'widestLevel',
      label: 'Widest level',
      text: figures.widestLevel.toLocaleString('en'),
      value: figures.widestLevel,
      sentence:
        widestDepth === null || widestDepth === 0
          ? `At most ${plural(figures.widestLevel, 'event')} at the same distance from the start.`
          : `${plural(figures.widestLevel, 'event')} ${widestDepth === 1 ? 'came straight from the first act' : `were ${hops(widestDepth)} from the start`}: its widest point.`,
    },
    {
      key: 'structuralVirality',
      label: 'Structural virality',
      text: figures.structuralVirality.toFixed(2),
      value: figures.structuralVirality,
      sentence: `${figures.structuralVirality.toFixed(1)}: ${viralityShape(figures.structuralVirality)}; long chains of reshares score higher.`,
    },
    {
      key: 'newFollows',
      label: 'New follows',
      text: figures.newFollows.toLocaleString('en'),
      value: figures.newFollows,
      sentence: figures.newFollows === 0 ? 'Nobody followed anyone because of it yet.' : `${plural(figures.newFollows, 'person', 'people')} followed someone because of it.`,
    },
    {
      key: 'newConnections',
      label: 'New connections',
      text: figures.newConnections.toLocaleString('en'),
      value: figures.newConnections,
      sentence: figures.newConnections === 0 ? 'No introduction from it has connected two people yet.' : `${plural(figures.newConnections, 'pair')} of people connected because of it.`,
    },
    {
      key: 'timeToFirstRipple',
      label: 'Time to first ripple',
      text: figures.timeToFirstRipple === null ? '—' : figures.timeToFirstRipple < 1 ? 'under 1 s' : formatElapsed(figures.timeToFirstRipple * 1000),
      value: figures.timeToFirstRipple,
      sentence: figures.timeToFirstRipple === null ? 'Nothing has come of it yet.' : 'How soon the first effect came after the first act.',
    },
    {
      key: 'timeSpan',
      label: 'Time span',
      text: formatElapsed(figures.timeSpan * 1000),
      value: figures.timeSpan,
      sentence: 'From the first act to the latest effect.',
    },
  ];
  return rows;
}

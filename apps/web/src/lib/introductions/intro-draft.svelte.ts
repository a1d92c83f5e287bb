import type { IntroductionMode, PickablePersonFragment, ProposeIntroductionInput } from '@ripple/schema';
import type { Problems } from '$lib/graphql/problems';

/**
 * The "Make an introduction" form's state. One idempotency key per form
 * instance, sent with every submit: a double click makes one introduction.
 */
export class IntroductionDraft {
  personA = $state<PickablePersonFragment[]>([]);
  personB = $state<PickablePersonFragment[]>([]);
  reason = $state('');
  noteForA = $state('');
  noteForB = $state('');
  mode = $state<IntroductionMode>('BOTH_AT_ONCE');
  readonly idempotencyKey: string;

  constructor(idempotencyKey: string = crypto.randomUUID()) {
    this.idempotencyKey = idempotencyKey;
  }

  get a(): PickablePersonFragment | undefined {
    return this.personA[0];
  }

  get b(): PickablePersonFragment | undefined {
    return this.personB[0];
  }

  /** What must be chosen before asking the API (it cannot say which person is missing). */
  missing(): Problems {
    const fields: Record<string, string> = {};
    if (!this.a) fields.personAId = 'Choose the first person.';
    if (!this.b) fields.personBId = 'Choose the second person.';
    const count = Object.keys(fields).length;
    return {
      fields,
      summary: count === 0 ? null : count === 1 ? 'Please fix the marked field.' : `Please fix the ${count} marked fields.`,
    };
  }

  toInput(): ProposeIntroductionInput {
    return {
      personAId: this.a?.id ?? '',
      personBId: this.b?.id ?? '',
      reason: this.reason.trim(),
      noteForA: this.noteForA.trim() || null,
      noteForB: this.noteForB.trim() || null,
      mode: this.mode,
      idempotencyKey: this.idempotencyKey,
    };
  }

  labelFor = (field: string): string | undefined =>
    ({
      personAId: 'First person',
      personBId: 'Second person',
      reason: 'Reason:',
      noteForA: `Your note to ${this.a?.name ?? 'the first person'}`,
      noteForB: `Your note to ${this.b?.name ?? 'the second person'}`,
    })[field];
}

import { describe, expect, it } from 'vitest';
import { rippleStartLabel } from './activity';

describe('rippleStartLabel', () => {
  it('names the act that started a ripple', () => {
    expect(rippleStartLabel('SHARED')).toBe('A share');
    expect(rippleStartLabel('INTRODUCED')).toBe('An introduction');
    expect(rippleStartLabel('JOINED')).toBe('An act');
  });
});

import { describe, expect, test } from 'vitest';
import { evaluateMath } from '../src/queries/evaluate-math.js';

describe('evaluateMath (the TSVB math subset)', () => {
  test('divides, multiplies, adds and subtracts with precedence and parentheses', () => {
    const p = { minutes: 340, trips: 10 };
    expect(evaluateMath('params.minutes / params.trips', p)).toBe(34);
    expect(evaluateMath('params.minutes - params.trips * 4', p)).toBe(300);
    expect(evaluateMath('(params.minutes - 40) / (params.trips + 2)', p)).toBe(25);
    expect(evaluateMath('-params.trips + 1.5', p)).toBe(-8.5);
  });

  test('is null when the result is not a finite number (an empty window)', () => {
    expect(evaluateMath('params.a / params.b', { a: 0, b: 0 })).toBeNull();
    expect(evaluateMath('params.a / params.b', { a: 3, b: 0 })).toBeNull();
  });

  test.each(['params.a +', 'params.a params.b', 'Math.max(params.a)', '(params.a', 'params.c'])(
    'refuses %j',
    (script) => {
      expect(() => evaluateMath(script, { a: 1, b: 2 })).toThrow(SyntaxError);
    },
  );
});

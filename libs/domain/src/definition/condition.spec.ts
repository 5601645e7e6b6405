import { checkCondition, evaluateCondition } from './condition';

describe('CEL routing conditions', () => {
  describe('checking', () => {
    it.each(['data.amount < 1000', 'data.department == "sales" && data.amount > 0', 'has(data.region)'])(
      'accepts %s',
      (expression) => {
        expect(checkCondition(expression)).toEqual({ ok: true });
      },
    );

    it.each(['data.amount <', 'data.amount = 3', '(data.a', ''])(
      'refuses %j with a one-line reason',
      (expression) => {
        const result = checkCondition(expression);
        expect(result.ok).toBe(false);
        expect(!result.ok && result.error).not.toContain('\n');
      },
    );
  });

  describe('evaluating against instance data', () => {
    it('gives the boolean value', () => {
      expect(evaluateCondition('data.amount < 1000', { amount: 250 })).toEqual({ ok: true, value: true });
      expect(evaluateCondition('data.amount < 1000', { amount: 2500 })).toEqual({ ok: true, value: false });
    });

    it('reports a non-boolean result instead of guessing', () => {
      expect(evaluateCondition('data.amount', { amount: 3 })).toEqual({
        ok: false,
        error: 'condition must be true or false, got 3',
      });
    });

    it('reports a missing field instead of throwing', () => {
      const result = evaluateCondition('data.amount < 1000', {});
      expect(result.ok).toBe(false);
    });

    it('reports a syntax error instead of throwing', () => {
      expect(evaluateCondition('data.amount <', {}).ok).toBe(false);
    });
  });
});

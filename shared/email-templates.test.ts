import { describe, expect, it } from 'vitest';
import { EMAIL_VARIABLES, unknownVariables } from './email-templates.ts';

describe('unknownVariables', () => {
  it('accepts every allowed variable, repeated, and text without any', () => {
    expect(unknownVariables(EMAIL_VARIABLES.map((v) => `[[${v}]] and [[${v}]]`).join('\n'))).toEqual([]);
    expect(unknownVariables('Hello, no variables [here] or [ [there] ].')).toEqual([]);
    expect(unknownVariables('[[[firstname]]]')).toEqual([]);
  });

  it('names typos, capitals, spaces and empty brackets once each', () => {
    expect(unknownVariables('[[foo]] [[Firstname]] [[ state ]] [[]] [[foo]]')).toEqual(['[[foo]]', '[[Firstname]]', '[[ state ]]', '[[]]']);
  });

  it('names half-written variables', () => {
    expect(unknownVariables('Hello [[firstname] and order_number]]')).toEqual(['[[firstname]', 'order_number]]']);
    expect(unknownVariables('Trailing [[')).toEqual(['[[']);
  });
});

import { describe, expect, it } from 'vitest';
import { dropEmptyVariableLines, EMAIL_VARIABLES, unknownVariables } from './email-templates.ts';

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

describe('dropEmptyVariableLines', () => {
  const text = 'Hello,\n\nPlease send the items back to:\n[[return_address]]\n\n[[return_instructions]]\n\nFollow it here: [[return_url]]';

  it('drops an empty variable’s line with the line ending in ":" that introduces it, and leaves no gap', () => {
    expect(dropEmptyVariableLines(text, { return_address: '', return_instructions: '', return_url: 'u' })).toBe(
      'Hello,\n\nFollow it here: [[return_url]]'
    );
  });

  it('keeps both when the variable has a value', () => {
    expect(dropEmptyVariableLines(text, { return_address: '12 rue X', return_instructions: '', return_url: 'u' })).toBe(
      'Hello,\n\nPlease send the items back to:\n[[return_address]]\n\nFollow it here: [[return_url]]'
    );
  });
});

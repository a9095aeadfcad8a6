import { describe, expect, it } from 'vitest';
import { fillHtml, fillText } from './render.ts';

describe('filling an email text', () => {
  const template = 'Hello [[firstname]],\n\nYour return is approved.\n\n[[message]]\n\nFollow it here: [[return_url]]';

  it('drops a line whose only content is an empty variable, leaving no gap', () => {
    const vars = { firstname: 'Léa', message: '', return_url: 'https://shop.example/returns/R-1-1' };
    expect(fillText(template, vars)).toBe('Hello Léa,\n\nYour return is approved.\n\nFollow it here: https://shop.example/returns/R-1-1');
    expect(fillHtml(template, vars)).toContain('Your return is approved.<br><br>Follow it here:');
    expect(fillText('Items:\n[[items]]\n[[comment]]\nThanks', { items: '- 1 × Shirt', comment: '  ' })).toBe('Items:\n- 1 × Shirt\nThanks');
  });

  it('keeps a line with other words, a filled variable and an unknown one', () => {
    const vars = { firstname: '', message: 'Pack it well', return_url: 'u' };
    expect(fillText(template, vars)).toBe('Hello ,\n\nYour return is approved.\n\nPack it well\n\nFollow it here: u');
    expect(fillText('A\n[[other]]\nB', {})).toBe('A\n[[other]]\nB');
  });
});

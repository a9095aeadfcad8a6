import { describe, expect, it } from 'vitest';
import * as server from '#shared/schemas/returns.ts';
import type { ReturnOptions } from '../api-types.ts';
import { COMMENT_MAX, REASON_TEXT_MAX, freshDraft, requestBody, serverErrors, validateDraft } from './draft.ts';

const options: ReturnOptions = {
  reasons: [
    {
      id: 1,
      code: 'wrong_size',
      labelEn: 'Wrong size',
      labelFr: 'Mauvaise taille',
      needsText: false,
      requiresPhoto: false,
      photoHint: { en: '', fr: '' }
    },
    { id: 2, code: 'other', labelEn: 'Other', labelFr: 'Autre', needsText: true, requiresPhoto: false, photoHint: { en: '', fr: '' } }
  ],
  actions: [
    { id: 7, code: 'refund', labelEn: 'Refund', labelFr: 'Remboursement' },
    { id: 8, code: 'credit', labelEn: 'Store credit', labelFr: 'Avoir en boutique' }
  ]
};
const lines = [
  { id: 10, returnableQuantity: 2 },
  { id: 11, returnableQuantity: 1 },
  { id: 12, returnableQuantity: 0 }
];

function filled() {
  const draft = freshDraft(lines, options);
  draft.rows[10] = { selected: true, quantity: 2, reasonId: '1', reasonText: '', actionId: '7' };
  draft.rows[11] = { selected: true, quantity: 1, reasonId: '2', reasonText: '  Loose stitching ', actionId: '8' };
  return draft;
}

describe('the return draft', () => {
  it('has the server’s limits', () => {
    expect(REASON_TEXT_MAX).toBe(server.REASON_TEXT_MAX);
    expect(COMMENT_MAX).toBe(server.COMMENT_MAX);
  });

  it('starts with one unticked row per returnable line, and picks the only action', () => {
    expect(Object.keys(freshDraft(lines, options).rows)).toEqual(['10', '11']);
    const single = freshDraft(lines, { ...options, actions: [options.actions[0]!] });
    expect(single.rows[10]!.actionId).toBe('7');
  });

  it('asks for at least one line', () => {
    expect(validateDraft(freshDraft(lines, options), lines, options)).toEqual({ lines: 'no_line' });
  });

  it('passes a complete draft', () => {
    expect(validateDraft(filled(), lines, options)).toEqual({});
  });

  it('names each field to fix on its line', () => {
    const draft = filled();
    draft.rows[10] = { selected: true, quantity: 3, reasonId: '', reasonText: '', actionId: '' };
    draft.rows[11]!.reasonText = '   ';
    draft.comment = 'x'.repeat(COMMENT_MAX + 1);
    expect(validateDraft(draft, lines, options)).toEqual({
      '10.quantity': 'invalid_quantity',
      '10.reasonId': 'required',
      '10.actionId': 'required',
      '11.reasonText': 'reason_text_required',
      comment: 'too_long'
    });
    draft.rows[11]!.reasonText = 'x'.repeat(REASON_TEXT_MAX + 1);
    expect(validateDraft(draft, lines, options)['11.reasonText']).toBe('too_long');
  });

  it('sends the ticked lines, the reason text only where the reason asks for it, and a trimmed comment', () => {
    const draft = filled();
    draft.rows[10]!.reasonText = 'ignored';
    draft.comment = '  thanks ';
    expect(requestBody(draft, '1042', lines, options)).toEqual({
      orderNumber: '1042',
      lines: [
        { orderLineId: 10, quantity: 2, reasonId: 1, actionId: 7 },
        { orderLineId: 11, quantity: 1, reasonId: 2, reasonText: 'Loose stitching', actionId: 8 }
      ],
      comment: 'thanks'
    });
  });

  it('puts the server’s errors back on the lines that were sent', () => {
    const draft = filled();
    draft.submittedIds = [10, 11];
    expect(
      serverErrors(draft, { 'lines.1.quantity': 'exceeds_returnable', 'lines.0': 'final_sale', 'lines.5.x': 'unknown_line' }, options)
    ).toEqual({
      errors: { '11.quantity': 'exceeds_returnable', '10.line': 'final_sale', lines: 'unknown_line' },
      placed: true
    });
    // Reason text on a line whose reason takes none is shown on the line.
    expect(serverErrors(draft, { 'lines.0.reasonText': 'too_long' }, options).errors).toEqual({ '10.line': 'too_long' });
    expect(serverErrors(draft, { orderNumber: 'invalid' }, options)).toEqual({ errors: {}, placed: false });
  });
});

describe('an exchange in the draft', () => {
  const withExchange: ReturnOptions = {
    ...options,
    actions: [...options.actions, { id: 9, code: 'exchange_size', labelEn: 'Exchange for another size', labelFr: 'Échanger' }]
  };

  it('needs the replacement picked when the shop allows exchanges, and sends it', () => {
    const draft = freshDraft(lines, withExchange, true);
    draft.rows[10] = { selected: true, quantity: 2, reasonId: '1', reasonText: '', actionId: '9', replacementVariantId: '' };
    expect(validateDraft(draft, lines, withExchange)).toEqual({ '10.replacementVariantId': 'replacement_required' });
    draft.rows[10]!.replacementVariantId = '44';
    expect(validateDraft(draft, lines, withExchange)).toEqual({});
    expect(requestBody(draft, 'A1', lines, withExchange).lines).toEqual([
      { orderLineId: 10, quantity: 2, reasonId: 1, actionId: 9, replacementVariantId: 44 }
    ]);
    // A replacement picked, then the action changed to a refund: not sent.
    draft.rows[10]!.actionId = '7';
    expect(requestBody(draft, 'A1', lines, withExchange).lines[0]).not.toHaveProperty('replacementVariantId');
  });

  it('sends no replacement when the shop does not allow exchanges, and puts the server’s replacement errors on the line', () => {
    const draft = freshDraft(lines, withExchange, false);
    draft.rows[10] = { selected: true, quantity: 1, reasonId: '1', reasonText: '', actionId: '9', replacementVariantId: '44' };
    expect(validateDraft(draft, lines, withExchange)).toEqual({});
    expect(requestBody(draft, 'A1', lines, withExchange).lines[0]).not.toHaveProperty('replacementVariantId');
    draft.submittedIds = [10];
    expect(serverErrors(draft, { 'lines.0.replacementVariantId': 'out_of_stock' }, withExchange).errors).toEqual({
      '10.replacementVariantId': 'out_of_stock'
    });
  });
});

describe('the photos of a line', () => {
  const needsPhoto: ReturnOptions = {
    ...options,
    reasons: [
      { ...options.reasons[0]!, requiresPhoto: true, photoHint: { en: 'Show the flaw', fr: 'Montrez le défaut' } },
      options.reasons[1]!
    ]
  };
  const sent = (id: string) => ({ key: `k-${id}`, preview: 'blob:x', status: 'sent' as const, id });

  it('asks for one when the reason needs it, waits for a photo still sending or failed, and sends the ids of those sent', () => {
    const draft = filled();
    expect(validateDraft(draft, lines, needsPhoto)['10.photos']).toBe('photo_required');
    draft.rows[10]!.photos = [sent('a'), { key: 'k-b', preview: 'blob:y', status: 'sending' }];
    expect(validateDraft(draft, lines, needsPhoto)['10.photos']).toBe('photo_pending');
    draft.rows[10]!.photos = [sent('a'), { key: 'k-b', preview: 'blob:y', status: 'failed', error: 'photo_too_large' }];
    expect(validateDraft(draft, lines, needsPhoto)['10.photos']).toBe('photo_pending');
    draft.rows[10]!.photos = [sent('a'), sent('b')];
    expect(validateDraft(draft, lines, needsPhoto)).toEqual({});
    const body = requestBody(draft, 'A-1', lines, needsPhoto);
    expect(body.lines[0]).toMatchObject({ orderLineId: 10, photos: ['a', 'b'] });
    expect(body.lines[1]).not.toHaveProperty('photos');
    expect(server.createReturnSchema.safeParse(body).success).toBe(true);
  });

  it('puts the server’s refusal of a line’s photos back on that line', () => {
    const draft = filled();
    draft.submittedIds = [10, 11];
    expect(serverErrors(draft, { 'lines.1.photos': 'photo_not_found' }, options).errors).toEqual({ '11.photos': 'photo_not_found' });
  });
});

/**
 * The shopper's return request while they fill it in: what they typed, which step they are on, and
 * the checks made before it is sent. Errors are codes, put into words when shown (see errorText).
 */
import { isExchangeAction } from '#shared/exchanges.ts';
import type { OrderLine, ReturnOptions } from '../api-types.ts';
import { sentIds, unsettled, type PhotoDraft } from './photo-draft.ts';

/** The same limits as the server's (shared/schemas/returns.ts, kept equal by draft.test.ts). */
export const REASON_TEXT_MAX = 500;
export const COMMENT_MAX = 2000;

type Row = {
  selected: boolean;
  quantity: number;
  reasonId: string;
  reasonText: string;
  actionId: string;
  /** The variant wanted instead, for an exchange (empty until picked). */
  replacementVariantId?: string;
  /** Photos of the item, each sent as soon as it is chosen (photos.ts). */
  photos?: PhotoDraft[];
};
export type Step = 'form' | 'review' | 'done';
export type FormError = '' | 'invalid' | 'network' | 'generic';

export type Draft = {
  step: Step;
  rows: Record<number, Row>;
  comment: string;
  /** The Idempotency-Key of the request being reviewed: a retry replays the same request. */
  key: string;
  /** The order line ids in the order they were sent, to put the server's `lines.<i>` errors back. */
  submittedIds: number[];
  /** Codes keyed by `${lineId}.${field}`, `lines` or `comment`. */
  errors: Record<string, string>;
  formError: FormError;
  returnNumber: string;
  /** The state the request ended in: the shop's rules may approve it or credit it at once (docs/rules.md). */
  returnState: string;
  /** The shop turned returns off while the form was open. */
  disabled: boolean;
  /** The shop lets shoppers pick an exchange's replacement (the order answer's `exchangesEnabled`). */
  exchanges: boolean;
};

export const LINE_FIELDS = ['quantity', 'reasonId', 'reasonText', 'actionId', 'replacementVariantId', 'photos'] as const;
export type LineField = (typeof LINE_FIELDS)[number] | 'line';

export const errKey = (lineId: number, field: LineField) => `${lineId}.${field}`;

type Line = Pick<OrderLine, 'id' | 'returnableQuantity'>;

/** A blank draft with one unselected row per returnable line; a single action is chosen already. */
export function freshDraft(lines: Line[], options: ReturnOptions, exchanges = false): Draft {
  const rows: Record<number, Row> = {};
  for (const line of lines) {
    if (line.returnableQuantity <= 0) continue;
    const actionId = options.actions.length === 1 ? String(options.actions[0]!.id) : '';
    rows[line.id] = { selected: false, quantity: 1, reasonId: '', reasonText: '', actionId, replacementVariantId: '', photos: [] };
  }
  return {
    step: 'form',
    rows,
    comment: '',
    key: '',
    submittedIds: [],
    errors: {},
    formError: '',
    returnNumber: '',
    returnState: '',
    disabled: false,
    exchanges
  };
}

export const reasonOf = (options: ReturnOptions, id: string) => options.reasons.find((r) => String(r.id) === id);
export const actionOf = (options: ReturnOptions, id: string) => options.actions.find((a) => String(a.id) === id);

/** The row asks for an exchange whose replacement the shopper picks (the shop allows it). */
export const picksReplacement = (draft: Draft, options: ReturnOptions, row: Row) =>
  draft.exchanges && isExchangeAction(actionOf(options, row.actionId)?.code ?? '');

/** The lines the shopper ticked, in the order's order. */
export function chosenLines<L extends Line>(draft: Draft, lines: L[]): L[] {
  return lines.filter((l) => l.returnableQuantity > 0 && draft.rows[l.id]?.selected);
}

/** What must be fixed before the review step (empty when nothing). */
export function validateDraft(draft: Draft, lines: Line[], options: ReturnOptions): Record<string, string> {
  const errors: Record<string, string> = {};
  const chosen = chosenLines(draft, lines);
  if (chosen.length === 0) errors.lines = 'no_line';
  for (const line of chosen) {
    const row = draft.rows[line.id]!;
    const q = Number(row.quantity);
    if (!Number.isInteger(q) || q < 1 || q > line.returnableQuantity) errors[errKey(line.id, 'quantity')] = 'invalid_quantity';
    const reason = reasonOf(options, row.reasonId);
    if (!reason) errors[errKey(line.id, 'reasonId')] = 'required';
    else if (reason.needsText) {
      if (!row.reasonText.trim()) errors[errKey(line.id, 'reasonText')] = 'reason_text_required';
      else if (row.reasonText.length > REASON_TEXT_MAX) errors[errKey(line.id, 'reasonText')] = 'too_long';
    }
    if (unsettled(row.photos)) errors[errKey(line.id, 'photos')] = 'photo_pending';
    else if (reason?.requiresPhoto && sentIds(row.photos).length === 0) errors[errKey(line.id, 'photos')] = 'photo_required';
    if (!actionOf(options, row.actionId)) errors[errKey(line.id, 'actionId')] = 'required';
    else if (picksReplacement(draft, options, row) && !row.replacementVariantId) {
      errors[errKey(line.id, 'replacementVariantId')] = 'replacement_required';
    }
  }
  if (draft.comment.length > COMMENT_MAX) errors.comment = 'too_long';
  return errors;
}

/** The POST /api/returns body for the ticked lines. */
export function requestBody(draft: Draft, orderNumber: string, lines: Line[], options: ReturnOptions) {
  const comment = draft.comment.trim();
  return {
    orderNumber,
    lines: chosenLines(draft, lines).map((line) => {
      const row = draft.rows[line.id]!;
      return {
        orderLineId: line.id,
        quantity: Number(row.quantity),
        reasonId: Number(row.reasonId),
        ...(reasonOf(options, row.reasonId)?.needsText ? { reasonText: row.reasonText.trim() } : {}),
        actionId: Number(row.actionId),
        ...(picksReplacement(draft, options, row) && row.replacementVariantId
          ? { replacementVariantId: Number(row.replacementVariantId) }
          : {}),
        ...(sentIds(row.photos).length ? { photos: sentIds(row.photos) } : {})
      };
    }),
    ...(comment ? { comment } : {})
  };
}

/**
 * The server's `lines.<i>.<field>` errors put back on the lines that were sent, in order.
 * `placed` is false when none of them belongs to a line or the comment.
 */
export function serverErrors(draft: Draft, fields: Record<string, string>, options: ReturnOptions) {
  const errors: Record<string, string> = {};
  let placed = false;
  for (const [path, code] of Object.entries(fields)) {
    const match = /^lines\.(\d+)(?:\.(\w+))?/.exec(path);
    if (match) {
      const lineId = draft.submittedIds[Number(match[1])];
      if (lineId === undefined) {
        errors.lines ??= code;
      } else {
        let field: LineField = (LINE_FIELDS as readonly string[]).includes(match[2] ?? '') ? (match[2] as LineField) : 'line';
        if (field === 'reasonText' && !reasonOf(options, draft.rows[lineId]?.reasonId ?? '')?.needsText) field = 'line';
        errors[errKey(lineId, field)] ??= code;
      }
      placed = true;
    } else if (path === 'lines') {
      errors.lines ??= code;
      placed = true;
    } else if (path === 'comment') {
      errors.comment ??= code;
      placed = true;
    }
  }
  return { errors, placed };
}

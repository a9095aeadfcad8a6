/** The variables a notification email text may use, and the check that refuses anything else. Pure: used by server and SPA. */

/** `[[name]]` variables, in the order the staff screen lists them. */
export const EMAIL_VARIABLES = [
  'firstname',
  'order_number',
  'return_number',
  'state',
  'items',
  'comment',
  'message',
  'return_url',
  'slip_url',
  'return_address',
  'return_instructions',
  'credit_amount',
  'credit_method',
  'credit_summary',
  'credit_lines'
] as const;
export type EmailVariable = (typeof EMAIL_VARIABLES)[number];

export const EMAIL_SUBJECT_MAX = 200;
export const EMAIL_BODY_MAX = 5000;

const ALLOWED = new Set<string>(EMAIL_VARIABLES);
const TOKEN = /\[\[([^[\]]*)\]\]/g;
/** A `[[` or `]]` left over once the well-formed tokens are gone: `[[firstname]`, `order_number]]`… */
const STRAY = /\[\[[^\s[\]]{0,40}\]?|\[?[^\s[\]]{0,40}\]\]/g;

/**
 * Every `[[…]]` in a text that is not exactly one of the allowed variables (a typo, a capital, a
 * space: the customer would see it as is), and any half-written one. Empty when the text is fine.
 */
export function unknownVariables(text: string): string[] {
  const found: string[] = [];
  const rest = text.replace(TOKEN, (whole: string, name: string) => {
    if (!ALLOWED.has(name)) found.push(whole);
    return ' ';
  });
  for (const m of rest.matchAll(STRAY)) found.push(m[0]);
  return [...new Set(found)];
}

const ALONE = /^[ \t]*\[\[([a-z_]+)\]\][ \t]*$/;

/**
 * The template without the lines whose only content is a variable that is empty here (a blank
 * `[[message]]` leaves no gap). When such a line sat between two blank lines, one of them goes too;
 * a line ending with ":" just before it introduced it ("Please send the items back to:"), and goes with it.
 */
export function dropEmptyVariableLines(template: string, vars: Record<string, string>): string {
  const kept: string[] = [];
  let dropped = false;
  for (const line of template.split('\n')) {
    const alone = ALONE.exec(line);
    if (alone && vars[alone[1]!] !== undefined && vars[alone[1]!]!.trim() === '') {
      if (kept.length && kept.at(-1)!.trimEnd().endsWith(':') && !ALONE.test(kept.at(-1)!)) kept.pop();
      dropped = true;
      continue;
    }
    if (dropped && line.trim() === '' && (kept.length === 0 || kept.at(-1)!.trim() === '')) {
      dropped = false;
      continue;
    }
    dropped = false;
    kept.push(line);
  }
  return kept.join('\n');
}

import { and, eq } from 'drizzle-orm';
import { EMAIL_VARIABLES, unknownVariables } from '#shared/email-templates.ts';
import type { EmailTemplateInput } from '#shared/schemas/staff.ts';
import { LOCALES, RETURN_STATES, STATE_TEXT, type Locale, type ReturnState } from '#shared/states.ts';
import type { Db } from '../db/client.ts';
import { defaultEmailText } from '../db/defaults.ts';
import { emailTemplates } from '../db/schema.ts';
import { ApiError, notFound, type FieldErrors } from '../http/errors.ts';
import { diff, writeAudit } from '../audit/write.ts';
import type { StaffActor } from '../deps.ts';

export type EmailTemplateView = {
  state: ReturnState;
  locale: Locale;
  stateLabel: string;
  subject: string;
  body: string;
  /** The text the shop started with, to put back if wanted. */
  default: { subject: string; body: string };
};

const view = (state: ReturnState, locale: Locale, row: { subject: string; body: string } | undefined): EmailTemplateView => ({
  state,
  locale,
  stateLabel: STATE_TEXT[state][locale].label,
  subject: row?.subject ?? defaultEmailText(state, locale).subject,
  body: row?.body ?? defaultEmailText(state, locale).body,
  default: { ...defaultEmailText(state, locale) }
});

/** A state and a language from the path; anything else is a 404 like an unknown id. */
export function templateKey(state: string | undefined, locale: string | undefined): { state: ReturnState; locale: Locale } {
  if (!RETURN_STATES.includes(state as ReturnState) || !LOCALES.includes(locale as Locale)) throw notFound('No such email text.');
  return { state: state as ReturnState, locale: locale as Locale };
}

/** Every email text, state by state (in the order of the states), English then French, with the allowed variables. */
export async function listEmailTemplates(db: Db) {
  const rows = await db.select().from(emailTemplates);
  const byKey = new Map(rows.map((r) => [`${r.state}/${r.locale}`, r]));
  return {
    templates: RETURN_STATES.flatMap((state) => LOCALES.map((locale) => view(state, locale, byKey.get(`${state}/${locale}`)))),
    variables: [...EMAIL_VARIABLES]
  };
}

/** 422 `unknown_variable` naming each field with a `[[…]]` that is not an allowed variable: a typo never reaches a customer. */
export function refuseUnknownVariables(input: { subject: string; body: string }): void {
  const fields: FieldErrors = {};
  const found: string[] = [];
  for (const field of ['subject', 'body'] as const) {
    const bad = unknownVariables(input[field]);
    if (bad.length) {
      fields[field] = 'unknown_variable';
      found.push(...bad);
    }
  }
  if (found.length) {
    throw new ApiError(
      422,
      'unknown_variable',
      `Unknown variable ${[...new Set(found)].join(', ')}: use only ${EMAIL_VARIABLES.map((v) => `[[${v}]]`).join(', ')}.`,
      { fields }
    );
  }
}

/** Saves one email text and an audit row with before/after, in one transaction. */
export async function saveEmailTemplate(
  db: Db,
  actor: StaffActor,
  key: { state: ReturnState; locale: Locale },
  input: EmailTemplateInput,
  now: Date
): Promise<EmailTemplateView> {
  refuseUnknownVariables(input);
  const where = and(eq(emailTemplates.state, key.state), eq(emailTemplates.locale, key.locale));
  return db.transaction(async (tx) => {
    const [before] = await tx.select().from(emailTemplates).where(where).for('update');
    if (!before) {
      // Seeded at start; if a row went missing, saving brings it back.
      const [after] = await tx
        .insert(emailTemplates)
        .values({ ...key, ...input })
        .onConflictDoUpdate({ target: [emailTemplates.state, emailTemplates.locale], set: input })
        .returning();
      await writeAudit(tx, actor, {
        entity: 'email_template',
        entityId: `${key.state}/${key.locale}`,
        action: 'created',
        changes: { subject: [null, input.subject], body: [null, input.body] },
        now
      });
      return view(key.state, key.locale, after);
    }
    const changes = diff(before as Record<string, unknown>, input);
    if (Object.keys(changes).length === 0) return view(key.state, key.locale, before);
    const [after] = await tx.update(emailTemplates).set(input).where(where).returning();
    await writeAudit(tx, actor, { entity: 'email_template', entityId: `${key.state}/${key.locale}`, action: 'updated', changes, now });
    return view(key.state, key.locale, after);
  });
}

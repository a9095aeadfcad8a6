/**
 * The API's answers as the typed client infers them from the server's own routes: no hand-written
 * copies to drift. Only types; `api` is never called from here.
 */
import type { InferResponseType } from 'hono/client';
import type { api } from './api.ts';

type Answer<T> = InferResponseType<T>;

// The shopper's side.
export type OrderAnswer = Answer<(typeof api.orders)[':number']['$get']>;
export type OrderLine = OrderAnswer['order']['lines'][number];
export type BlockedReason = NonNullable<OrderLine['blockedReason']>;
export type ReturnOptions = Answer<typeof api.returns.options.$get>;
export type ReturnsPage = Answer<typeof api.returns.$get>;
export type ReturnAnswer = Answer<(typeof api.returns)[':number']['$get']>;
export type ReturnDetail = ReturnAnswer['return'];
export type CancelledReturn = Answer<(typeof api.returns)[':number']['cancel']['$post']>;
export type CreatedReturn = Answer<typeof api.returns.$post>;
export type Me = Answer<typeof api.auth.me.$get>;
export type OrderSession = Answer<(typeof api.auth)['order-session']['$get']>;

// The staff's side.
export type StaffMeAnswer = Answer<typeof api.staff.auth.me.$get>;
export type StaffMe = StaffMeAnswer['staff'];
export type QueueAnswer = Answer<typeof api.staff.returns.$get>;
export type StaffReturnAnswer = Answer<(typeof api.staff.returns)[':number']['$get']>;
export type StaffReturnDetail = StaffReturnAnswer['return'];
export type CreatedStaffReturn = Answer<typeof api.staff.returns.$post>;
export type SavedStaffReturn = Answer<(typeof api.staff.returns)[':number']['$patch']>;
export type StaffOrderAnswer = Answer<(typeof api.staff.orders)[':number']['$get']>;
export type OrderSearchAnswer = Answer<typeof api.staff.orders.$get>;
export type EmailsPage = Answer<typeof api.staff.emails.$get>;
export type EmailSummary = EmailsPage['emails'][number];
export type EmailDetail = Answer<(typeof api.staff.emails)[':id']['$get']>;
export type WebhooksPage = Answer<typeof api.staff.webhooks.$get>;
export type WebhookSummary = WebhooksPage['webhooks'][number];
export type WebhookHealth = Answer<typeof api.staff.webhooks.health.$get>;
export type StaffAccountsAnswer = Answer<typeof api.staff.accounts.$get>;
export type StaffAccount = StaffAccountsAnswer['accounts'][number];
export type NewStaffAccount = Answer<typeof api.staff.accounts.$post>;
export type PublicShopAnswer = Answer<typeof api.shop.$get>;
export type AdminSettingsAnswer = Answer<typeof api.staff.settings.$get>;
export type EmailTemplatesAnswer = Answer<typeof api.staff.settings.emails.$get>;
export type EmailTemplate = EmailTemplatesAnswer['templates'][number];
export type EmailPreview = Answer<typeof api.staff.settings.emails.preview.$post>;
export type SavedEmailTemplate = Answer<(typeof api.staff.settings.emails)[':state'][':locale']['$put']>;
export type ReasonsAnswer = Answer<typeof api.staff.settings.reasons.$get>;
export type ActionsAnswer = Answer<typeof api.staff.settings.actions.$get>;
export type WithdrawalsToMatch = Answer<typeof api.staff.withdrawals.$get>;

// What the staff send (the request bodies the server's validators accept).
type Body<T> = T extends (args: infer A, ...rest: never[]) => unknown ? (NonNullable<A> extends { json: infer J } ? J : never) : never;
export type StaffReturnCreate = Body<typeof api.staff.returns.$post>;
export type StaffReturnPatch = Body<(typeof api.staff.returns)[':number']['$patch']>;

import type { ZodError } from 'zod';
import type { ApiErrorCode } from '#shared/error-codes.ts';

export type { ApiErrorCode };

export type FieldErrors = Record<string, string>;

/** A field map without a prototype, so a field named `__proto__` is kept like any other. */
export const emptyFields = (): FieldErrors => Object.create(null) as FieldErrors;

/** An error the API answers with on purpose: a status, a stable code (one of `shared/error-codes.ts`), a message, maybe fields. */
export class ApiError extends Error {
  readonly status: number;
  readonly code: ApiErrorCode;
  readonly fields?: FieldErrors;
  readonly headers?: Record<string, string>;
  constructor(status: number, code: ApiErrorCode, message: string, opts: { fields?: FieldErrors; headers?: Record<string, string> } = {}) {
    super(message);
    this.status = status;
    this.code = code;
    this.fields = opts.fields;
    this.headers = opts.headers;
  }
}

export type ErrorBody = { error: { code: ApiErrorCode; message: string; fields?: FieldErrors } };

export function errorBody(code: ApiErrorCode, message: string, fields?: FieldErrors): ErrorBody {
  return { error: fields ? { code, message, fields } : { code, message } };
}

/** A 5xx answer: no detail of the failure, only the request id that finds its log line. */
export function serverErrorBody(
  code: string,
  message: string,
  requestId: string
): { error: { code: string; message: string; requestId: string } } {
  return { error: { code, message, requestId } };
}

/** Turns zod issues into { "path.to.field": "issue_code" }; unknown keys are reported under their own name. */
export function fieldsFromZod(err: ZodError): FieldErrors {
  const fields = emptyFields();
  for (const issue of err.issues) {
    if (issue.code === 'unrecognized_keys') {
      for (const key of issue.keys) fields[[...issue.path, key].join('.')] = 'unknown_field';
      continue;
    }
    const path = issue.path.join('.') || '_';
    fields[path] ??= issue.code === 'invalid_type' && issue.input === undefined ? 'required' : issue.code;
  }
  return fields;
}

export const notFound = (what = 'Not found') => new ApiError(404, 'not_found', what);

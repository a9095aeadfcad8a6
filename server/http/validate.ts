import { zValidator } from '@hono/zod-validator';
import type { ZodType } from 'zod';
import { ApiError, fieldsFromZod } from './errors.ts';

/** Validates a JSON body with a strict schema; failures answer 400 `invalid_request` with the fields. */
export const jsonBody = <T extends ZodType>(schema: T) =>
  zValidator('json', schema, (result) => {
    if (!result.success) {
      throw new ApiError(400, 'invalid_request', 'The request is not valid.', {
        fields: fieldsFromZod(result.error as never)
      });
    }
  });

/** Validates query parameters the same way. */
export const queryParams = <T extends ZodType>(schema: T) =>
  zValidator('query', schema, (result) => {
    if (!result.success) {
      throw new ApiError(400, 'invalid_request', 'The query is not valid.', {
        fields: fieldsFromZod(result.error as never)
      });
    }
  });

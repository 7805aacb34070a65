import { z } from 'zod/mini';

/** Every error the org service returns has this one shape, so clients need one parser. */
export const apiErrorCodes = [
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'conflict',
  'invalid_credentials',
  'link_not_found',
  'link_expired',
  'link_revoked',
  'link_used',
  'flow_not_found',
  'invalid_redirect',
  'invitation_not_found',
  'invitation_expired',
  'invitation_used',
  'invitation_revoked',
  'verification_not_found',
  'verification_expired',
  'verification_used',
  'reset_not_found',
  'reset_expired',
  'reset_used',
  'wrong_password',
  'email_not_verified',
  'email_taken',
  'last_owner',
  'zoom_user_not_found',
  'zoom_daily_limit',
  'too_many_attempts',
  'zoom_unavailable',
  'zoom_misconfigured',
  'zoom_not_connected',
  'zoom_needs_reconnect',
  'bad_signature',
  'internal',
] as const;

export const apiErrorCode = z.enum(apiErrorCodes);
export type ApiErrorCode = z.infer<typeof apiErrorCode>;

export const apiErrorBody = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    issues: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  }),
});
export type ApiErrorBody = z.infer<typeof apiErrorBody>;

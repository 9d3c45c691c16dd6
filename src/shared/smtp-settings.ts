// SMTP account settings, shared by the CLI, the "Add SMTP" form and the provider.
import { z } from 'zod';
import { headerTextProblem } from './address';

export const smtpSettingsSchema = z
  .object({
    host: z
      .string()
      .trim()
      .min(1, 'is required')
      .max(253)
      .regex(/^[A-Za-z0-9.\-:[\]]+$/u, 'must be a host name or IP address'),
    port: z.number().int('must be a whole number').min(1, 'must be a port number from 1 to 65535').max(65535, 'must be a port number from 1 to 65535'),
    /** Implicit TLS (port 465). Otherwise STARTTLS is used, and required except on loopback. */
    secure: z.boolean().default(false),
    username: z
      .string()
      .max(320)
      .refine((value) => headerTextProblem(value) === null, 'must not contain line breaks or control characters')
      .nullish(),
    /** Seconds without an answer before a connection counts as stalled. */
    timeoutSeconds: z.number().int().min(1).max(600).default(60),
  })
  .strict();
export type SmtpSettings = z.output<typeof smtpSettingsSchema>;

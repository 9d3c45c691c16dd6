// The frames of the loopback WebSocket transport (development and tests only): requests carry an
// id the response repeats; pushes carry a channel. Both ends parse what they receive.
import { z } from 'zod';

export const LOOPBACK_PATH = '/ipc';
/** Query parameter carrying the per-run token on the WebSocket URL. */
export const TOKEN_PARAM = 'token';

export const requestFrameSchema = z
  .object({ type: z.literal('request'), id: z.number().int().nonnegative(), channel: z.string().max(100), input: z.unknown() })
  .strict();
export type RequestFrame = z.infer<typeof requestFrameSchema>;

export const serverFrameSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('response'),
    id: z.number().int().nonnegative(),
    result: z.union([
      z.object({ ok: z.literal(true), value: z.unknown() }),
      z.object({ ok: z.literal(false), error: z.object({ code: z.string(), message: z.string(), field: z.string().optional() }) }),
    ]),
  }),
  z.object({ type: z.literal('push'), channel: z.string(), payload: z.unknown() }),
]);
export type ServerFrame = z.infer<typeof serverFrameSchema>;

// The error codes of the late-mail rules, shared by the engine (which sets them) and the window
// (which explains them): `late` on held mail that missed its time, `expired` on mail not sent
// because it would have left too late.
export const LATE_HELD_CODE = 'late';
export const EXPIRED_CODE = 'expired';

/** Held because it missed its time (not because its account must be linked again). */
export const isLateHeld = (email: { status: string; lastErrorCode: string | null }): boolean =>
  email.status === 'held' && email.lastErrorCode === LATE_HELD_CODE;

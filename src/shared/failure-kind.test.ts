import { describe, expect, it } from 'vitest';
import { isPermanentFailure } from './failure-kind';

describe('isPermanentFailure', () => {
  it('calls a refused recipient, a too-large message and a 4xx API answer permanent', () => {
    for (const code of ['smtp-550', 'smtp-553', 'smtp-552', 'message-too-large', 'too-many-recipients', 'gmail-invalid-recipient', 'gmail-400', 'outlook-403', 'expired']) {
      expect(isPermanentFailure(code), code).toBe(true);
    }
  });

  it('leaves what a retry may fix retryable', () => {
    for (const code of [null, 'smtp-421', 'smtp-451', 'smtp-503', 'smtp-econnrefused', 'smtp-network', 'gmail-500', 'gmail-429', 'outlook-401', 'outlook-network', 'configuration']) {
      expect(isPermanentFailure(code), String(code)).toBe(false);
    }
  });
});

// "Find settings" for the add form of a provider whose descriptor says its settings can be looked
// up from the address (SMTP's autoconfig): asks the engine what it knows about the address's
// domain and hands a proposal to the form. An answer to an older address is dropped; a domain
// nothing knows, or a lookup that failed, leaves the form as it was — the user types the
// settings, as before.
import { useCallback, useRef, useState } from 'react';
import { addressProblem } from '../../shared/address';
import type { FoundSettings } from '../../shared/settings-lookup';
import { useApi } from './api-context';

export type LookupState =
  | { kind: 'idle' }
  | { kind: 'looking'; domain: string }
  | { kind: 'found'; domain: string; found: FoundSettings }
  | { kind: 'none'; domain: string };

/**
 * `lookUp(email, mayFill)`: `mayFill` is asked when the answer arrives (the user may have typed a
 * setting meanwhile, which must not be overwritten); `force` repeats a lookup for the same address.
 */
export function useSettingsLookup(
  kind: string,
  fill: (found: FoundSettings) => void,
): {
  state: LookupState;
  lookUp(email: string, options?: { force?: boolean; mayFill?: () => boolean }): void;
} {
  const api = useApi();
  const [state, setState] = useState<LookupState>({ kind: 'idle' });
  const latest = useRef<{ email: string; serial: number }>({ email: '', serial: 0 });

  const lookUp = useCallback(
    (raw: string, options: { force?: boolean; mayFill?: () => boolean } = {}): void => {
      const email = raw.trim();
      if (addressProblem(email) !== null) return;
      if (!options.force && email.toLowerCase() === latest.current.email.toLowerCase()) return;
      const serial = latest.current.serial + 1;
      latest.current = { email, serial };
      const domain = email.slice(email.lastIndexOf('@') + 1).toLowerCase();
      setState({ kind: 'looking', domain });
      void api['accounts:findSettings']({ kind, email }).then((result) => {
        if (latest.current.serial !== serial) return;
        const found = result.ok ? result.value.found : null;
        if (!found) return setState({ kind: 'none', domain });
        setState({ kind: 'found', domain, found });
        if (options.mayFill?.() ?? true) fill(found);
      });
    },
    [api, kind, fill],
  );
  return { state, lookUp };
}

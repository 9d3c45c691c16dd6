// Email address and header-text checks shared by the engine and the UI (pure: no Node, no DOM).
//
// Addresses follow RFC 5322's dot-atom form (what every provider accepts in practice) extended by
// RFC 6531: non-ASCII letters are allowed in the local part and in the domain (IDN). Quoted local
// parts and address literals are refused: providers reject most of them and they are a classic
// header-injection vector.

const ATEXT = /^[A-Za-z0-9!#$%&'*+\-/=?^_`{|}~\u0080-\uFFFF]+$/u;
const LABEL = /^[A-Za-z0-9\u0080-\uFFFF](?:[A-Za-z0-9\-\u0080-\uFFFF]*[A-Za-z0-9\u0080-\uFFFF])?$/u;

/** Returns why `address` is not a usable email address, or null when it is. */
export function addressProblem(address: string): string | null {
  if (address.length === 0) return 'is empty';
  if (address.length > 254) return 'is longer than 254 characters';
  if (/[\u0000-\u001f\u007f]/u.test(address)) return 'contains a control character (such as a line break)';
  const at = address.lastIndexOf('@');
  if (at <= 0 || at === address.length - 1) return 'must look like name@example.com';
  const local = address.slice(0, at);
  const domain = address.slice(at + 1);
  if (local.length > 64) return 'has a part before @ longer than 64 characters';
  const atoms = local.split('.');
  if (atoms.some((atom) => atom.length === 0 || !ATEXT.test(atom))) {
    return 'has characters that are not allowed before the @';
  }
  const labels = domain.split('.');
  if (labels.length < 2) return 'needs a domain with a dot (example.com)';
  for (const label of labels) {
    if (label.length === 0 || label.length > 63 || !LABEL.test(label)) {
      return `has an invalid domain "${domain}"`;
    }
  }
  if (/^[0-9]+$/u.test(labels[labels.length - 1] ?? '')) return `has an invalid domain "${domain}"`;
  return null;
}

/** Header text (subject, display names, file names) must not carry line breaks or NUL. */
export function headerTextProblem(value: string): string | null {
  if (/[\r\n]/u.test(value)) return 'must not contain line breaks';
  if (/[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]/u.test(value)) return 'must not contain control characters';
  return null;
}

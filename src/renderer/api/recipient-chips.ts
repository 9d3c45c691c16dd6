// A recipient as the compose form holds it (a chip: optional name, address), parsed from and
// written back to "Name <address>", and a pasted list split into chips. Plain model code, used by
// the compose state and drawn by components/recipient-input.tsx.

export interface Chip {
  name: string | null;
  address: string;
}

/** Parses `Ada Lovelace <ada@example.com>`, `"Ada" <ada@example.com>` or `ada@example.com`. */
export function parseChip(raw: string): Chip | null {
  const text = raw.trim().replace(/[,;]+$/u, '').trim();
  if (!text) return null;
  const angled = /^(.*)<([^<>]+)>$/u.exec(text);
  if (angled) {
    const name = (angled[1] ?? '').trim().replace(/^"(.*)"$/u, '$1').trim();
    return { name: name || null, address: (angled[2] ?? '').trim() };
  }
  return { name: null, address: text };
}

export function formatChip(chip: Chip): string {
  return chip.name ? `${chip.name} <${chip.address}>` : chip.address;
}

/** Splits a pasted list on commas / semicolons / new lines outside angle brackets. */
export function splitRecipients(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of text) {
    if (char === '<') depth += 1;
    if (char === '>') depth = Math.max(0, depth - 1);
    if (depth === 0 && (char === ',' || char === ';' || char === '\n')) {
      parts.push(current);
      current = '';
    } else current += char;
  }
  parts.push(current);
  return parts.map((part) => part.trim()).filter(Boolean);
}

// One field of a provider's form, drawn from its descriptor: a text or whole-number input, or a
// yes/no as a checkbox — or as a choice between two named options when the descriptor names
// them (SMTP's security: STARTTLS or TLS).
import type { ReactNode } from 'react';
import type { ProviderField } from '../../shared/providers/index';

export type FieldValue = string | boolean;

interface Props {
  id: string;
  field: ProviderField;
  value: FieldValue | undefined;
  text(value: { key: string; en: string }): string;
  onChange(value: FieldValue): void;
}

export function ProviderFieldInput({ id, field, value, text, onChange }: Props): ReactNode {
  if (field.type === 'boolean' && field.choices) {
    const [off, on] = field.choices;
    return (
      <select id={id} value={value === true ? on.option : off.option} onChange={(e) => onChange(e.target.value === on.option)}>
        {field.choices.map((choice) => (
          <option key={choice.option} value={choice.option}>
            {text(choice.label)}
          </option>
        ))}
      </select>
    );
  }
  if (field.type === 'boolean') return <input id={id} type="checkbox" checked={value === true} onChange={(e) => onChange(e.target.checked)} />;
  return (
    <input
      id={id}
      type={field.type === 'integer' ? 'number' : 'text'}
      required={field.required}
      autoComplete={field.autoComplete}
      value={String(value ?? '')}
      placeholder={field.placeholder}
      onChange={(e) => onChange(e.target.value)}
    />
  );
}

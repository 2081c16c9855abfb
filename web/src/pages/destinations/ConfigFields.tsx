// The inputs of one type's config, drawn from the field table: secrets in password inputs,
// lists in tag inputs, choices in a native select.
import { NativeSelect, PasswordInput, TagsInput, TextInput } from '@mantine/core';
import type { DestinationType } from '../../graphql/schema';
import { fieldsOf, type ConfigValues, type FieldSpec } from './destinationTypes';

interface Props {
  type: DestinationType;
  values: ConfigValues;
  errors: Record<string, string>;
  editing: boolean;
  onChange: (key: string, value: string | string[]) => void;
}

// "Webhook URL" becomes "webhook URL", but "API token" stays as it is.
function lowerFirst(label: string): string {
  return /^[A-Z][A-Z]/.test(label) ? label : label.charAt(0).toLowerCase() + label.slice(1);
}

function describe(field: FieldSpec, editing: boolean): string | undefined {
  if (field.secret && editing) {
    // The API never returns a secret, and keeps the stored one when an update sends it blank.
    const keep = `Leave blank to keep the saved ${lowerFirst(field.label)}: Panther never shows it again once saved.`;
    return field.description ? `${field.description} ${keep}` : keep;
  }
  return field.description;
}

export function ConfigFields({ type, values, errors, editing, onChange }: Props) {
  return fieldsOf(type).map((field) => {
    const common = {
      label: field.label,
      description: describe(field, editing),
      error: errors[`config.${field.key}`],
      withAsterisk: field.required && !(field.secret && editing),
    };
    const value = values[field.key];
    if (field.kind === 'list') {
      return (
        <TagsInput
          key={field.key}
          {...common}
          placeholder={field.placeholder ?? 'Type a value, then press Enter'}
          value={Array.isArray(value) ? value : []}
          onChange={(v) => onChange(field.key, v)}
          acceptValueOnBlur
          clearable
        />
      );
    }
    const text = typeof value === 'string' ? value : '';
    if (field.kind === 'select') {
      return (
        <NativeSelect
          key={field.key}
          {...common}
          data={field.options ?? []}
          value={text}
          onChange={(e) => onChange(field.key, e.currentTarget.value)}
        />
      );
    }
    const Input = field.secret ? PasswordInput : TextInput;
    return (
      <Input
        key={field.key}
        {...common}
        placeholder={field.secret && editing ? 'Unchanged' : field.placeholder}
        value={text}
        onChange={(e) => onChange(field.key, e.currentTarget.value)}
        autoComplete={field.secret ? 'new-password' : 'off'}
        spellCheck={false}
      />
    );
  });
}

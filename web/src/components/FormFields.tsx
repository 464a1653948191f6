import { Field, Label, Select, Textarea, Textfield, ValidationMessage } from "@digdir/designsystemet-react";

type Base = { name: string; label: string; error?: string | undefined; description?: string };

/** A text field with its error beside it (the problem's `errors[].field`). */
export function TextInput({
  name,
  label,
  error,
  description,
  multiline = false,
  type = "text",
  defaultValue,
  required = false,
}: Base & {
  multiline?: boolean;
  type?: "text" | "date" | "time";
  defaultValue?: string | null;
  required?: boolean;
}) {
  const common = {
    id: `felt-${name}`,
    name,
    label,
    description,
    error,
    defaultValue: defaultValue ?? "",
    required,
  };
  return multiline ? <Textfield {...common} multiline rows={6} /> : <Textfield {...common} type={type} />;
}

/** A choice with its error beside it. */
export function SelectInput({
  name,
  label,
  error,
  description,
  choices,
  defaultValue,
  required = false,
}: Base & {
  choices: { value: string; label: string }[];
  defaultValue?: string;
  required?: boolean;
}) {
  return (
    <Field>
      <Label htmlFor={`felt-${name}`}>{label}</Label>
      {description && <Field.Description>{description}</Field.Description>}
      <Select
        id={`felt-${name}`}
        name={name}
        defaultValue={defaultValue ?? ""}
        required={required}
        aria-invalid={error ? true : undefined}
      >
        <Select.Option value="" disabled>
          Velg …
        </Select.Option>
        {choices.map((choice) => (
          <Select.Option key={choice.value} value={choice.value}>
            {choice.label}
          </Select.Option>
        ))}
      </Select>
      {error && <ValidationMessage>{error}</ValidationMessage>}
    </Field>
  );
}

export { Textarea };

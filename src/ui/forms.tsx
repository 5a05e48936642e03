import type { Child } from 'hono/jsx';
import type { FieldErrors } from '../http/errors.js';

// Form building blocks. Every form takes `{ values, errors }`, so a failed submit re-renders with the
// visitor's text intact and each error beside its field (linked by aria-describedby).

export type FormValues = Readonly<Record<string, string | undefined>>;

export interface FormState {
  readonly values: FormValues;
  readonly errors: FieldErrors;
}

export const emptyForm: FormState = { values: {}, errors: {} };

/** The hidden CSRF field every form carries. */
export function Csrf({ token }: { readonly token: string }) {
  return <input type="hidden" name="_csrf" value={token} />;
}

/** A list of the errors at the top of a form, linking to each field. */
export function ErrorSummary({ errors }: { readonly errors: FieldErrors }) {
  const entries = Object.entries(errors);
  if (entries.length === 0) return null;
  return (
    <div class="error-summary" role="alert" tabindex={-1}>
      <h2>There {entries.length === 1 ? 'is a problem' : `are ${entries.length} problems`}</h2>
      <ul>
        {entries.map(([name, message]) => (
          <li>
            <a href={`#field-${name}`}>{message}</a>
          </li>
        ))}
      </ul>
    </div>
  );
}

interface FieldProps {
  readonly name: string;
  readonly label: string;
  readonly state: FormState;
  readonly hint?: Child;
  readonly required?: boolean;
}

function describedBy(name: string, hint: unknown, error: unknown): string | undefined {
  const ids = [hint ? `hint-${name}` : '', error ? `error-${name}` : ''].filter(Boolean);
  return ids.length ? ids.join(' ') : undefined;
}

function FieldFrame({ name, label, hint, error, required, children }: { name: string; label: string; hint?: Child; error?: string; required?: boolean; children: Child }) {
  return (
    <div class={error ? 'field field-error' : 'field'}>
      <label for={`field-${name}`}>
        {label}
        {required ? <span class="required"> (required)</span> : null}
      </label>
      {hint ? <p class="hint" id={`hint-${name}`}>{hint}</p> : null}
      {error ? <p class="error" id={`error-${name}`}>{error}</p> : null}
      {children}
    </div>
  );
}

/** A one-line text input. */
export function TextField(props: FieldProps & { readonly type?: string; readonly autocomplete?: string; readonly maxlength?: number; readonly inputmode?: string }) {
  const { name, label, state, hint, required, type = 'text', autocomplete, maxlength } = props;
  const error = state.errors[name];
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error} required={required}>
      <input
        id={`field-${name}`}
        name={name}
        type={type}
        value={type === 'password' ? '' : (state.values[name] ?? '')}
        required={required}
        autocomplete={autocomplete}
        maxlength={maxlength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
      />
    </FieldFrame>
  );
}

/** A multi-line text area. */
export function TextArea(props: FieldProps & { readonly rows?: number; readonly maxlength?: number }) {
  const { name, label, state, hint, required, rows = 4, maxlength } = props;
  const error = state.errors[name];
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error} required={required}>
      <textarea
        id={`field-${name}`}
        name={name}
        rows={rows}
        required={required}
        maxlength={maxlength}
        aria-invalid={error ? 'true' : undefined}
        aria-describedby={describedBy(name, hint, error)}
      >
        {state.values[name] ?? ''}
      </textarea>
    </FieldFrame>
  );
}

/** A drop-down of fixed options. */
export function SelectField(props: FieldProps & { readonly options: readonly (string | readonly [string, string])[] }) {
  const { name, label, state, hint, required, options } = props;
  const error = state.errors[name];
  const current = state.values[name] ?? '';
  return (
    <FieldFrame name={name} label={label} hint={hint} error={error} required={required}>
      <select id={`field-${name}`} name={name} required={required} aria-invalid={error ? 'true' : undefined} aria-describedby={describedBy(name, hint, error)}>
        {options.map((option) => {
          const [value, text] = typeof option === 'string' ? [option, option] : option;
          return (
            <option value={value} selected={value === current}>
              {text}
            </option>
          );
        })}
      </select>
    </FieldFrame>
  );
}

/** A group of checkboxes sharing one name; `checked` lists the ticked values. */
export function CheckboxGroup(props: { readonly name: string; readonly legend: string; readonly options: readonly string[]; readonly checked: readonly string[]; readonly error?: string | undefined; readonly required?: boolean }) {
  const { name, legend, options, checked, error, required } = props;
  return (
    <fieldset class={error ? 'field field-error' : 'field'} id={`field-${name}`} aria-describedby={error ? `error-${name}` : undefined}>
      <legend>
        {legend}
        {required ? <span class="required"> (required)</span> : null}
      </legend>
      {error ? <p class="error" id={`error-${name}`}>{error}</p> : null}
      {options.map((option, i) => (
        <div class="checkbox">
          <input type="checkbox" id={`field-${name}-${i}`} name={name} value={option} checked={checked.includes(option)} />
          <label for={`field-${name}-${i}`}>{option}</label>
        </div>
      ))}
    </fieldset>
  );
}

/** A single checkbox. */
export function Checkbox(props: { readonly name: string; readonly label: string; readonly checked: boolean; readonly hint?: string }) {
  return (
    <div class="checkbox field">
      <input type="checkbox" id={`field-${props.name}`} name={props.name} value="1" checked={props.checked} aria-describedby={props.hint ? `hint-${props.name}` : undefined} />
      <label for={`field-${props.name}`}>{props.label}</label>
      {props.hint ? <p class="hint" id={`hint-${props.name}`}>{props.hint}</p> : null}
    </div>
  );
}

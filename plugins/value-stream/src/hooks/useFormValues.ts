import { useState } from 'react';

/** What a form field needs to show and change one value. */
export interface FieldBinding<T> {
  name: string;
  value: T;
  onChange: (value: T) => void;
}

/**
 * The values of a form in one state, and `field(name)` to bind a form field
 * to one of them, e.g. `<FormTextField {...field('title')} />`.
 */
export function useFormValues<V extends Record<string, unknown>>(
  initial: V | (() => V),
): {
  values: V;
  field: <K extends keyof V & string>(name: K) => FieldBinding<V[K]>;
} {
  const [values, setValues] = useState<V>(initial);
  const field = <K extends keyof V & string>(name: K): FieldBinding<V[K]> => ({
    name,
    value: values[name],
    onChange: (value: V[K]) => setValues(prev => ({ ...prev, [name]: value })),
  });
  return { values, field };
}

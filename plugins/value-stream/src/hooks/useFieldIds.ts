import { useState } from 'react';

let counter = 0;

/**
 * Stable, unique element ids for the fields of one form, so that MUI links
 * each label and helper text to its input (React 17 has no `useId`).
 */
export function useFieldIds(form: string): (field: string) => string {
  const [uid] = useState(() => {
    counter += 1;
    return counter;
  });
  return (field: string) => `vs-${form}-${uid}-${field.replace(/\W+/g, '-')}`;
}

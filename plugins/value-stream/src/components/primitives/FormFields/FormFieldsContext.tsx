import { createContext, ReactNode, useContext } from 'react';
import { useFieldIds } from '../../../hooks/useFieldIds';
import { fieldMessage, type FormError } from '../../../lib/errors';

interface FormFieldsContextValue {
  id: (field: string) => string;
  error?: FormError;
}

const FormFieldsContext = createContext<FormFieldsContextValue | undefined>(
  undefined,
);

/** Props of {@link FormFieldsProvider}. */
export interface FormFieldsProviderProps {
  /** Names the form in the element ids of its fields. */
  form: string;
  error?: FormError;
  children: ReactNode;
}

/**
 * Gives the fields of one form their element ids and the messages of the
 * last failed submit, so that each field only needs its name.
 */
export const FormFieldsProvider = ({
  form,
  error,
  children,
}: FormFieldsProviderProps) => {
  const id = useFieldIds(form);
  return (
    <FormFieldsContext.Provider value={{ id, error }}>
      {children}
    </FormFieldsContext.Provider>
  );
};

/** The element id and the error message of the named field of the form. */
export function useFormField(name: string): { id: string; message?: string } {
  const context = useContext(FormFieldsContext);
  if (!context) {
    throw new Error('Form fields must be rendered inside a FormDialog');
  }
  return { id: context.id(name), message: fieldMessage(context.error, name) };
}

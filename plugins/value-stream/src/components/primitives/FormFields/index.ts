export { FormFieldsProvider } from './FormFieldsContext';
export type { FormFieldsProviderProps } from './FormFieldsContext';
export { FormTextField } from './FormTextField';
export type { FormTextFieldProps } from './FormTextField';
export { FormSelectField } from './FormSelectField';
export type { FormSelectFieldProps } from './FormSelectField';
export { FormCheckboxField } from './FormCheckboxField';
export type { FormCheckboxFieldProps } from './FormCheckboxField';

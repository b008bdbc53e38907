export { FormErrorAlert } from './FormErrorAlert';
export type { FormErrorAlertProps } from './FormErrorAlert';

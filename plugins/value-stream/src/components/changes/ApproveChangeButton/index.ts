export { ApproveChangeButton } from './ApproveChangeButton';
export type { ApproveChangeButtonProps } from './ApproveChangeButton';

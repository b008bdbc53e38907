export { SlaCountdown } from './SlaCountdown';
export type { SlaCountdownProps } from './SlaCountdown';

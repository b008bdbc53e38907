export { StageStepper } from './StageStepper';
export type { StageStepperProps } from './StageStepper';

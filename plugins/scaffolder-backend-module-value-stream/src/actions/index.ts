export { createValueStreamChangeAction } from './createChangeAction';
export { createValueStreamProposeServiceLevelAction } from './proposeServiceLevelAction';
export { createValueStreamGetStageAction } from './getStageAction';
export { createValueStreamPublishLocalDirectoryAction } from './publishLocalDirectoryAction';

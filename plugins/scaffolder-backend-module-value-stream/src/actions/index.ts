export {
  createValueStreamChangeAction,
  CREATE_CHANGE_ACTION_ID,
} from './createChangeAction';
export {
  createValueStreamProposeServiceLevelAction,
  PROPOSE_SERVICE_LEVEL_ACTION_ID,
} from './proposeServiceLevelAction';
export {
  createValueStreamGetStageAction,
  GET_STAGE_ACTION_ID,
} from './getStageAction';
export {
  createValueStreamPublishLocalDirectoryAction,
  PUBLISH_LOCAL_DIRECTORY_ACTION_ID,
} from './publishLocalDirectoryAction';

/**
 * Scaffolder actions of the Value Stream plugins: open the change that
 * proposes a new service, propose its service level, read its stage, and
 * publish a new service to a local directory on portals without a git server.
 *
 * @packageDocumentation
 */

export { scaffolderModuleValueStream as default } from './module';
export {
  createValueStreamChangeAction,
  createValueStreamGetStageAction,
  createValueStreamProposeServiceLevelAction,
  createValueStreamPublishLocalDirectoryAction,
} from './actions';
export {
  LocalDirectoryUrlReader,
  localPublishDirectoryUrlReader,
} from './urlReader/LocalDirectoryUrlReader';

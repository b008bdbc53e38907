import type { ValueStreamRoute } from './routes';
import {
  changeApprovalStatus,
  proposeStandardChangeModelSchema,
  standardChangeModel,
  standardChangeModelPage,
  standardChangeModelQuerySchema,
  standardChangeModelTransitionSchema,
  updateStandardChangeModelSchema,
} from './changeEnablementSchemas';

const MODELS = '/standard-change-models';

/**
 * The operations of the standard-change catalog and of a change's approval
 * status.
 * @public
 */
export const CHANGE_ENABLEMENT_ROUTES = {
  getChangeApprovalStatus: {
    operationId: 'getChangeApprovalStatus',
    method: 'GET',
    path: '/changes/{id}/approval-status',
    status: 200,
    response: changeApprovalStatus,
  },
  listStandardChangeModels: {
    operationId: 'listStandardChangeModels',
    method: 'GET',
    path: MODELS,
    status: 200,
    query: standardChangeModelQuerySchema,
    response: standardChangeModelPage,
  },
  proposeStandardChangeModel: {
    operationId: 'proposeStandardChangeModel',
    method: 'POST',
    path: MODELS,
    status: 201,
    body: proposeStandardChangeModelSchema,
    response: standardChangeModel,
  },
  getStandardChangeModel: {
    operationId: 'getStandardChangeModel',
    method: 'GET',
    path: `${MODELS}/{id}`,
    status: 200,
    response: standardChangeModel,
  },
  updateStandardChangeModel: {
    operationId: 'updateStandardChangeModel',
    method: 'PATCH',
    path: `${MODELS}/{id}`,
    status: 200,
    body: updateStandardChangeModelSchema,
    response: standardChangeModel,
  },
  transitionStandardChangeModel: {
    operationId: 'transitionStandardChangeModel',
    method: 'POST',
    path: `${MODELS}/{id}/transitions`,
    status: 200,
    body: standardChangeModelTransitionSchema,
    response: standardChangeModel,
  },
} as const satisfies Record<string, ValueStreamRoute>;

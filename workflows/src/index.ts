export { createOrderWorker, installTemporalLogging, quietTemporalRuntime, workflowBundlerOptions, workflowsEntry, type OrderWorkerOptions } from './worker';
export { runOrderWorker, type RunningOrderWorker } from './running-worker';
export { createOrderActivities, type OrderActivities } from './order/activities';
export { routingFromCadres, type RouteOrder } from './order/routing-client';
export { policyFromDatabase, policyCollection } from './order/policy-store';
export type { OrderWorkflowInput } from './order/order.workflow';
export type { OrderPolicy } from './order/policy';
export { defaultOrderPolicy, OrderPolicySchema } from './order/policy';

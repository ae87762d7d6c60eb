import { z } from 'zod';
import type { RouteDoc } from './route-doc';

/** GET /healthz: the process answers. */
export const Health = z.strictObject({ status: z.literal('ok'), service: z.string() });

/** GET /readyz: each server the service needs, and what more it tells (consumer lag …). */
export const Readiness = z.looseObject({
  status: z.enum(['ready', 'not-ready']),
  service: z.string(),
  checks: z.record(z.string(), z.boolean()).meta({ description: 'Each connection: answers or not' }),
  consumers: z.array(z.looseObject({})).optional().meta({ description: "Each consumer group's lag per partition" }),
});

const operations = ['运维 Operations'];

/** The health routes `createHttpApp` adds to every service. */
export const healthRouteDocs: readonly RouteDoc[] = [
  {
    method: 'get',
    path: '/healthz',
    summary: '存活检查 · Liveness',
    tags: operations,
    security: ['none'],
    responses: { 200: Health },
    commonProblems: false,
  },
  {
    method: 'get',
    path: '/readyz',
    summary: '就绪检查 · Readiness (Temporal, Kafka, MongoDB, worker)',
    description: '503 until every server the service needs answers; also shows each consumer group\'s lag.',
    tags: operations,
    security: ['none'],
    responses: { 200: Readiness, 503: { description: 'Not ready (same shape)', schema: Readiness } },
    commonProblems: false,
  },
];

export type { ApiDescription, HttpMethod, ResponseDoc, RouteDoc, RouteSecurity } from './route-doc';
export { Problem, problem, problemContentType } from './problem-schema';
export { IdempotencyKeyHeaders } from './common-headers';
export { Health, Readiness, healthRouteDocs } from './health-docs';
export { defaultOperationId, openApiDocument, openApiPath, openApiVersion, type JsonObject, type OpenApiDocument, type SignInInfo } from './document';
export { apiDocsRouteDocs, apiDocsRoutes, docsContentSecurityPolicy, docsPagePath, openApiDocumentPath } from './docs-page';
export { registeredRoutes, type RegisteredRoute } from './express-routes';

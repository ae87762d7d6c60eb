import path from 'node:path';
import { Router } from 'express';
import { z } from 'zod';
import { securityHeaders, type ContentSecurityPolicyDirectives } from '../http-guards/security-headers';
import { HttpProblem } from '../problem';
import type { OpenApiDocument } from './document';
import { problem } from './problem-schema';
import type { RouteDoc } from './route-doc';

export const openApiDocumentPath = '/openapi.json';
export const docsPagePath = '/docs';
const assetsPath = `${docsPagePath}/assets`;

/**
 * The docs page's policy: its own scripts, styles and images (Swagger UI's icons are data:
 * URIs), calls to its own origin only (the document, "Try it out"); nothing inline, no eval,
 * no framing. Only /docs has it; every other answer keeps the API's `default-src 'none'`.
 */
export const docsContentSecurityPolicy: ContentSecurityPolicyDirectives = {
  'default-src': ["'none'"],
  'script-src': ["'self'"],
  'style-src': ["'self'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
  'frame-ancestors': ["'none'"],
};

/** Swagger UI's files served from the installed `swagger-ui-dist` (no CDN), by name. */
const swaggerUiFiles: Readonly<Record<string, string>> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'favicon-32x32.png': 'image/png',
  'favicon-16x16.png': 'image/png',
};

/** The page's own start script (a file, not inline, for the CSP): Swagger UI on this service's document. */
const initScript = `window.addEventListener('load', function () {
  window.ui = SwaggerUIBundle({
    url: '${openApiDocumentPath}',
    dom_id: '#swagger-ui',
    deepLinking: true,
    validatorUrl: null,
    presets: [SwaggerUIBundle.presets.apis],
    layout: 'BaseLayout',
  });
});
`;

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

function page(title: string): string {
  return `<!DOCTYPE html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(title)} — API</title>
<link rel="stylesheet" href="${assetsPath}/swagger-ui.css">
<link rel="icon" type="image/png" href="${assetsPath}/favicon-32x32.png" sizes="32x32">
<link rel="icon" type="image/png" href="${assetsPath}/favicon-16x16.png" sizes="16x16">
</head>
<body>
<div id="swagger-ui"></div>
<script src="${assetsPath}/swagger-ui-bundle.js"></script>
<script src="${assetsPath}/init.js"></script>
</body>
</html>
`;
}

function swaggerUiDirectory(): string {
  return path.dirname(require.resolve('swagger-ui-dist/package.json'));
}

/**
 * GET /openapi.json (the document), GET /docs (Swagger UI on it) and GET /docs/assets/:file
 * (Swagger UI's files from `swagger-ui-dist`, and the page's start script). Public: the
 * document describes the API, it grants nothing. Mount before sign-in.
 */
export function apiDocsRoutes(document: OpenApiDocument): Router {
  const router = Router();
  const directory = swaggerUiDirectory();
  const html = page(document.info.title);

  router.get(openApiDocumentPath, (_req, res) => {
    res.set('Cache-Control', 'no-cache').json(document);
  });
  router.use(docsPagePath, securityHeaders({ contentSecurityPolicy: docsContentSecurityPolicy }));
  router.get(docsPagePath, (_req, res) => {
    res.set('Cache-Control', 'no-cache').type('html').send(html);
  });
  router.get(`${assetsPath}/:file`, (req, res, next) => {
    const file = req.params.file;
    if (file === 'init.js') {
      res.set('Cache-Control', 'no-cache').type('text/javascript; charset=utf-8').send(initScript);
      return;
    }
    const type = swaggerUiFiles[file];
    if (!type) throw new HttpProblem(404, 'not-found', '未找到该资源', `GET ${req.path}`);
    res.sendFile(path.join(directory, file), { headers: { 'Content-Type': type }, maxAge: '1d' }, (error) => {
      if (error) next(error);
    });
  });
  return router;
}

/** The docs routes themselves, described like any other. */
export const apiDocsRouteDocs: readonly RouteDoc[] = [
  {
    method: 'get',
    path: openApiDocumentPath,
    summary: '本服务的 OpenAPI 3.1 文档 · This OpenAPI document',
    tags: ['运维 Operations'],
    security: ['none'],
    responses: { 200: { description: 'OpenAPI 3.1 document', schema: z.looseObject({ openapi: z.string() }) } },
    commonProblems: false,
  },
  {
    method: 'get',
    path: docsPagePath,
    summary: '接口文档页面 · API docs page (Swagger UI)',
    tags: ['运维 Operations'],
    security: ['none'],
    responses: { 200: { description: 'HTML page', schema: z.string(), contentType: 'text/html' } },
    commonProblems: false,
  },
  {
    method: 'get',
    path: `${assetsPath}/:file`,
    summary: '文档页面的静态文件 · Assets of the docs page',
    tags: ['运维 Operations'],
    security: ['none'],
    params: z.strictObject({ file: z.enum([...Object.keys(swaggerUiFiles), 'init.js']) }),
    responses: { 200: { description: 'The file (CSS, JavaScript or PNG)' }, 404: problem('No such file') },
    commonProblems: false,
  },
];

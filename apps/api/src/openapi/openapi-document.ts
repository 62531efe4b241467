import { RequestMethod, type INestApplication } from '@nestjs/common';
import { HTTP_CODE_METADATA, METHOD_METADATA, PATH_METADATA } from '@nestjs/common/constants';
import { ModulesContainer, Reflector } from '@nestjs/core';
import {
  DocumentBuilder,
  SwaggerModule,
  type OpenAPIObject,
  type OperationObject,
  type ReferenceObject,
  type ResponsesObject,
  type SchemaObject,
} from '@nestjs/swagger';
import type { Role } from '@rectiflow/domain';
import { IS_PUBLIC, REQUIRED_ROLES } from '../auth/auth.decorators';
import { jsonContent, ROUTE_ANSWER, type RouteAnswer } from './api-route.decorator';
import { REQUEST_CONTENT, type BodySchema } from './request-content.decorator';
import responseSchemas from './response-schemas.json';
import { taskInputClasses } from './task-input-body.decorator';

/** Every tag a controller uses, declared with what it groups. */
const TAGS: Record<string, string> = {
  health: 'Whether the API, Temporal and the read model answer',
  auth: 'Signing in and the signed-in user',
  public: 'Pages that need no sign-in',
  organisation: 'Departments and users',
  units: 'Inspected units (被巡察单位) and their settings',
  batches: 'Inspection batches over several units, their summary and 整改成效评估',
  rounds: 'Inspection rounds (巡察轮次), their import and their findings',
  findings: 'Findings (反馈问题) and everything recorded on them',
  inbox: 'The caller’s open tasks (待办)',
  tasks: 'Claiming, releasing and completing tasks: the workflow steps',
  evidence: 'Evidence files (佐证材料)',
  notifications: 'Reminders, escalations and send-backs addressed to the caller',
  dashboard: 'Figures of a round or of every round',
  supervision: 'The supervision ledger (督办台账) and its export',
  scorecard: 'The appraisal scorecard (绩效考核) per department and its export',
  meetings: 'Committee meetings (专题会议): their agenda, pack and decisions',
  publication:
    '公开: publishing a round’s public report for its comment window, the public page, findings withheld from it',
  reports: 'The ledger (整改台账), the progress report (通报) and the import template',
  audit: 'The hash-chained audit log',
};

const BEARER = 'bearer';

/** What the API's own metadata says about one route (the same metadata its guard reads). */
interface RouteFacts {
  isPublic: boolean;
  roles: Role[] | undefined;
  status: number;
  answer: RouteAnswer | undefined;
  requestContent: Record<string, { schema: BodySchema }> | undefined;
}

const operationId = (controller: string, method: string) => `${controller}_${method}`;

function routeFacts(app: INestApplication): Map<string, RouteFacts> {
  const reflector = new Reflector();
  const facts = new Map<string, RouteFacts>();
  for (const module of app.get(ModulesContainer).values()) {
    for (const { metatype } of module.controllers.values()) {
      if (typeof metatype !== 'function') continue;
      const prototype = metatype.prototype as Record<string, unknown>;
      for (const name of Object.getOwnPropertyNames(prototype)) {
        const handler = prototype[name];
        if (
          typeof handler !== 'function' ||
          Reflect.getMetadata(PATH_METADATA, handler) === undefined
        )
          continue;
        const targets = [handler, metatype];
        const method = Reflect.getMetadata(METHOD_METADATA, handler) as RequestMethod;
        facts.set(operationId(metatype.name, name), {
          isPublic: reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets) === true,
          roles: reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets),
          status:
            (Reflect.getMetadata(HTTP_CODE_METADATA, handler) as number | undefined) ??
            (method === RequestMethod.POST ? 201 : 200),
          answer: Reflect.getMetadata(ROUTE_ANSWER, handler) as RouteAnswer | undefined,
          requestContent: Reflect.getMetadata(REQUEST_CONTENT, handler) as
            RouteFacts['requestContent'] | undefined,
        });
      }
    }
  }
  return facts;
}

/**
 * `@ApiProperty({ nullable: true })` is OpenAPI 3.0's spelling; in 3.1 (JSON Schema) null is
 * one of the types.
 */
function nullableAsType(schema: SchemaObject | ReferenceObject): void {
  if (!('nullable' in schema) || !schema.nullable || typeof schema.type !== 'string') return;
  delete schema.nullable;
  (schema as { type: string | string[] }).type = [schema.type, 'null'];
}

const error = (description: string) => ({ description, content: jsonContent('ErrorAnswer') });

/** The answers that follow from the route's metadata and the app's global pipes and guard. */
function completeOperation(operation: OperationObject, facts: RouteFacts): void {
  const responses: ResponsesObject = {};
  const { answer } = facts;
  if (answer) {
    const empty = !answer.answer && !answer.files;
    const success = {
      description: empty ? 'No content' : 'OK',
      content: empty
        ? undefined
        : answer.answer
          ? jsonContent(answer.answer)
          : Object.fromEntries(
              (answer.files ?? []).map((type) => [
                type,
                { schema: { type: 'string', format: 'binary' } as SchemaObject },
              ]),
            ),
    };
    for (const status of [facts.status, ...(answer.alsoStatus ?? [])]) responses[status] = success;
  }
  if (facts.requestContent && operation.requestBody && 'content' in operation.requestBody) {
    operation.requestBody.content = facts.requestContent;
  }
  const takesInput = (operation.parameters?.length ?? 0) > 0 || operation.requestBody;
  if (takesInput) {
    responses[400] = error('Invalid input: `message` names every offending field');
  }
  if (facts.isPublic) {
    operation.security = [];
  } else {
    responses[401] = error('No bearer token, or one that is invalid or expired');
    // Every signed-in route reads the read model; an outage is a 503 with Retry-After.
    responses[503] = error('The database cannot be reached now: retry later');
    delete operation.security; // the document's own requirement: a bearer token
  }
  if (facts.roles) {
    responses[403] = error(`The caller has none of the roles ${facts.roles.join(', ')}`);
  }
  if (operation.requestBody) responses[413] = error('The body is larger than the API accepts');
  // The route's own statements (its errors, a 403 with more to say) win; Nest's placeholder for
  // the success status (no description, no content) does not.
  const own = Object.entries(operation.responses ?? {}).filter(
    ([, response]) => response && !('description' in response && response.description === ''),
  );
  operation.responses = { ...responses, ...Object.fromEntries(own) };
}

/**
 * The OpenAPI 3.1 document served at /api/docs: request bodies and parameters from the DTO
 * classes, every answer's schema generated from the contract types (response-schemas.json),
 * and the statuses, security and tags each route has.
 */
export function createOpenApiDocument(app: INestApplication): OpenAPIObject {
  const builder = new DocumentBuilder()
    .setOpenAPIVersion('3.1.0')
    .setTitle('rectiflow')
    .setDescription(
      '巡察整改 workflow engine: inboxes, tasks, findings, rounds, evidence, audit. Errors answer ' +
        'in NestJS’s shape `{ statusCode, error, message }`.',
    )
    .setVersion('0.1.0')
    .addServer('/', 'This server (every path starts with /api)')
    .addBearerAuth()
    .addSecurityRequirements(BEARER);
  for (const [name, description] of Object.entries(TAGS)) builder.addTag(name, description);
  const config = builder.build();
  // As package.json says: not licensed to others (DocumentBuilder insists on a URL).
  config.info.license = { name: 'UNLICENSED' };
  const document = SwaggerModule.createDocument(app, config, {
    operationIdFactory: operationId,
  });
  const schemas = (document.components ??= {}).schemas ?? {};
  for (const schema of Object.values(schemas)) {
    if (!('type' in schema)) continue;
    // The DTO classes are validated with `forbidNonWhitelisted`: an unknown field is a 400.
    if (schema.type === 'object') schema.additionalProperties = false;
    for (const property of Object.values(schema.properties ?? {})) nullableAsType(property);
  }
  for (const [dto, kinds] of taskInputClasses()) {
    const schema = schemas[dto.name] as SchemaObject;
    schema.description = `Completes a task of kind ${kinds.map((k) => `\`${k}\``).join(', ')}.`;
  }
  for (const [name, schema] of Object.entries(responseSchemas.schemas)) {
    if (name in schemas) throw new Error(`two schemas are named ${name}`);
    schemas[name] = schema as SchemaObject;
  }
  document.components.schemas = schemas;

  const facts = routeFacts(app);
  for (const path of Object.values(document.paths)) {
    for (const operation of Object.values(path) as OperationObject[]) {
      if (!operation?.operationId) continue;
      const route = facts.get(operation.operationId);
      if (route) completeOperation(operation, route);
    }
  }
  return document;
}

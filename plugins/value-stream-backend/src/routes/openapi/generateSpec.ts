import {
  approvalSchema,
  COLLECTION_ROUTES,
  COLLECTIONS,
  mapEventSchema,
  proposeStandardChangeModelSchema,
  responseSchemaRegistry,
  standardChangeModelTransitionSchema,
  transitionSchema,
  updateStandardChangeModelSchema,
  VALUE_STREAM_ROUTES,
  type ValueStreamRoute,
} from '@valuestream/plugin-value-stream-common';
import { z } from 'zod';
import { ingestResultSchema } from './ingestResultSchema';

/**
 * The hand-written part of the OpenAPI document (`openapi/docs.yaml`): the
 * header, each operation's words, parameters and responses by operation id,
 * and the shared parameters and responses. Its `components.schemas` may add
 * schemas no zod schema describes; it is empty today.
 */
export interface SpecDocs {
  header: Record<string, unknown>;
  operations: Record<string, Record<string, unknown>>;
  components: Record<string, Record<string, unknown>>;
}

/**
 * The request bodies the backend parses with -common's schemas, by name:
 * `CreateChangeRequest` for the body of `createChange`, and so on.
 */
const REQUEST_SCHEMAS: Array<[string, z.ZodType]> = [
  ...COLLECTIONS.flatMap(collection => {
    const { create, update } = COLLECTION_ROUTES[collection];
    return [create, update].map((route): [string, z.ZodType] => [
      `${route.operationId[0].toUpperCase()}${route.operationId.slice(
        1,
      )}Request`,
      route.body!,
    ]);
  }),
  ['ApprovalRequest', approvalSchema],
  ['TransitionRequest', transitionSchema],
  ['MapEventRequest', mapEventSchema],
  ['ProposeStandardChangeModelRequest', proposeStandardChangeModelSchema],
  ['UpdateStandardChangeModelRequest', updateStandardChangeModelSchema],
  ['StandardChangeModelTransitionRequest', standardChangeModelTransitionSchema],
];

/** What a client sends: the input side of the schema, before transforms. */
function jsonSchemaOf(schema: z.ZodType): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    target: 'openapi-3.0',
    io: 'input',
    unrepresentable: 'any',
  }) as Record<string, unknown>;
}

/**
 * A response may gain fields, so `additionalProperties: false` goes; so do
 * the safe-integer bounds zod gives every integer, which say nothing.
 */
function tidy(value: unknown): unknown {
  if (Array.isArray(value)) {
    return value.map(tidy);
  }
  if (value && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(
          ([key, v]) =>
            !(key === 'additionalProperties' && v === false) &&
            !(key === 'minimum' && v === Number.MIN_SAFE_INTEGER) &&
            !(key === 'maximum' && v === Number.MAX_SAFE_INTEGER),
        )
        .map(([key, v]) => [key, tidy(v)]),
    );
  }
  return value;
}

/** The responses -common describes with zod, by component name. */
function responseSchemas(): Record<string, unknown> {
  const { schemas } = z.toJSONSchema(responseSchemaRegistry, {
    target: 'openapi-3.0',
    io: 'output',
    uri: id => `#/components/schemas/${id}`,
  });
  const ingestResult = z.toJSONSchema(ingestResultSchema, {
    target: 'openapi-3.0',
    io: 'output',
  });
  return Object.fromEntries(
    Object.entries({ ...schemas, IngestResult: ingestResult }).map(
      ([name, schema]) => {
        const { $id: _id, ...rest } = schema as Record<string, unknown>;
        return [name, tidy(rest)];
      },
    ),
  );
}

/** A `$ref` to the registered response schema, or an array of one. */
function responseSchemaOf(schema: z.ZodType): Record<string, unknown> {
  const id = responseSchemaRegistry.get(schema)?.id;
  if (id) {
    return { $ref: `#/components/schemas/${id}` };
  }
  if (schema instanceof z.ZodArray) {
    return {
      type: 'array',
      items: responseSchemaOf(schema.element as z.ZodType),
    };
  }
  throw new Error('A route response is neither registered nor an array');
}

/** The query parameters of a route, from the schema the backend parses. */
function queryParametersOf(
  route: ValueStreamRoute & { query: z.ZodType },
): Array<Record<string, unknown>> {
  const schema = route.query;
  const json = jsonSchemaOf(schema) as {
    properties?: Record<string, Record<string, unknown>>;
    required?: string[];
  };
  const accepted = (name: string) =>
    !route.queryFields || route.queryFields.includes(name);
  const properties = Object.entries(json.properties ?? {}).filter(([name]) =>
    accepted(name),
  );
  return properties.map(([name, property]) => {
    const { description, ...propertySchema } = property;
    return {
      name,
      in: 'query',
      ...(json.required?.includes(name) && { required: true }),
      schema: propertySchema,
      ...(description !== undefined && { description }),
    };
  });
}

function requestBodyOf(route: ValueStreamRoute) {
  if (!route.body) {
    return undefined;
  }
  const entry = REQUEST_SCHEMAS.find(([, schema]) => schema === route.body);
  if (!entry) {
    throw new Error(`No component name for the body of ${route.operationId}`);
  }
  return {
    required: true,
    content: {
      'application/json': {
        schema: { $ref: `#/components/schemas/${entry[0]}` },
      },
    },
  };
}

/**
 * Builds the OpenAPI document of the REST API: paths, methods, operation ids
 * and success statuses from -common's route table, request bodies from the
 * zod schemas the backend parses them with, the response bodies from
 * -common's response schemas and the ingest result, and the rest from `docs`.
 */
export function generateSpec(
  docs: SpecDocs,
  routes: readonly ValueStreamRoute[] = VALUE_STREAM_ROUTES,
): Record<string, unknown> {
  const byId = new Map(routes.map(r => [r.operationId, r]));
  const paths: Record<string, Record<string, unknown>> = {};
  for (const [operationId, doc] of Object.entries(docs.operations)) {
    const route = byId.get(operationId);
    if (!route) {
      throw new Error(`docs describe ${operationId}, which no route has`);
    }
    byId.delete(operationId);
    const responses = { ...(doc.responses as Record<string, unknown>) };
    if (!responses[String(route.status)]) {
      throw new Error(`docs of ${operationId} lack its ${route.status}`);
    }
    const ok = String(route.status);
    if (route.response) {
      const success = responses[ok] as Record<string, unknown>;
      if (success.content) {
        throw new Error(`docs of ${operationId} repeat its generated response`);
      }
      const schema = responseSchemaOf(route.response);
      responses[ok] = {
        ...success,
        content: { 'application/json': { schema } },
      };
    }
    const written = (doc.parameters ?? []) as Array<Record<string, unknown>>;
    const isQuery = (parameter: Record<string, unknown>) => {
      const ref = parameter.$ref as string | undefined;
      const resolved = ref
        ? (docs.components.parameters?.[ref.split('/').pop()!] as
            | Record<string, unknown>
            | undefined)
        : parameter;
      return resolved?.in === 'query';
    };
    // Docs that list no query parameters take them from the route's schema.
    const parameters =
      route.query && !written.some(isQuery)
        ? [...written, ...queryParametersOf({ ...route, query: route.query })]
        : written;
    const requestBody = requestBodyOf(route);
    if (requestBody && doc.requestBody) {
      throw new Error(`docs of ${operationId} repeat its generated body`);
    }
    const {
      parameters: _p,
      requestBody: writtenBody,
      responses: _r,
      ...rest
    } = doc;
    const body = requestBody ?? writtenBody;
    // The order of a written operation: parameters, body, responses.
    const operation: Record<string, unknown> = {
      operationId,
      ...rest,
      ...(parameters.length && { parameters }),
      ...(body !== undefined && { requestBody: body }),
      responses,
    };
    paths[route.path] ??= {};
    paths[route.path][route.method.toLowerCase()] = operation;
  }
  if (byId.size) {
    throw new Error(`No docs for ${[...byId.keys()].join(', ')}`);
  }

  const schemas: Record<string, unknown> = {
    ...(docs.components.schemas ?? {}),
  };
  const generated: Array<[string, unknown]> = [
    ...Object.entries(responseSchemas()),
    ...REQUEST_SCHEMAS.map(([name, schema]): [string, unknown] => [
      name,
      jsonSchemaOf(schema),
    ]),
  ];
  for (const [name, schema] of generated) {
    if (name in schemas) {
      throw new Error(`docs repeat the generated schema ${name}`);
    }
    schemas[name] = schema;
  }
  return {
    ...docs.header,
    paths,
    components: { ...docs.components, schemas },
  };
}

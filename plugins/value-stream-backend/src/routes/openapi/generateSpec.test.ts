import {
  ROUTES,
  transitionSchema,
} from '@valuestream/plugin-value-stream-common';
import { generateSpec, type SpecDocs } from './generateSpec';

const ok = { responses: { '200': { description: 'The board' } } };

function docs(operations: SpecDocs['operations']): SpecDocs {
  return {
    header: { openapi: '3.0.3' },
    operations,
    components: { schemas: { Extra: { type: 'object' } } },
  };
}

describe('generateSpec', () => {
  it('places each documented operation at its route, with its response schema', () => {
    const spec = generateSpec(docs({ getEntitySummary: ok }), [
      ROUTES.getEntitySummary,
    ]);
    expect(spec.paths).toEqual({
      '/entities/{kind}/{namespace}/{name}/summary': {
        get: {
          operationId: 'getEntitySummary',
          responses: {
            '200': {
              description: 'The board',
              content: {
                'application/json': {
                  schema: { $ref: '#/components/schemas/EntitySummary' },
                },
              },
            },
          },
        },
      },
    });
  });

  it('takes query parameters from the route schema unless the docs list them', () => {
    const generated = generateSpec(docs({ getAssets: ok }), [
      ROUTES.getAssets,
    ]) as { paths: Record<string, Record<string, any>> };
    expect(generated.paths['/assets'].get.parameters).toEqual([
      {
        name: 'expiringWithinDays',
        in: 'query',
        schema: { default: 90, type: 'integer', minimum: 0, maximum: 3650 },
        description:
          'Assets that expire within this many days (or have expired) are listed in `expiring`',
      },
    ]);
    const written = { parameters: [{ name: 'days', in: 'query' }], ...ok };
    const kept = generateSpec(docs({ getAssets: written }), [
      ROUTES.getAssets,
    ]) as { paths: Record<string, Record<string, any>> };
    expect(kept.paths['/assets'].get.parameters).toEqual(written.parameters);
  });

  it('documents only the fields of a shared query that the route accepts', () => {
    const spec = generateSpec(docs({ listEvents: ok }), [
      ROUTES.listEvents,
    ]) as { paths: Record<string, Record<string, any>> };
    expect(
      spec.paths['/events'].get.parameters.map((p: { name: string }) => p.name),
    ).toEqual(['entityRef', 'cursor', 'limit', 'unmatched']);
  });

  it('refuses docs that write the response schema the route table gives', () => {
    const written = {
      responses: {
        '200': {
          description: 'The board',
          content: { 'application/json': {} },
        },
      },
    };
    expect(() =>
      generateSpec(docs({ getBoard: written }), [ROUTES.getBoard]),
    ).toThrow('docs of getBoard repeat its generated response');
  });

  it('generates request bodies from the zod schemas', () => {
    const route = {
      operationId: 'transitionChange',
      method: 'POST',
      path: '/changes/{id}/transitions',
      status: 200,
      body: transitionSchema,
    } as const;
    const spec = generateSpec(docs({ transitionChange: ok }), [route]) as {
      paths: Record<string, Record<string, { requestBody: unknown }>>;
      components: { schemas: Record<string, { required: string[] }> };
    };
    expect(spec.paths[route.path].post.requestBody).toEqual({
      required: true,
      content: {
        'application/json': {
          schema: { $ref: '#/components/schemas/TransitionRequest' },
        },
      },
    });
    expect(spec.components.schemas.TransitionRequest.required).toEqual([
      'to',
      'version',
    ]);
    expect(spec.components.schemas.Extra).toEqual({ type: 'object' });
  });

  it('describes the record responses from -common, open to new fields', () => {
    const spec = generateSpec(docs({ getBoard: ok }), [ROUTES.getBoard]) as {
      components: { schemas: Record<string, any> };
    };
    const change = spec.components.schemas.ChangeRecord;
    expect(change.required).toEqual(
      expect.arrayContaining(['id', 'version', 'history', 'approvals']),
    );
    expect(change.properties.approvals.items).toEqual({
      $ref: '#/components/schemas/Approval',
    });
    expect(change.additionalProperties).toBeUndefined();
    expect(spec.components.schemas.ChangePage.properties.items.items).toEqual({
      $ref: '#/components/schemas/ChangeRecord',
    });
  });

  it('refuses a hand-written schema that the generator makes', () => {
    const withDuplicate = docs({ getBoard: ok });
    withDuplicate.components.schemas = { ChangeRecord: { type: 'object' } };
    expect(() => generateSpec(withDuplicate, [ROUTES.getBoard])).toThrow(
      'docs repeat the generated schema ChangeRecord',
    );
  });

  it('refuses docs and routes that do not match', () => {
    expect(() => generateSpec(docs({}), [ROUTES.getBoard])).toThrow(
      'No docs for getBoard',
    );
    expect(() =>
      generateSpec(docs({ getBoard: ok, getNothing: ok }), [ROUTES.getBoard]),
    ).toThrow('docs describe getNothing, which no route has');
    expect(() =>
      generateSpec(docs({ getBoard: { responses: {} } }), [ROUTES.getBoard]),
    ).toThrow('docs of getBoard lack its 200');
  });
});

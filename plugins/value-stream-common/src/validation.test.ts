import { InputError, serializeError } from '@backstage/errors';
import { z } from 'zod';
import {
  fieldErrorMap,
  fieldErrorsOfResponseBody,
  formatValidationMessage,
  parseOrThrow,
  ValidationError,
} from './validation';

const schema = z
  .object({
    title: z.string().min(1),
    nested: z.object({ count: z.number().int() }).strict().optional(),
    tags: z.array(z.string()).optional(),
  })
  .strict();

function messageFor(value: unknown, what = 'thing') {
  const result = schema.safeParse(value);
  if (result.success) {
    throw new Error('expected a failure');
  }
  return formatValidationMessage(what, result.error);
}

describe('formatValidationMessage', () => {
  it.each([
    ['a missing field', {}, 'Invalid thing: title: Required'],
    [
      'a wrong type',
      { title: 5 },
      'Invalid thing: title: Invalid input: expected string, received number',
    ],
    [
      'a nested path',
      { title: 'x', nested: { count: 1.5 } },
      'Invalid thing: nested.count: Invalid input: expected int, received number',
    ],
    [
      'an array index',
      { title: 'x', tags: ['a', 2] },
      'Invalid thing: tags.1: Invalid input: expected string, received number',
    ],
    [
      'each unknown key',
      { title: 'x', foo: 1, bar: 2 },
      'Invalid thing: foo: Unknown field; bar: Unknown field',
    ],
    [
      'an unknown nested key',
      { title: 'x', nested: { count: 1, extra: true } },
      'Invalid thing: nested.extra: Unknown field',
    ],
    [
      'the root',
      'not an object',
      'Invalid thing: (root): Invalid input: expected object, received string',
    ],
    [
      'several issues',
      { title: '', foo: 1 },
      'Invalid thing: title: Too small: expected string to have >=1 characters; foo: Unknown field',
    ],
  ])('formats %s', (_, value, expected) => {
    expect(messageFor(value)).toBe(expected);
  });

  it('keeps the separator out of reasons', () => {
    const s = z.string().refine(() => false, 'one; two');
    const result = s.safeParse('x');
    expect(result.success).toBe(false);
    expect(formatValidationMessage('x', result.error!)).toBe(
      'Invalid x: (root): one, two',
    );
  });
});

describe('field errors', () => {
  function validationError(value: unknown) {
    const result = schema.safeParse(value);
    if (result.success) {
      throw new Error('expected a failure');
    }
    return new ValidationError('thing', result.error);
  }

  it.each([
    [{}, [{ path: 'title', message: 'Required' }]],
    [
      { title: 5, foo: 1 },
      [
        {
          path: 'title',
          message: 'Invalid input: expected string, received number',
        },
        { path: 'foo', message: 'Unknown field' },
      ],
    ],
    [
      'x',
      [
        {
          path: '(root)',
          message: 'Invalid input: expected object, received string',
        },
      ],
    ],
  ])('lists the fields of %j', (value, expected) => {
    expect(validationError(value).fields).toEqual(expected);
  });

  it.each([
    [{}],
    [{ title: 5, foo: 1 }],
    [{ title: 'x', nested: { count: 'a', extra: 1 } }],
  ])('names every issue path of %j', value => {
    const result = schema.safeParse(value);
    const fields = fieldErrorMap(validationError(value).fields);
    expect(Object.keys(fields).sort()).toEqual(
      [
        ...new Set(
          result.error!.issues.flatMap(i =>
            i.code === 'unrecognized_keys'
              ? i.keys.map(k => [...i.path, k].join('.'))
              : [i.path.join('.')],
          ),
        ),
      ].sort(),
    );
  });

  it('keeps the message of formatValidationMessage and the 400 name', () => {
    const error = validationError({ foo: 1 });
    expect(error).toBeInstanceOf(InputError);
    expect(error.name).toBe('InputError');
    expect(error.message).toBe(messageFor({ foo: 1 }));
  });

  it('travels in the serialized error body and is read back from it', () => {
    const body = {
      error: serializeError(validationError({ title: 5, foo: 1 })),
      request: { method: 'POST', url: '/changes' },
      response: { statusCode: 400 },
    };
    const wire = JSON.parse(JSON.stringify(body));
    expect(wire.error.name).toBe('InputError');
    expect(fieldErrorMap(fieldErrorsOfResponseBody(wire))).toEqual({
      title: 'Invalid input: expected string, received number',
      foo: 'Unknown field',
    });
  });

  it.each([
    [{ error: { name: 'ConflictError', message: 'Stale version' } }],
    [
      {
        error: { name: 'InputError', message: 'x', fields: 'title: Required' },
      },
    ],
    [{}],
    [undefined],
  ])('reads no fields from %j', body => {
    expect(fieldErrorsOfResponseBody(body)).toEqual([]);
  });

  it('keeps the first reason of a path', () => {
    expect(
      fieldErrorMap([
        { path: 'a', message: 'first' },
        { path: 'a', message: 'second' },
        { path: 'targets.P1.responseMinutes', message: 'Too small' },
      ]),
    ).toEqual({ a: 'first', 'targets.P1.responseMinutes': 'Too small' });
  });
});

describe('parseOrThrow', () => {
  it('returns the parsed value', () => {
    expect(parseOrThrow(schema, { title: 'x' }, 'thing')).toEqual({
      title: 'x',
    });
  });

  it('throws an InputError with the formatted message', () => {
    expect(() => parseOrThrow(schema, { foo: 1 }, 'thing')).toThrow(
      new InputError('Invalid thing: title: Required; foo: Unknown field'),
    );
    expect(() => parseOrThrow(schema, {}, 'thing')).toThrow(InputError);
  });
});

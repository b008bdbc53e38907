/*
 * The content type of a request body is checked before anything else of
 * it: a body that is not JSON is a 415 that names the type expected, not a
 * list of "Required" fields that a parser which skipped the body would
 * leave the schema to report.
 */
import type express from 'express';

/** The media type every request body of the API is sent as. */
const JSON_MEDIA_TYPE = 'application/json';

/** Methods whose requests carry a body. */
const BODY_METHODS = new Set(['POST', 'PUT', 'PATCH']);

/** `application/json`, or a `+json` type such as `application/merge-patch+json`. */
function isJsonContentType(header: string | undefined): boolean {
  const type = (header ?? '').split(';')[0].trim().toLocaleLowerCase('en-US');
  return type === JSON_MEDIA_TYPE || /^application\/[\w.+-]+\+json$/.test(type);
}

/** A 415: the Backstage error handler answers with the `statusCode`. */
class UnsupportedMediaTypeError extends Error {
  readonly statusCode = 415;

  constructor(message: string) {
    super(message);
    this.name = 'UnsupportedMediaTypeError';
  }
}

/**
 * Refuses a POST, PUT or PATCH whose `Content-Type` is not JSON with a 415
 * that names the expected type, and what was sent. `hint` tells a webhook
 * sender where the type is set.
 */
export function requireJsonContentType(hint?: string): express.RequestHandler {
  return (req, _res, next) => {
    if (
      !BODY_METHODS.has(req.method) ||
      isJsonContentType(req.headers['content-type'])
    ) {
      next();
      return;
    }
    const sent = req.headers['content-type'];
    next(
      new UnsupportedMediaTypeError(
        `Unsupported Content-Type ${
          sent ? `"${sent}"` : '(none)'
        }: the request body must be sent as ${JSON_MEDIA_TYPE}${
          hint ? `; ${hint}` : ''
        }`,
      ),
    );
  };
}

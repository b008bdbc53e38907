import { createHmac, timingSafeEqual } from 'node:crypto';

/** A header as Express hands it over. */
type HeaderValue = string | readonly string[] | undefined;
/** One secret, or several while a secret is rotated. */
type Secrets = string | readonly string[] | undefined;

const SHA256_HEX = /^[0-9a-f]{64}$/i;

function headerText(header: HeaderValue): string | undefined {
  if (typeof header === 'string') {
    return header;
  }
  return header && header.length ? header.join(',') : undefined;
}

function secretsOf(secret: Secrets): string[] {
  const list = typeof secret === 'string' ? [secret] : [...(secret ?? [])];
  return list.filter(s => typeof s === 'string' && s.length > 0);
}

function hmacSha256(secret: string, body: Buffer): Buffer {
  return createHmac('sha256', secret).update(body).digest();
}

/**
 * Whether any of the given hex signatures is the HMAC-SHA256 of the body
 * under any of the secrets. Every pair is compared in constant time, and
 * all pairs are compared, so the time does not tell which one matched.
 */
function anySignatureMatches(
  rawBody: unknown,
  signaturesHex: string[],
  secret: Secrets,
): boolean {
  const secrets = secretsOf(secret);
  if (!Buffer.isBuffer(rawBody) || secrets.length === 0) {
    return false;
  }
  const given = signaturesHex
    .filter(hex => SHA256_HEX.test(hex))
    .map(hex => Buffer.from(hex, 'hex'));
  let matched = false;
  for (const s of secrets) {
    const expected = hmacSha256(s, rawBody);
    for (const signature of given) {
      if (timingSafeEqual(signature, expected)) {
        matched = true;
      }
    }
  }
  return matched;
}

/**
 * Checks GitHub's `X-Hub-Signature-256` header: `sha256=` and the hex
 * HMAC-SHA256 of the raw request body, keyed with the webhook secret
 * (`valueStream.ingest.github.secret`). False for a missing or malformed
 * header, a missing secret, or a body that is not the raw bytes. Several
 * secrets may be given while the secret is rotated.
 * @public
 */
export function verifyGithubSignature(
  rawBody: Buffer,
  header: HeaderValue,
  secret: Secrets,
): boolean {
  const match = /^sha256=([0-9a-f]{64})$/i.exec(
    headerText(header)?.trim() ?? '',
  );
  return match ? anySignatureMatches(rawBody, [match[1]], secret) : false;
}

/**
 * Checks PagerDuty's `X-PagerDuty-Signature` header: comma-separated
 * signatures such as `v1=<hex>,v1=<hex>` (several while PagerDuty rotates
 * its secret), each the hex HMAC-SHA256 of the raw request body keyed with
 * the subscription's signing secret (`valueStream.ingest.pagerduty.secret`).
 * True when any `v1` signature matches. False for a missing or malformed
 * header, a missing secret, or a body that is not the raw bytes.
 * @public
 */
export function verifyPagerDutySignature(
  rawBody: Buffer,
  header: HeaderValue,
  secret: Secrets,
): boolean {
  const signatures = (headerText(header) ?? '')
    .split(',')
    .map(part => part.trim())
    .filter(part => part.startsWith('v1='))
    .map(part => part.slice(3));
  return signatures.length
    ? anySignatureMatches(rawBody, signatures, secret)
    : false;
}

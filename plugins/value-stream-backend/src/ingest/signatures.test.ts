import { createHmac } from 'node:crypto';
import { verifyGithubSignature, verifyPagerDutySignature } from './signatures';

const BODY = Buffer.from(
  '{"zen":"Keep it logically awesome.","hook_id":1,"ünïcode":"✓"}\n',
  'utf8',
);
const SECRET = "It's a Secret to Everybody";
const OTHER = 'rotated-secret-2';
const hex = (secret: string, body: Buffer = BODY) =>
  createHmac('sha256', secret).update(body).digest('hex');

describe('verifyGithubSignature', () => {
  it('accepts the documented test vector', () => {
    // From GitHub's "Validating webhook deliveries" documentation.
    const body = Buffer.from('Hello, World!');
    expect(
      verifyGithubSignature(
        body,
        'sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17',
        "It's a Secret to Everybody",
      ),
    ).toBe(true);
  });

  it.each<
    [
      string,
      string | string[] | undefined,
      string | string[] | undefined,
      boolean,
    ]
  >([
    ['a valid signature', `sha256=${hex(SECRET)}`, SECRET, true],
    ['upper-case hex', `sha256=${hex(SECRET).toUpperCase()}`, SECRET, true],
    ['surrounding whitespace', ` sha256=${hex(SECRET)} `, SECRET, true],
    ['a header given as an array', [`sha256=${hex(SECRET)}`], SECRET, true],
    [
      'one of several configured secrets',
      `sha256=${hex(SECRET)}`,
      [OTHER, SECRET],
      true,
    ],
    ['the wrong secret', `sha256=${hex(OTHER)}`, SECRET, false],
    ['a missing header', undefined, SECRET, false],
    ['an empty header', '', SECRET, false],
    [
      'the sha1 header format',
      `sha1=${createHmac('sha1', SECRET).update(BODY).digest('hex')}`,
      SECRET,
      false,
    ],
    ['no prefix', hex(SECRET), SECRET, false],
    [
      'a truncated signature',
      `sha256=${hex(SECRET).slice(0, 63)}`,
      SECRET,
      false,
    ],
    ['non-hex characters', `sha256=${'z'.repeat(64)}`, SECRET, false],
    ['no secret configured', `sha256=${hex('')}`, undefined, false],
    ['an empty secret', `sha256=${hex('')}`, '', false],
  ])('%s', (_name, header, secret, expected) => {
    expect(verifyGithubSignature(BODY, header, secret)).toBe(expected);
  });

  it('rejects a body that was changed', () => {
    const header = `sha256=${hex(SECRET)}`;
    expect(
      verifyGithubSignature(Buffer.from(`${BODY.toString()} `), header, SECRET),
    ).toBe(false);
  });

  it('rejects a body that is not the raw bytes', () => {
    const header = `sha256=${hex(SECRET)}`;
    expect(
      verifyGithubSignature(
        BODY.toString() as unknown as Buffer,
        header,
        SECRET,
      ),
    ).toBe(false);
    expect(
      verifyGithubSignature(undefined as unknown as Buffer, header, SECRET),
    ).toBe(false);
  });
});

describe('verifyPagerDutySignature', () => {
  it.each<
    [
      string,
      string | string[] | undefined,
      string | string[] | undefined,
      boolean,
    ]
  >([
    ['a valid signature', `v1=${hex(SECRET)}`, SECRET, true],
    [
      'the first of two during rotation',
      `v1=${hex(SECRET)},v1=${hex(OTHER)}`,
      SECRET,
      true,
    ],
    [
      'the second of two during rotation',
      `v1=${hex(OTHER)},v1=${hex(SECRET)}`,
      SECRET,
      true,
    ],
    [
      'spaces after the comma',
      `v1=${hex(OTHER)}, v1=${hex(SECRET)}`,
      SECRET,
      true,
    ],
    [
      'one of several configured secrets',
      `v1=${hex(OTHER)}`,
      [SECRET, OTHER],
      true,
    ],
    [
      'an unknown version next to a valid one',
      `v2=${hex(OTHER)},v1=${hex(SECRET)}`,
      SECRET,
      true,
    ],
    ['only unknown versions', `v2=${hex(SECRET)}`, SECRET, false],
    [
      'no matching signature',
      `v1=${hex(OTHER)},v1=${hex('third')}`,
      SECRET,
      false,
    ],
    ['a missing header', undefined, SECRET, false],
    ['garbage', 'v1=,v1=xyz,,', SECRET, false],
    ['no secret configured', `v1=${hex(SECRET)}`, undefined, false],
  ])('%s', (_name, header, secret, expected) => {
    expect(verifyPagerDutySignature(BODY, header, secret)).toBe(expected);
  });

  it('rejects a body that was changed', () => {
    expect(
      verifyPagerDutySignature(Buffer.from('{}'), `v1=${hex(SECRET)}`, SECRET),
    ).toBe(false);
  });
});

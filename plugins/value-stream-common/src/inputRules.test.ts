import {
  checkDateOrDateTime,
  checkDateTime,
  dateTimeSchema,
  labelMapSchema,
  parseDateTime,
  textProblem,
  textSchema,
  wellFormedText,
} from './inputRules';

describe('checkDateTime', () => {
  it.each([
    ['2026-03-01T10:00:00Z', '2026-03-01T10:00:00.000Z'],
    ['2024-02-29T23:59:59Z', '2024-02-29T23:59:59.000Z'],
    ['2000-02-29T00:00:00Z', '2000-02-29T00:00:00.000Z'],
    ['2026-03-01T10:00:00.123456789+02:00', '2026-03-01T08:00:00.123Z'],
    ['2026-03-01t10:00:00z', '2026-03-01T10:00:00.000Z'],
    ['2026-03-01T00:30:00-05:30', '2026-03-01T06:00:00.000Z'],
    ['0001-01-01T00:00:00Z', '0001-01-01T00:00:00.000Z'],
  ])('reads %s', (value, iso) => {
    expect(new Date(parseDateTime(value)).toISOString()).toBe(iso);
  });

  it.each([
    ['2026-02-31T10:00:00Z', 'No day 31 in 2026-02: it has 28 days'],
    ['2025-02-29T10:00:00Z', 'No day 29 in 2025-02: it has 28 days'],
    ['1900-02-29T10:00:00Z', 'No day 29 in 1900-02: it has 28 days'],
    ['2026-04-31T10:00:00Z', 'No day 31 in 2026-04: it has 30 days'],
    ['2026-00-10T10:00:00Z', 'No month 00: months are 01 to 12'],
    ['2026-13-10T10:00:00Z', 'No month 13: months are 01 to 12'],
    ['2026-02-28T24:00:00Z', 'No hour 24: hours are 00 to 23'],
    ['2026-02-28T10:60:00Z', 'Minutes and seconds are 00 to 59'],
    ['2026-02-28T10:00:60Z', 'Minutes and seconds are 00 to 59'],
    ['2026-02-28T10:00:00+24:00', 'The offset must be -23:59 to +23:59'],
    ['2026-02-28T10:00:00', 'Must be an RFC 3339 date-time with a zone'],
    ['2026-02-28', 'Must be an RFC 3339 date-time with a zone'],
    ['yesterday', 'Must be an RFC 3339 date-time with a zone'],
  ])('refuses %s: %s', (value, reason) => {
    const checked = checkDateTime(value);
    expect(checked.ok).toBe(false);
    expect(!checked.ok && checked.reason).toContain(reason);
    expect(parseDateTime(value)).toBeNaN();
  });

  it('takes a plain date as a query bound, on a calendar day', () => {
    expect(checkDateOrDateTime('2026-03-01')).toEqual({
      ok: true,
      epochMs: Date.parse('2026-03-01T00:00:00Z'),
    });
    expect(checkDateOrDateTime('2026-02-30').ok).toBe(false);
  });

  it('normalises to UTC in the schema', () => {
    expect(dateTimeSchema.parse(' 2026-03-01T10:00:00+01:00 ')).toBe(
      '2026-03-01T09:00:00.000Z',
    );
    expect(dateTimeSchema.safeParse('2026-02-31T10:00:00Z').success).toBe(
      false,
    );
  });
});

describe('text rules', () => {
  it('accepts tab and newline everywhere, carriage return in multi-line text', () => {
    expect(textProblem('a\tb\nc')).toBeUndefined();
    expect(textProblem('a\r\nb', 'multiline')).toBeUndefined();
    expect(textProblem('a\r\nb', 'line')).toContain('U+000D (carriage return)');
  });

  it.each([0, 1, 7, 8, 11, 12, 14, 27, 31])(
    'refuses the C0 control U+%s',
    code => {
      const value = `a${String.fromCharCode(code)}b`;
      expect(textProblem(value, 'line')).toContain('control character');
      expect(textProblem(value, 'multiline')).toContain('control character');
    },
  );

  it('names the character and where it is', () => {
    expect(textProblem('abc\u0000')).toBe(
      'Must not contain the control character U+0000 (NUL), found at index 3: of the C0 controls only tab and newline are accepted',
    );
  });

  it('replaces lone surrogates and keeps pairs', () => {
    expect(wellFormedText('a\ud800b')).toBe('a\ufffdb');
    expect(wellFormedText('a\udc00b')).toBe('a\ufffdb');
    expect(wellFormedText('\udc00\ud800')).toBe('\ufffd\ufffd');
    expect(wellFormedText('a\ud83d\ude00b')).toBe('a\ud83d\ude00b');
    expect(wellFormedText('end\ud83d')).toBe('end\ufffd');
  });

  it('applies both in a text schema, then trims and bounds it', () => {
    const title = textSchema(5);
    expect(title.parse(' a\ud800 ')).toBe('a\ufffd');
    expect(title.safeParse('a\u0000').success).toBe(false);
    expect(title.safeParse('abcdef').success).toBe(false);
    expect(title.safeParse('   ').success).toBe(false);
    expect(textSchema(5, { min: 0 }).parse('  ')).toBe('');
  });
});

describe('labelMapSchema', () => {
  const labels = labelMapSchema({
    count: 3,
    nameLength: 5,
    valueLength: 4,
    totalLength: 20,
  });
  const issues = (value: unknown) =>
    labels
      .safeParse(value)
      .error?.issues.map(i => `${i.path.join('.')}: ${i.message}`);

  it('accepts a map within its limits, surrogates replaced', () => {
    expect(labels.parse({ a: 'x', b: 'y\ud800' })).toEqual({
      a: 'x',
      b: 'y\ufffd',
    });
  });

  it('names the label and the limit it exceeds', () => {
    expect(issues({ a: 'x', b: 'y', c: 'z', d: 'w' })).toEqual([
      ': At most 3 labels, got 4',
    ]);
    expect(issues({ longname: 'x' })).toEqual([
      'longname: The name is longer than the limit of 5 characters',
    ]);
    expect(issues({ a: 'abcde' })).toEqual([
      'a: Longer than the limit of 4 characters (5)',
    ]);
    expect(issues({ abcd: 'abcd', bcde: 'abcd', cdef: 'abcd' })).toEqual([
      ': Names and values total 24 characters, over the limit of 20',
    ]);
    expect(issues({ a: 'x\u0000' })?.[0]).toContain(
      'a: Must not contain the control character U+0000 (NUL)',
    );
  });
});

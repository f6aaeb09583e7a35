import { encodeCopyRows, encodeCopyValue } from './copy-rows';

describe('COPY text encoding', () => {
  it.each([
    [null, '\\N'],
    ['plain', 'plain'],
    ['tab\there', 'tab\\there'],
    ['line\nbreak\r', 'line\\nbreak\\r'],
    ['back\\slash', 'back\\\\slash'],
    ['\\N', '\\\\N'],
    [42, '42'],
    [12345678901234567890n, '12345678901234567890'],
    [true, 'true'],
    [new Date('2026-11-23T10:00:00.123Z'), '2026-11-23T10:00:00.123Z'],
    [{ a: 'x\ty', b: [1, '\\'] }, '{"a":"x\\\\ty","b":[1,"\\\\\\\\"]}'],
  ])('encodes %p', (value, expected) => {
    expect(encodeCopyValue(value)).toBe(expected);
  });

  it('separates fields by tabs and rows by newlines', () => {
    expect(
      encodeCopyRows([
        ['a', null],
        ['b', 1],
      ]),
    ).toBe('a\t\\N\nb\t1\n');
  });
});

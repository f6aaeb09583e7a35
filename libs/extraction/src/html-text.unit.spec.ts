import { parseHtml } from './html-decoding';
import { readPage, spacedText } from './html-text';

const spacedLines = (body: string) =>
  readPage(parseHtml(`<html><body>${body}</body></html>`)).lines.map((line) => spacedText(line));

describe('fields that touch at an inline element edge', () => {
  it.each([
    [
      'a label and an address',
      '<p><span>Email</span>info@acme-widgets.com</p>',
      'Email info@acme-widgets.com',
    ],
    ['a label and a number', '<p><b>Tel</b>(415) 555-0142</p>', 'Tel (415) 555-0142'],
    [
      'a number and a word',
      '<p><span>(415) 555-0142</span><span>Mon–Fri</span></p>',
      '(415) 555-0142 Mon–Fri',
    ],
    [
      'an address and a word',
      '<p><a href="/c">info@acme-widgets.com</a><span>Call us</span></p>',
      'info@acme-widgets.com Call us',
    ],
    [
      'a number styled in parts',
      '<p><span>+44</span><span>20 7946 0963</span></p>',
      '+4420 7946 0963',
    ],
    [
      'a styled initial',
      '<p><span class="initial">J</span>ohn@acme-widgets.com</p>',
      'John@acme-widgets.com',
    ],
    [
      'an address split around @',
      '<p>ops<span>@</span>acme-widgets<span>.com</span></p>',
      'ops@acme-widgets.com',
    ],
    ['text already spaced', '<p><strong>Phone:</strong> 415-555-0143</p>', 'Phone: 415-555-0143'],
  ])('%s', (_case, body, expected) => {
    expect(spacedLines(body)).toEqual([expected]);
  });
});

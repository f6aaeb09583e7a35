import * as cheerio from 'cheerio';
import type { Document } from 'domhandler';

/** Pages past this size are cut: no contact block needs more, and parsing stays bounded. */
export const MAX_HTML_BYTES = 5 * 1024 * 1024;

/**
 * htmlparser2 in HTML mode: linear-time on hostile nesting (parse5's scope
 * checks are quadratic there) and several times faster on large pages.
 */
const PARSER = { xml: { xmlMode: false, decodeEntities: true } } as const;

const STRICT_UTF8 = new TextDecoder('utf-8', { fatal: true });

/** The charset parameter of a Content-Type header, if any. */
export function charsetOf(contentType: string | undefined): string | undefined {
  if (!contentType) return undefined;
  const match = /;\s{0,20}charset\s{0,5}=\s{0,5}["']?([\w.:-]{1,40})/i.exec(
    contentType.slice(0, 300),
  );
  return match?.[1];
}

function isValidUtf8(bytes: Buffer): boolean {
  try {
    STRICT_UTF8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/**
 * Parses a page into a DOM. Bytes are decoded the way a browser would: BOM,
 * then the transport charset, then `<meta charset>`; a page that declares
 * nothing is read as UTF-8 when it is valid UTF-8, else as windows-1252.
 */
export function parseHtml(html: Buffer | string, contentType?: string): Document {
  if (typeof html === 'string') {
    return cheerio
      .load(html.length > MAX_HTML_BYTES ? html.slice(0, MAX_HTML_BYTES) : html, PARSER)
      .root()[0];
  }
  const bytes = html.length > MAX_HTML_BYTES ? html.subarray(0, MAX_HTML_BYTES) : html;
  const $ = cheerio.loadBuffer(bytes, {
    ...PARSER,
    encoding: {
      transportLayerEncodingLabel: charsetOf(contentType),
      defaultEncoding: isValidUtf8(bytes) ? 'utf-8' : 'windows-1252',
    },
  });
  return $.root()[0];
}

import type { Document, Element } from 'domhandler';
import type { CountryCode } from 'libphonenumber-js/max';
import { ancestors, classAndId, elementText, findElements, isElement } from './dom';
import {
  decodeCloudflareEmail,
  emailFromCloudflareHref,
  emailsFromMailto,
  emailsInText,
} from './emails';
import type { PageText, TextLine } from './html-text';
import { spacedText } from './html-text';
import { cleanTitle, isRoleTitle, titleBeforeName } from './job-title';
import type { ExtractedPerson } from './page-extraction';
import { cleanPersonName, isCredential, personKey } from './person-name';
import { findPhonesInText, phonesFromHref } from './phones';
import type { JsonLdNode } from './structured-data';
import { firstString, isPersonNode, stringsOf } from './structured-data';

export interface PeopleInput {
  readonly document: Document;
  readonly page: PageText;
  readonly jsonLd: readonly JsonLdNode[];
  readonly companyName: string | null;
  readonly region: CountryCode;
  /** Every address found on the page, for matching `maya@` to Maya. */
  readonly pageEmails: readonly string[];
}

/** How sure the source is about the title: structured data beats layout, layout beats prose. */
const enum Priority {
  Structured = 0,
  Card = 1,
  Inline = 2,
  Label = 3,
}

interface Found {
  name: string;
  title: string;
  email: string | null;
  phone: string | null;
  priority: Priority;
  order: number;
  /** Lines that mention this person, for telling cards apart. */
  lines: number[];
  container: Element | null;
}

/**
 * A personal name, capitalised tokens with particles and initials, as it
 * appears in running text. Bounded: at most 5 tokens of at most 25 letters.
 */
export const NAME_IN_TEXT =
  /(?<![\p{L}\p{N}'’])(?:(?:Dr|Mr|Mrs|Ms|Prof|Me)\.?\s)?\p{Lu}[\p{L}'’-]{1,24}(?:\s(?:(?:van|von|der|den|de|da|di|du|del|della|des|la|le|bin|al|ter|ten|Ó|Ní|Nic|Uí)\s)?(?:\p{Lu}\.\s)?\p{Lu}[\p{L}'’-]{1,24}){1,3}(?![\p{L}])/gu;
const CREDENTIAL_AFTER_NAME = /^\s?,\s?([A-Za-z.-]{1,10})(?=\s?,|\s[—–-]\s|\s?$|\.\s)/;
const TITLE_SEPARATOR = /^(?:\s?,\s?|\s[—–|·•/-]\s|\s?\(\s?)/;
const JOINED_AS =
  /^\s(?:has\s|have\s)?(?:joined|joins|will join|is joining)\b[^.!?]{0,40}?\bas\s(?:(?:our|its|the|a)\s)?(?:new\s)?(.{2,120})/iu;
const BECAME =
  /^\s(?:has been|was|is|will be)\s(?:appointed|named|promoted|elected)(?:\sto|\sas)?\s(?:(?:the|our|its)\s)?(?:new\s)?(?:role of\s)?(.{2,120})/iu;
/** "Kim Alvarez is a Senior Strategist at Brightline" — the title must be capitalised, unlike "is a great leader". */
const IS_A =
  /^\s(?:is|serves as|works as|joined us as)\s(?:(?:a|an|the|our|its)\s)(?=\p{Lu})(.{2,120})/u;
const APPOINTED_BEFORE =
  /\b(?:appoints?|appointed|names|named|welcomes?|hires|hired|promotes?|promoted|promotion of|appointment of|elects|elected)\s$/iu;
const APPOINTED_AFTER = /^\s(?:as|to)\s(?:(?:our|its|the)\s)?(?:new\s)?(?:role of\s)?(.{2,120})/iu;
/** "Geschäftsführerin: Lena Brandhorst", "Unser Datenschutzbeauftragter: Jonas Weilheimer". */
const LABEL_NAME =
  /^(?:(?:unser|unsere|our|your|votre|notre)\s)?([\p{L}][\p{L}\s&/-]{1,60}?)\s?:\s?(.{3,120})$/iu;
/**
 * Elements whose class says they hold a role. A bare `title` class (hCard)
 * counts, but not `card-title` or `product-title`, which hold names too.
 * Role words end a class token, BEM parts included (`member__position`,
 * `team-role--lead`, `member-position-text`), in the languages sites name
 * their classes in (`cargo`, `ruolo`, `functie`…); `position-relative` is a
 * layout utility.
 */
export const ROLE_CLASS =
  /(?:^|\s)(?:title|job|role)(?:\s|$)|(?:^|[\s_-])(?:role|job-?title|jobtitle|position|designation|occupation|cargo|puesto|ruolo|functie|funktion|fonction)(?=\s|$|--|[-_](?:text|label)(?:\s|$))/;
const MAX_LINE = 1_000;
const MAX_CARD_LINES = 12;
const MAX_CARD_CHARS = 900;

function depthTo(element: Element, ancestor: Element): number {
  if (element === ancestor) return 0;
  let depth = 1;
  for (const node of ancestors(element)) {
    if (node === ancestor) return depth;
    depth++;
  }
  return Infinity;
}

function commonAncestor(a: Element, b: Element): Element | null {
  const chain = new Set<Element>([a, ...ancestors(a)]);
  if (chain.has(b)) return b;
  for (const ancestor of ancestors(b)) if (chain.has(ancestor)) return ancestor;
  return null;
}

/** Names are tested many times per line (every suffix of every capitalised run): remember answers for one page. */
const nameCache = new Map<string, string | null>();
function personName(raw: string, companyName: string | null): string | null {
  let name = nameCache.get(raw);
  if (name === undefined) {
    name = cleanPersonName(raw, companyName);
    if (nameCache.size < 20_000) nameCache.set(raw, name);
  }
  return name;
}

const isCell = (block: Element | null): block is Element =>
  !!block && /^(?:td|th|dt|dd)$/.test(block.name);
/** Cells of a table row; a definition list pairs each `<dd>` with the term before it only. */
const isTableCell = (block: Element | null): block is Element =>
  !!block && /^(?:td|th)$/.test(block.name);
const signature = (element: Element | null) =>
  element ? `${element.name}.${element.attribs.class ?? ''}` : '';

/** The child of `ancestor` that holds `element` (the element itself when it is that child). */
function childOf(element: Element, ancestor: Element): Element | null {
  let node = element;
  for (const parent of ancestors(element)) {
    if (parent === ancestor) return node;
    node = parent;
  }
  return null;
}

/**
 * Repeated items of a list (wrappers with one tag and class) are separate
 * records: a name that ends one card is not titled by the first line of
 * the next, as when cards put the role above the name.
 */
function inSeparateCards(nameBlock: Element, nextBlock: Element, common: Element): boolean {
  const nameCard = childOf(nameBlock, common);
  const nextCard = childOf(nextBlock, common);
  return (
    !!nameCard &&
    !!nextCard &&
    nameCard !== nameBlock &&
    nameCard !== nextCard &&
    signature(nameCard) === signature(nextCard)
  );
}

/** The first segment of a line: "Founder & Owner · nora@… · LinkedIn" → "Founder & Owner". */
function firstSegment(text: string): string {
  return text.split(/\s[·|•]\s|\s[—–]\s/)[0];
}

/**
 * People named with a title on the page: schema.org Person (JSON-LD,
 * microdata), hCards, team cards (a name line followed by a title line),
 * "Name, Title" and "Title: Name" lines, quote attributions and appointment
 * announcements. Each keeps the email and phone of their own card or line.
 */
export function extractPeople(input: PeopleInput): ExtractedPerson[] {
  const { page, companyName } = input;
  nameCache.clear();
  const found: Found[] = [];
  const lines = page.lines;

  const add = (person: Omit<Found, 'lines' | 'container'> & Partial<Found>) =>
    found.push({ lines: [], container: null, ...person });

  // 1. Structured data.
  for (const node of input.jsonLd) {
    if (!isPersonNode(node)) continue;
    const name = personName(firstString(node.data.name) ?? '', companyName);
    const title = cleanTitle(firstString(node.data.jobTitle) ?? '', {
      companyName,
      structural: true,
    });
    if (!name || !title) continue;
    const email =
      stringsOf(node.data.email)
        .map((e) => emailsInText(e.replace(/^mailto:/i, ''))[0])
        .find(Boolean) ?? null;
    const phone =
      stringsOf(node.data.telephone)
        .map((t) => phonesFromHref(`tel:${t}`, input.region)[0])
        .find(Boolean) ?? null;
    add({ name, title, email, phone, priority: Priority.Structured, order: -1 });
  }
  for (const person of microdataPeople(input)) add(person);
  for (const person of hCardPeople(input)) add(person);

  // 2. Layout and prose, line by line.
  const strongTitleBlocks = new Set<string>();
  const weakCards: { nameLine: number; titleLine: number; title: string }[] = [];
  for (let i = 0; i < lines.length; i++) {
    const text = lines[i].text.slice(0, MAX_LINE);
    const inline = inlinePeople(lines[i], companyName);
    for (const person of inline) add({ ...person, email: null, phone: null, order: i, lines: [i] });
    if (!inline.length) {
      const labelled = labelledPerson(text, companyName);
      if (labelled)
        add({
          ...labelled,
          email: null,
          phone: null,
          priority: Priority.Label,
          order: i,
          lines: [i],
        });
    }
    const reversed = reverseCardPerson(lines, i, companyName);
    if (reversed)
      add({
        ...reversed,
        email: null,
        phone: null,
        priority: Priority.Card,
        order: i,
        lines: [i, i + 1],
      });
    const card = cardPerson(lines, i, companyName);
    if (card?.strong) {
      add({
        name: card.name,
        title: card.title,
        email: null,
        phone: null,
        priority: Priority.Card,
        order: i,
        lines: [i, i + 1],
      });
      strongTitleBlocks.add(signature(lines[i + 1].block));
    } else if (card) {
      weakCards.push({ nameLine: i, titleLine: i + 1, title: card.title });
    }
  }
  // A title without a role word ("Accounts & Compliance") counts when it sits where the others do.
  for (const weak of weakCards) {
    const block = lines[weak.titleLine].block;
    if (!hasRoleClass(block) && !strongTitleBlocks.has(signature(block))) continue;
    const name = personName(lines[weak.nameLine].text, companyName);
    if (name)
      add({
        name,
        title: weak.title,
        email: null,
        phone: null,
        priority: Priority.Card,
        order: weak.nameLine,
        lines: [weak.nameLine, weak.titleLine],
      });
  }

  attachContacts(found, input);
  return merge(found, input.pageEmails);
}

/**
 * The line with a space wherever two fields touch ("<span>Ravi Menon</span><span>CTO</span>"
 * reads "Ravi MenonCTO" as text), and the field boundaries in that spacing.
 */
function spacedFields(line: TextLine): { text: string; breaks: number[] } {
  let text = '';
  const breaks: number[] = [];
  let from = 0;
  for (const at of line.breaks) {
    if (at > MAX_LINE) break;
    text += line.text.slice(from, at);
    if (
      /\S$/.test(text) &&
      /^\S/.test(line.text.slice(at, at + 1)) &&
      /[\p{L}\p{N}]/u.test(line.text[at])
    )
      text += ' ';
    breaks.push(text.length);
    from = at;
  }
  text += line.text.slice(from, MAX_LINE);
  return { text, breaks };
}

/** "Name, Title", "Name — Title", "Name (Title)", "said Name, Title of Org", "Name has joined as Title". */
function inlinePeople(
  line: TextLine,
  companyName: string | null,
): { name: string; title: string; priority: Priority }[] {
  const { text, breaks } = spacedFields(line);
  const out: { name: string; title: string; priority: Priority }[] = [];
  NAME_IN_TEXT.lastIndex = 0;
  for (
    let match = NAME_IN_TEXT.exec(text);
    match && out.length < 20;
    match = NAME_IN_TEXT.exec(text)
  ) {
    // A name ends a capitalised run ("Cobaltridge Appoints Miriam Okafor", "By Maya Castellanos"),
    // or starts one when markup separates it from the title ("<b>Jane Doe</b> <span>CEO</span>").
    // A run that crosses a field boundary is read up to the boundary first: "<b>Laura Chen</b>
    // <span>Project manager</span>" is not a person called "Laura Chen Project".
    const tokens = match[0].split(/\s/);
    const { index } = match;
    const end = index + match[0].length;
    const crossesField = breaks.some((b) => b > index && b < end);
    const found = crossesField
      ? (nameBeforeField(tokens, index, breaks, companyName) ??
        nameEndingRun(tokens, end, companyName))
      : (nameEndingRun(tokens, end, companyName) ??
        nameBeforeField(tokens, index, breaks, companyName));
    if (!found) continue;
    const { name, raw, start } = found;
    const before = text.slice(Math.max(0, start - 40), start);
    const after = text.slice(start + raw.length, start + raw.length + 200);
    let title = found.atField ? cleanTitle(after.split(/\s[·|•]\s/)[0], { companyName }) : null;
    if (!title) {
      const appointed = APPOINTED_BEFORE.test(before) ? APPOINTED_AFTER.exec(after) : null;
      const joined = JOINED_AS.exec(after) ?? BECAME.exec(after) ?? IS_A.exec(after);
      const tail = appointed?.[1] ?? joined?.[1] ?? titleAfterName(after);
      if (tail) title = cleanTitle(tail, { companyName });
    }
    if (!title || !isRoleTitle(title)) {
      const prefixed = titleBeforeName(before);
      if (prefixed) {
        out.push({ name, title: prefixed, priority: Priority.Label });
        continue;
      }
    }
    if (title && isRoleTitle(title)) out.push({ name, title, priority: Priority.Inline });
  }
  return out;
}

interface NameInRun {
  readonly name: string;
  /** The text the name was read from, and where it starts in the line. */
  readonly raw: string;
  readonly start: number;
  /** The name ends where markup ends a field, so the next field may be the title. */
  readonly atField: boolean;
}

/** The longest tail of a capitalised run that reads as a name: "Acme Appoints Laura Chen". */
function nameEndingRun(
  tokens: readonly string[],
  end: number,
  companyName: string | null,
): NameInRun | null {
  for (let k = 0; k <= tokens.length - 2; k++) {
    const raw = tokens.slice(k).join(' ');
    const name = personName(raw, companyName);
    if (name) return { name, raw, start: end - raw.length, atField: false };
  }
  return null;
}

/** A name that starts a capitalised run and ends at a field boundary: "<b>Jane Doe</b><span>CEO</span>". */
function nameBeforeField(
  tokens: readonly string[],
  start: number,
  breaks: readonly number[],
  companyName: string | null,
): NameInRun | null {
  for (let k = tokens.length - 1; k >= 2; k--) {
    const raw = tokens.slice(0, k).join(' ');
    const end = start + raw.length;
    if (!breaks.includes(end) && !breaks.includes(end + 1)) continue;
    const name = personName(raw, companyName);
    if (name) return { name, raw, start, atField: true };
  }
  return null;
}

/** What follows a name once credentials are skipped: ", DDS — Lead Dentist" → "Lead Dentist". */
function titleAfterName(after: string): string | null {
  let rest = after;
  for (let k = 0; k < 3; k++) {
    const credential = CREDENTIAL_AFTER_NAME.exec(rest);
    if (!credential || !isCredential(credential[1])) break;
    rest = rest.slice(credential[0].length);
  }
  const separator = TITLE_SEPARATOR.exec(rest);
  return separator ? rest.slice(separator[0].length) : null;
}

/** "Geschäftsführer: Matthias Oberreiter" — the label is the title. */
function labelledPerson(
  text: string,
  companyName: string | null,
): { name: string; title: string } | null {
  const match = LABEL_NAME.exec(text);
  if (!match) return null;
  const title = cleanTitle(match[1], { companyName });
  if (!title || !isRoleTitle(title)) return null;
  const nameText = match[2].split(/\s?,\s?(?![A-Z]{2,}\b)|\s[—–·|]\s/)[0];
  const name = personName(nameText, companyName);
  return name ? { name, title } : null;
}

/** A line that is only a name, followed closely by a line that starts with a title. */
function cardPerson(
  lines: readonly TextLine[],
  i: number,
  companyName: string | null,
): { name: string; title: string; strong: boolean } | null {
  const nameLine = lines[i];
  const next = lines[i + 1];
  if (!next || nameLine.text.length > 80) return null;
  const name = personName(nameLine.text, companyName);
  if (!name) return null;
  if (nameLine.block && next.block && nameLine.block !== next.block) {
    // Table cells belong together only within one row.
    if (isCell(nameLine.block) && isCell(next.block) && nameLine.block.parent !== next.block.parent)
      return null;
    const common = commonAncestor(nameLine.block, next.block);
    if (
      !common ||
      depthTo(nameLine.block, common) > 3 ||
      depthTo(next.block, common) > 3 ||
      inSeparateCards(nameLine.block, next.block, common)
    )
      return null;
  }
  const segment = firstSegment(next.text.slice(0, 200));
  const strong = cleanTitle(segment, { companyName });
  if (strong && isRoleTitle(strong)) return { name, title: strong, strong: true };
  const weak = cleanTitle(segment, { companyName, structural: true });
  return weak && segment.trim() === weak ? { name, title: weak, strong: false } : null;
}

const hasRoleClass = (block: Element | null) =>
  !!block &&
  (ROLE_CLASS.test(classAndId(block)) ||
    block.children.some((c) => isElement(c) && ROLE_CLASS.test(classAndId(c))));

/**
 * Some cards put the role above the name, and some tables list "Role | Name":
 * trusted only when the markup says so (a role class, or cells of one row).
 */
function reverseCardPerson(
  lines: readonly TextLine[],
  i: number,
  companyName: string | null,
): { name: string; title: string } | null {
  const titleLine = lines[i];
  const nameLine = lines[i + 1];
  if (!nameLine || nameLine.text.length > 80) return null;
  const rowCells =
    isTableCell(titleLine.block) &&
    isTableCell(nameLine.block) &&
    titleLine.block.parent === nameLine.block.parent;
  if (!hasRoleClass(titleLine.block) && !rowCells) return null;
  // A name followed by its own title reads forward; an unconfirmed weak title (a heading) does not.
  const forward = lines[i + 2] ? cardPerson(lines, i + 1, companyName) : null;
  if (forward && (forward.strong || hasRoleClass(lines[i + 2].block))) return null;
  const name = personName(nameLine.text, companyName);
  const title = cleanTitle(firstSegment(titleLine.text), { companyName, structural: !rowCells });
  if (
    !name ||
    !title ||
    (rowCells && !isRoleTitle(title)) ||
    (titleLine.block && nameLine.block && !commonAncestor(titleLine.block, nameLine.block))
  )
    return null;
  return { name, title };
}

function microdataPeople(input: PeopleInput): Omit<Found, 'lines' | 'container'>[] {
  const byScope = new Map<Element, Map<string, string>>();
  for (const prop of input.page.microdata) {
    if (!prop.scope || !prop.scopeType.includes('person')) continue;
    const props = byScope.get(prop.scope) ?? new Map<string, string>();
    if (!props.has(prop.name)) props.set(prop.name, prop.value);
    byScope.set(prop.scope, props);
  }
  const out: Omit<Found, 'lines' | 'container'>[] = [];
  for (const props of byScope.values()) {
    const name = personName(props.get('name') ?? '', input.companyName);
    const title = cleanTitle(props.get('jobtitle') ?? props.get('rolename') ?? '', {
      companyName: input.companyName,
      structural: true,
    });
    if (!name || !title) continue;
    const email = emailsInText((props.get('email') ?? '').replace(/^mailto:/i, ''))[0] ?? null;
    const phone = phonesFromHref(`tel:${props.get('telephone') ?? ''}`, input.region)[0] ?? null;
    out.push({ name, title, email, phone, priority: Priority.Structured, order: -1 });
  }
  return out;
}

const hasClass = (element: Element, pattern: RegExp) =>
  !!element.attribs.class && pattern.test(` ${element.attribs.class} `);

function hCardPeople(input: PeopleInput): Omit<Found, 'lines'>[] {
  const cards = findElements(
    input.document,
    (e) => !!e.attribs.class?.includes('card') && hasClass(e, /\s(?:vcard|h-card)\s/),
    100,
  );
  const out: Omit<Found, 'lines'>[] = [];
  for (const card of cards) {
    const nameElement = findElements(
      card,
      (e) => hasClass(e, /\s(?:fn|p-name)\s/) && !hasClass(e, /\s(?:org|p-org)\s/),
      1,
    )[0];
    const titleElement = findElements(
      card,
      (e) => hasClass(e, /\s(?:title|role|p-job-title|p-role)\s/),
      1,
    )[0];
    if (!nameElement || !titleElement) continue;
    const name = personName(elementText(nameElement, 200), input.companyName);
    const title = cleanTitle(elementText(titleElement, 200), {
      companyName: input.companyName,
      structural: true,
    });
    if (!name || !title) continue;
    out.push({
      name,
      title,
      email: null,
      phone: null,
      priority: Priority.Structured,
      order: -1,
      container: card,
    });
  }
  return out;
}

/** The largest element around a card that holds nobody else and stays card-sized. */
function cardContainer(person: Found, everyone: readonly Found[], page: PageText): Element | null {
  const blocks = person.lines.map((i) => page.lines[i].block).filter((b): b is Element => !!b);
  if (!blocks.length) return null;
  let container = blocks.reduce<Element | null>(
    (acc, b) => (acc ? commonAncestor(acc, b) : b),
    blocks[0],
  );
  const others = new Set(
    everyone.filter((p) => personKey(p.name) !== personKey(person.name)).flatMap((p) => p.lines),
  );
  const fits = (element: Element) => {
    const range = page.ranges.get(element);
    if (!range) return false;
    if (range.end - range.start > MAX_CARD_LINES) return false;
    let chars = 0;
    for (let i = range.start; i < range.end; i++) {
      if (others.has(i)) return false;
      chars += page.lines[i].text.length;
    }
    return chars <= MAX_CARD_CHARS;
  };
  if (container && !fits(container)) return null;
  while (container && isElement(container.parent) && fits(container.parent))
    container = container.parent;
  return container;
}

function contactsIn(
  container: Element,
  page: PageText,
  region: CountryCode,
): { emails: string[]; phones: string[] } {
  const range = page.ranges.get(container);
  const emails: string[] = [];
  const phones: string[] = [];
  if (range) {
    for (let i = range.start; i < range.end; i++) {
      const text = spacedText(page.lines[i]);
      emails.push(...emailsInText(text));
      phones.push(...findPhonesInText(text, region));
    }
  }
  for (const link of page.links) {
    if (link.element !== container && ![...ancestors(link.element)].includes(container)) continue;
    emails.push(...emailsFromMailto(link.href));
    const cf = emailFromCloudflareHref(link.href);
    if (cf) emails.push(cf);
    phones.push(...phonesFromHref(link.href, region));
  }
  for (const element of findElements(container, (e) => 'data-cfemail' in e.attribs, 5)) {
    const cf = decodeCloudflareEmail(element.attribs['data-cfemail']);
    if (cf) emails.push(cf);
  }
  return { emails, phones };
}

/** Does `email` look like this person's own address (`maya@`, `j.marlowe@`, `gasante@`)? */
export function emailMatchesName(email: string, name: string): boolean {
  const local = email.split('@')[0].replace(/[^a-z]/g, '');
  const parts = personKey(name).split(' ').filter(Boolean);
  if (parts.length < 2 || !local) return false;
  const first = parts[0];
  const last = parts[parts.length - 1];
  return [
    first,
    last,
    first + last,
    first[0] + last,
    first + last[0],
    last + first,
    last + first[0],
  ].includes(local);
}

function pick(emails: readonly string[], name: string): string | null {
  const unique = [...new Set(emails)];
  return unique.find((e) => emailMatchesName(e, name)) ?? (unique.length === 1 ? unique[0] : null);
}

function attachContacts(found: Found[], input: PeopleInput): void {
  const { page, region } = input;
  const perLine = new Map<number, Found[]>();
  for (const person of found)
    for (const i of person.lines) perLine.set(i, [...(perLine.get(i) ?? []), person]);
  for (const person of found) {
    if (person.email && person.phone) continue;
    const container =
      person.container ??
      (person.priority === Priority.Card ? cardContainer(person, found, page) : null);
    if (container) {
      const { emails, phones } = contactsIn(container, page, region);
      person.email ??= pick(emails, person.name);
      person.phone ??= [...new Set(phones)].length === 1 ? phones[0] : null;
      continue;
    }
    // Prose: the address written on the person's own line.
    const [line] = person.lines;
    if (line === undefined) continue;
    const alone = (perLine.get(line) ?? []).every(
      (p) => personKey(p.name) === personKey(person.name),
    );
    const text = spacedText(page.lines[line]);
    const emails = emailsInText(text);
    person.email ??= alone
      ? pick(emails, person.name)
      : (emails.find((e) => emailMatchesName(e, person.name)) ?? null);
    const phones = [...new Set(findPhonesInText(text, region))];
    person.phone ??= alone && phones.length === 1 ? phones[0] : null;
  }
}

/** One record per person: the most reliable title, contacts from any source. */
function merge(found: readonly Found[], pageEmails: readonly string[]): ExtractedPerson[] {
  const byKey = new Map<string, Found>();
  for (const person of found) {
    const key = personKey(person.name);
    const existing = byKey.get(key);
    if (!existing) {
      byKey.set(key, { ...person });
      continue;
    }
    if (person.priority < existing.priority) {
      existing.title = person.title;
      existing.priority = person.priority;
      existing.name = person.name;
    }
    existing.email ??= person.email;
    existing.phone ??= person.phone;
    existing.order = Math.min(existing.order, person.order);
  }
  const people = [...byKey.values()].sort((a, b) => a.order - b.order);
  const taken = new Set(people.map((p) => p.email).filter(Boolean));
  for (const person of people) {
    if (person.email) continue;
    const own = pageEmails.find((e) => !taken.has(e) && emailMatchesName(e, person.name));
    if (own) {
      person.email = own;
      taken.add(own);
    }
  }
  return people.map(({ name, title, email, phone }) => ({ name, title, email, phone }));
}

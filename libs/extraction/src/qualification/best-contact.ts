import type { ExtractedPerson, PageExtraction } from '../page-extraction';
import { SOCIAL_NETWORKS } from '../page-extraction';
import type { LeadContact, LeadQualifier, Qualification } from './lead-qualifier';
import { RuleBasedQualifier, isFreeMail } from './rule-based-qualifier';

export interface QualifiedPage {
  contact: LeadContact;
  qualification: Qualification;
}

function simplify(text: string): string {
  return text
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

/** A LinkedIn `/in/` profile whose slug spells the person's name ("imogen-pryce" for Imogen Pryce). */
function ownProfiles(person: ExtractedPerson, extraction: PageExtraction): string[] {
  const parts = person.name.split(/\s+/).map(simplify).filter(Boolean);
  const first = parts[0] ?? '';
  const last = parts[parts.length - 1] ?? '';
  return extraction.socials.linkedin.filter((url) => {
    const slug = simplify(url.split('/in/')[1] ?? '');
    return !!slug && !!first && !!last && slug.includes(first) && slug.includes(last);
  });
}

/**
 * Everyone a lead could be made of: each person with a title, then the page
 * itself (its first business address, first phone and the company's profiles).
 */
export function contactsOf(extraction: PageExtraction): LeadContact[] {
  const people = extraction.people.map((person) => ({
    email: person.email,
    phone: person.phone,
    name: person.name,
    title: person.title,
    socials: ownProfiles(person, extraction),
  }));
  const companyProfiles = SOCIAL_NETWORKS.flatMap((n) => extraction.socials[n]).filter(
    (url) => !url.includes('linkedin.com/in/'),
  );
  const page: LeadContact = {
    email: extraction.emails.find((e) => !isFreeMail(e)) ?? extraction.emails[0] ?? null,
    phone: extraction.phones[0] ?? null,
    name: null,
    title: null,
    socials: companyProfiles,
  };
  return [...people, page];
}

/**
 * The page's best contact: the one the qualifier scores highest (a person
 * before the page's own inbox on a tie); the page itself when nobody is named.
 */
export function bestContact(
  extraction: PageExtraction,
  qualifier: LeadQualifier = new RuleBasedQualifier(),
): QualifiedPage {
  let best: QualifiedPage | null = null;
  for (const contact of contactsOf(extraction)) {
    const qualification = qualifier.qualify({ extraction, contact });
    if (!best || qualification.score > best.qualification.score) best = { contact, qualification };
  }
  return best!;
}

/** {@link bestContact}, named for what the CLI and the crawler do with it. */
export const qualifyPage = bestContact;

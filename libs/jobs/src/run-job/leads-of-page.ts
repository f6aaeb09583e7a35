import { createHash } from 'node:crypto';
import { emptySocials } from '@quarry/extraction';
import type { LeadQualifier, PageExtraction } from '@quarry/extraction';
import type { JobOptions, LeadRecord } from '../job/job.events';

interface Contact {
  readonly email: string | null;
  readonly phone: string | null;
  readonly name: string | null;
  readonly title: string | null;
}

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';

/** `lead_` + 20 characters derived from job and contact: a re-crawled page yields the same id. */
export function leadIdOf(jobId: string, key: string): string {
  const digest = createHash('sha256').update(`${jobId}\u001f${key}`).digest();
  let body = '';
  for (let i = 0; i < 20; i += 1) body += ALPHABET[digest[i] % 36];
  return `lead_${body}`;
}

/**
 * The leads of one page (pure): people with an address or number first, then
 * the page's other addresses, then its other numbers; a page with neither
 * but with profiles yields one lead for its first profile. A contact is the
 * same contact by normalized email, else phone, else profile URL, which the
 * job decider de-duplicates across the job. The job's options choose what is
 * extracted and whether leads are scored.
 */
export function leadsOfPage(
  jobId: string,
  sourceUrl: string,
  page: PageExtraction,
  options: Pick<JobOptions, 'extractEmails' | 'extractPhones' | 'extractSocial' | 'qualifyLeads'>,
  qualifier: LeadQualifier,
): LeadRecord[] {
  const emails = options.extractEmails ? page.emails : [];
  const phones = options.extractPhones ? page.phones : [];
  const socials = options.extractSocial ? Object.values(page.socials).flat() : [];
  const extraction: PageExtraction = {
    ...page,
    emails,
    phones,
    socials: options.extractSocial ? page.socials : emptySocials(),
    people: page.people.map((p) => ({
      ...p,
      email: options.extractEmails ? p.email : null,
      phone: options.extractPhones ? p.phone : null,
    })),
  };

  const contacts: Contact[] = [];
  const usedEmails = new Set<string>();
  const usedPhones = new Set<string>();
  for (const person of extraction.people) {
    if (!person.email && !person.phone) continue;
    contacts.push({
      email: person.email,
      phone: person.phone,
      name: person.name,
      title: person.title,
    });
    if (person.email) usedEmails.add(person.email);
    if (person.phone) usedPhones.add(person.phone);
  }
  for (const email of emails)
    if (!usedEmails.has(email)) contacts.push({ email, phone: null, name: null, title: null });
  for (const phone of phones)
    if (!usedPhones.has(phone)) contacts.push({ email: null, phone, name: null, title: null });
  if (contacts.length === 0 && socials.length > 0)
    contacts.push({ email: null, phone: null, name: null, title: null });

  return contacts.map((contact) => {
    const key = contact.email
      ? `email:${contact.email}`
      : contact.phone
        ? `phone:${contact.phone}`
        : `profile:${socials[0]}`;
    const qualification = options.qualifyLeads
      ? qualifier.qualify({ extraction, contact: { ...contact, socials } })
      : null;
    return {
      leadId: leadIdOf(jobId, key),
      key,
      sourceUrl,
      email: contact.email,
      phone: contact.phone,
      name: contact.name,
      title: contact.title,
      companyName: extraction.companyName,
      socials,
      score: qualification?.score ?? 0,
      status: qualification?.status ?? 'cold',
      signals: qualification?.signalsDetected ?? [],
      notes: qualification?.notes ?? 'Not qualified: the job was submitted with qualify_leads off.',
    };
  });
}

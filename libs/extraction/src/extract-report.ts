import { extractPage } from './extract-page';
import type { ExtractPageInput, PageExtraction, Socials } from './page-extraction';
import { bestContact } from './qualification/best-contact';
import type { LeadQualifier, Qualification } from './qualification/lead-qualifier';
import { RuleBasedQualifier } from './qualification/rule-based-qualifier';

/** What `quarry extract --json` prints: the page's contacts and its best contact's score. */
export interface ExtractReport {
  company_name: string | null;
  emails: string[];
  phones: string[];
  socials: Socials;
  people: { name: string; title: string; email: string | null; phone: string | null }[];
  signals: string[];
  score: number;
  status: Qualification['status'];
}

export interface ExtractReportResult {
  report: ExtractReport;
  extraction: PageExtraction;
  qualification: Qualification;
}

/** Extraction plus qualification of one page: the whole `quarry extract` pipeline. */
export function extractReport(
  input: ExtractPageInput,
  qualifier: LeadQualifier = new RuleBasedQualifier(),
): ExtractReportResult {
  const extraction = extractPage(input);
  const { qualification } = bestContact(extraction, qualifier);
  return {
    extraction,
    qualification,
    report: {
      company_name: extraction.companyName,
      emails: extraction.emails,
      phones: extraction.phones,
      socials: extraction.socials,
      people: extraction.people.map(({ name, title, email, phone }) => ({
        name,
        title,
        email,
        phone,
      })),
      signals: extraction.signals,
      score: qualification.score,
      status: qualification.status,
    },
  };
}

export { extractPage } from './extract-page';
export { SIGNALS, SOCIAL_NETWORKS, emptySocials } from './page-extraction';
export type {
  ExtractedPerson,
  ExtractPageInput,
  PageExtraction,
  Signal,
  SocialNetwork,
  Socials,
} from './page-extraction';
export { normalizeEmail } from './emails';
export { normalizePhone } from './phones';
export { canonicalSocialProfile, canonicalSocialUrl } from './socials';
export type { SocialProfile } from './socials';
export { stripLegalSuffix } from './legal-suffixes';
export type {
  LeadContact,
  LeadQualifier,
  LeadStatus,
  Qualification,
  QualificationInput,
} from './qualification/lead-qualifier';
export { statusFor } from './qualification/lead-qualifier';
export { RuleBasedQualifier } from './qualification/rule-based-qualifier';
export { bestContact, contactsOf, qualifyPage } from './qualification/best-contact';
export type { QualifiedPage } from './qualification/best-contact';
export { extractReport } from './extract-report';
export type { ExtractReport, ExtractReportResult } from './extract-report';

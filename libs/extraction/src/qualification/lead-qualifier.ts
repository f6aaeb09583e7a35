import type { PageExtraction } from '../page-extraction';

/** The contact being qualified: a person on the page, or the page's own inbox and phone. */
export interface LeadContact {
  email: string | null;
  phone: string | null;
  name: string | null;
  title: string | null;
  /** Canonical profile URLs that belong to this contact. */
  socials: string[];
}

export interface QualificationInput {
  extraction: PageExtraction;
  contact: LeadContact;
}

export type LeadStatus = 'hot' | 'warm' | 'cold';

export interface Qualification {
  /** 0–100, an integer. */
  score: number;
  status: LeadStatus;
  /** The explainable factors that scored, e.g. `hiring`, `decision_maker_title`, `business_email`. */
  signalsDetected: string[];
  /** One sentence saying why. */
  notes: string;
}

/** Pluggable so that a model-backed qualifier can replace the rules later. */
export interface LeadQualifier {
  qualify(input: QualificationInput): Qualification;
}

export const HOT_FROM = 70;
export const WARM_FROM = 40;

export function statusFor(score: number): LeadStatus {
  if (score >= HOT_FROM) return 'hot';
  if (score >= WARM_FROM) return 'warm';
  return 'cold';
}

import { canonicalSocialProfile, SOCIAL_NETWORKS } from '@quarry/extraction';
import type { SocialNetwork } from '@quarry/extraction';
import type { LeadRecord } from '@quarry/jobs';

/** A row of the `leads` read model (projections/jobs). */
export interface LeadRow {
  readonly lead_id: string;
  readonly job_id: string;
  readonly external_user_id: string | null;
  readonly email: string | null;
  readonly phone: string | null;
  readonly name: string | null;
  readonly title: string | null;
  readonly company_name: string | null;
  readonly socials: readonly string[];
  readonly source_url: string;
  readonly score: number;
  readonly status: LeadRecord['status'];
  readonly signals: readonly string[];
  readonly qualification_notes: string;
  readonly created_at: Date;
}

/** The columns of LeadRow, for `SELECT ${LEAD_COLUMNS} FROM leads`. */
export const LEAD_COLUMNS = `lead_id, job_id, external_user_id, email, phone, name, title, company_name,
  socials, source_url, score, status, signals, qualification_notes, created_at`;

export const LEAD_ID = /^lead_[0-9a-z]{20}$/;

/** The network of a stored (canonical) profile URL, as the extractor classifies it. */
export function networkOf(url: string): SocialNetwork | null {
  return canonicalSocialProfile(url)?.network ?? null;
}

/** The first profile of each network, in the order the extractor found them. */
export function firstProfiles(socials: readonly string[]): Record<SocialNetwork, string | null> {
  const first = Object.fromEntries(SOCIAL_NETWORKS.map((n) => [n, null])) as Record<
    SocialNetwork,
    string | null
  >;
  for (const url of socials) {
    const network = networkOf(url);
    if (network && first[network] === null) first[network] = url;
  }
  return first;
}

/** Seed 003's lead, with every network's first profile and the full list. */
export function presentLead(row: LeadRow) {
  const profiles = firstProfiles(row.socials);
  return {
    id: row.lead_id,
    object: 'lead' as const,
    email: row.email,
    phone: row.phone,
    full_name: row.name,
    job_title: row.title,
    company_name: row.company_name,
    linkedin_url: profiles.linkedin,
    twitter_url: profiles.twitter,
    facebook_url: profiles.facebook,
    instagram_url: profiles.instagram,
    youtube_url: profiles.youtube,
    github_url: profiles.github,
    socials: [...row.socials],
    lead_score: row.score,
    lead_status: row.status,
    qualification_notes: row.qualification_notes,
    signals_detected: [...row.signals],
    source_url: row.source_url,
    job_id: row.job_id,
    external_user_id: row.external_user_id,
    created_at: row.created_at.toISOString(),
  };
}

export type LeadBody = ReturnType<typeof presentLead>;

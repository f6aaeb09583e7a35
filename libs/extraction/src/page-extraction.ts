/** The fixed vocabulary of buying signals a page can state about its owner. */
export const SIGNALS = [
  'hiring',
  'recent_funding',
  'growing_company',
  'new_leadership',
  'product_launch',
  'expansion',
] as const;

export type Signal = (typeof SIGNALS)[number];

export const SOCIAL_NETWORKS = [
  'linkedin',
  'twitter',
  'facebook',
  'instagram',
  'youtube',
  'github',
] as const;

export type SocialNetwork = (typeof SOCIAL_NETWORKS)[number];

export type Socials = Record<SocialNetwork, string[]>;

export interface ExtractedPerson {
  name: string;
  title: string;
  email: string | null;
  phone: string | null;
}

/** Everything one page says about its owner and the people on it. */
export interface PageExtraction {
  companyName: string | null;
  emails: string[];
  phones: string[];
  socials: Socials;
  people: ExtractedPerson[];
  signals: Signal[];
  /** Link discovery belongs to the crawler, not to extraction. */
  links?: never;
}

export interface ExtractPageInput {
  html: Buffer | string;
  url: string;
  /** The HTTP Content-Type header, whose charset outranks the page's own declaration. */
  contentType?: string;
}

export function emptySocials(): Socials {
  return { linkedin: [], twitter: [], facebook: [], instagram: [], youtube: [], github: [] };
}

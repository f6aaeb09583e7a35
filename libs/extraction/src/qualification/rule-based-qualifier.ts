import type { Signal } from '../page-extraction';
import type {
  LeadContact,
  LeadQualifier,
  Qualification,
  QualificationInput,
} from './lead-qualifier';
import { statusFor } from './lead-qualifier';

/** Points per buying signal, and how the note phrases it. */
export const SIGNAL_POINTS: Readonly<Record<Signal, { points: number; phrase: string }>> = {
  hiring: { points: 15, phrase: 'is hiring' },
  recent_funding: { points: 20, phrase: 'recently raised funding' },
  growing_company: { points: 10, phrase: 'is growing' },
  new_leadership: { points: 10, phrase: 'has new leadership' },
  product_launch: { points: 8, phrase: 'launched a product' },
  expansion: { points: 10, phrase: 'is expanding' },
};
/** Signals add up, but a page full of news does not make an unreachable lead hot. */
export const MAX_SIGNAL_POINTS = 40;

export const CONTACT_POINTS = {
  decision_maker_title: 25,
  manager_title: 12,
  other_title: 5,
  business_email: 15,
  role_inbox: 10,
  free_mail: 5,
  direct_phone: 10,
  personal_profile: 10,
  company_profile: 5,
} as const;

export type ContactFactor = keyof typeof CONTACT_POINTS;

const DECISION_MAKER =
  /(?<![\p{L}])(?:ceo|cto|cfo|coo|cmo|cro|cio|ciso|cpo|chro|chief|founder|co-?founder|owner|co-owner|proprietor|president|vp|svp|evp|vice[- ]president|head|director|managing partner|general partner|partner|principal|managing director|general manager|chair(?:man|woman|person)?|geschäftsführer(?:in)?|inhaber(?:in)?|gérant(?:e)?|directeur|directrice|président(?:e)?)(?![\p{L}])/iu;
const MANAGER =
  /(?<![\p{L}])(?:manager|lead|leader|supervisor|coordinator|officer|superintendent|leiter(?:in)?|responsable)(?![\p{L}])/iu;

const FREE_MAIL = new Set([
  'gmail.com',
  'googlemail.com',
  'yahoo.com',
  'yahoo.co.uk',
  'yahoo.fr',
  'ymail.com',
  'hotmail.com',
  'hotmail.co.uk',
  'hotmail.fr',
  'outlook.com',
  'live.com',
  'msn.com',
  'icloud.com',
  'me.com',
  'mac.com',
  'aol.com',
  'proton.me',
  'protonmail.com',
  'gmx.com',
  'gmx.de',
  'gmx.net',
  'web.de',
  't-online.de',
  'mail.com',
  'zoho.com',
  'yandex.com',
  'yandex.ru',
  'mail.ru',
  'qq.com',
  '163.com',
  '126.com',
  'orange.fr',
  'free.fr',
  'laposte.net',
  'libero.it',
  'btinternet.com',
  'comcast.net',
  'verizon.net',
  'att.net',
  'bigpond.com',
  'shaw.ca',
  'rogers.com',
  'fastmail.com',
  'hey.com',
  'tutanota.com',
]);
/** Shared inboxes reach a company, not a decision-maker. */
const ROLE_INBOX =
  /^(?:info|hello|hi|contact|contactus|sales|support|help|office|admin|team|enquiries|enquiry|inquiries|inquiry|press|media|pr|careers|jobs|hr|recruiting|billing|accounts|accounting|service|services|bookings|booking|reception|events|marketing|partners|partnerships|orders|shop|store|care|customercare|hola|bonjour|kontakt|mail|general|studio|privacy|legal|datenschutz|noreply|no-reply|webmaster|feedback|wholesale|quotes|appointments)$/i;

export function isFreeMail(email: string): boolean {
  return FREE_MAIL.has(email.split('@')[1]?.toLowerCase() ?? '');
}

export function isRoleInbox(email: string): boolean {
  return ROLE_INBOX.test(email.split('@')[0] ?? '');
}

function titleFactor(title: string | null): ContactFactor | null {
  if (!title) return null;
  if (DECISION_MAKER.test(title)) return 'decision_maker_title';
  if (MANAGER.test(title)) return 'manager_title';
  return 'other_title';
}

function emailFactor(email: string | null): ContactFactor | null {
  if (!email) return null;
  if (isFreeMail(email)) return 'free_mail';
  return isRoleInbox(email) ? 'role_inbox' : 'business_email';
}

function profileFactor(socials: readonly string[]): ContactFactor | null {
  if (socials.some((s) => s.includes('linkedin.com/in/'))) return 'personal_profile';
  return socials.length ? 'company_profile' : null;
}

const FACTOR_PHRASES: Record<ContactFactor, (contact: LeadContact) => string> = {
  decision_maker_title: (c) => `a decision-maker title (${c.title})`,
  manager_title: (c) => `a manager title (${c.title})`,
  other_title: (c) => `a named role (${c.title})`,
  business_email: () => 'a business email',
  role_inbox: () => 'a shared company inbox',
  free_mail: () => 'only a free-mail address',
  direct_phone: () => 'a direct phone',
  personal_profile: () => 'a personal LinkedIn profile',
  company_profile: () => 'company profile links',
};

function joinPhrases(phrases: readonly string[]): string {
  if (phrases.length <= 1) return phrases.join('');
  return `${phrases.slice(0, -1).join(', ')} and ${phrases[phrases.length - 1]}`;
}

/**
 * Scores a contact from explainable facts: the page's buying signals, the
 * contact's title, the kind of email address, a direct phone and profile
 * links. Hot ≥ 70, warm 40–69, cold < 40.
 */
export class RuleBasedQualifier implements LeadQualifier {
  qualify({ extraction, contact }: QualificationInput): Qualification {
    const signals = extraction.signals.filter((s) => s in SIGNAL_POINTS);
    const signalPoints = Math.min(
      MAX_SIGNAL_POINTS,
      signals.reduce((sum, s) => sum + SIGNAL_POINTS[s].points, 0),
    );
    const factors = [
      titleFactor(contact.title),
      emailFactor(contact.email),
      contact.phone ? ('direct_phone' as const) : null,
      profileFactor(contact.socials),
    ].filter((f): f is ContactFactor => f !== null);
    const contactPoints = factors.reduce((sum, f) => sum + CONTACT_POINTS[f], 0);
    const score = Math.max(0, Math.min(100, Math.round(signalPoints + contactPoints)));
    const status = statusFor(score);
    return {
      score,
      status,
      signalsDetected: [...signals, ...factors],
      notes: this.explain(score, status, signals, factors, contact),
    };
  }

  private explain(
    score: number,
    status: string,
    signals: readonly Signal[],
    factors: readonly ContactFactor[],
    contact: LeadContact,
  ): string {
    const parts: string[] = [];
    if (factors.length)
      parts.push(`the contact has ${joinPhrases(factors.map((f) => FACTOR_PHRASES[f](contact)))}`);
    if (signals.length)
      parts.push(`the company ${joinPhrases(signals.map((s) => SIGNAL_POINTS[s].phrase))}`);
    const why = parts.length
      ? parts.join(', and ')
      : 'the page has no contact details or buying signals';
    return `${status[0].toUpperCase()}${status.slice(1)} (${score}/100) because ${why}.`;
  }
}

import type { PageExtraction, Signal } from '../page-extraction';
import { emptySocials } from '../page-extraction';
import type { LeadContact } from './lead-qualifier';
import { statusFor } from './lead-qualifier';
import { RuleBasedQualifier } from './rule-based-qualifier';

const page = (signals: Signal[] = []): PageExtraction => ({
  companyName: 'Acme Widgets',
  emails: [],
  phones: [],
  socials: emptySocials(),
  people: [],
  signals,
});
const contact = (overrides: Partial<LeadContact> = {}): LeadContact => ({
  email: null,
  phone: null,
  name: null,
  title: null,
  socials: [],
  ...overrides,
});
const qualifier = new RuleBasedQualifier();

describe('RuleBasedQualifier', () => {
  it.each<[string, Signal[], Partial<LeadContact>, number, string, string[]]>([
    ['nothing at all', [], {}, 0, 'cold', []],
    ['a shared inbox only', [], { email: 'info@acme-widgets.com' }, 10, 'cold', ['role_inbox']],
    ['a free-mail address only', [], { email: 'acme.widgets@gmail.com' }, 5, 'cold', ['free_mail']],
    [
      'a CEO with a business email',
      [],
      { name: 'Jane Roe', title: 'CEO', email: 'jane@acme-widgets.com' },
      40,
      'warm',
      ['decision_maker_title', 'business_email'],
    ],
    [
      'a reachable founder at a hiring, funded company',
      ['hiring', 'recent_funding'],
      {
        name: 'Jane Roe',
        title: 'Co-founder & CEO',
        email: 'jane@acme-widgets.com',
        phone: '+14155550142',
        socials: ['https://www.linkedin.com/in/jane-roe'],
      },
      95,
      'hot',
      [
        'hiring',
        'recent_funding',
        'decision_maker_title',
        'business_email',
        'direct_phone',
        'personal_profile',
      ],
    ],
    [
      'a manager with a phone and company profiles',
      ['expansion'],
      {
        name: 'Jamie Tran',
        title: 'Wholesale Manager',
        phone: '+61491570157',
        socials: ['https://www.instagram.com/acme'],
      },
      37,
      'cold',
      ['expansion', 'manager_title', 'direct_phone', 'company_profile'],
    ],
    [
      'signals are capped',
      [
        'hiring',
        'recent_funding',
        'growing_company',
        'new_leadership',
        'product_launch',
        'expansion',
      ],
      {},
      40,
      'warm',
      [
        'hiring',
        'recent_funding',
        'growing_company',
        'new_leadership',
        'product_launch',
        'expansion',
      ],
    ],
    [
      'a named role without seniority',
      [],
      { name: 'Sam Lee', title: 'Barista', email: 'sam@acme-widgets.com' },
      20,
      'cold',
      ['other_title', 'business_email'],
    ],
  ])('%s', (_case, signals, overrides, score, status, detected) => {
    const result = qualifier.qualify({ extraction: page(signals), contact: contact(overrides) });
    expect(result).toMatchObject({ score, status, signalsDetected: detected });
    expect(Number.isInteger(result.score)).toBe(true);
    // One sentence that says why.
    expect(result.notes).toMatch(/^(Hot|Warm|Cold) \(\d+\/100\) because [^.]+\.$/);
  });

  it('explains the score in words', () => {
    const { notes } = qualifier.qualify({
      extraction: page(['hiring']),
      contact: contact({ title: 'Managing Director', email: 'zoe@acme-widgets.co.uk' }),
    });
    expect(notes).toBe(
      'Warm (55/100) because the contact has a decision-maker title (Managing Director) and a business email, and the company is hiring.',
    );
  });

  it.each([
    [0, 'cold'],
    [39, 'cold'],
    [40, 'warm'],
    [69, 'warm'],
    [70, 'hot'],
    [100, 'hot'],
  ])('status of %i is %s', (score, status) => {
    expect(statusFor(score)).toBe(status);
  });
});

import type { PageExtraction } from '../page-extraction';
import { emptySocials } from '../page-extraction';
import { bestContact, contactsOf } from './best-contact';
import type { LeadQualifier } from './lead-qualifier';

const extraction = (overrides: Partial<PageExtraction> = {}): PageExtraction => ({
  companyName: 'Quillfeather Studio',
  emails: ['studio@quillfeather.co.uk', 'imogen@quillfeather.co.uk'],
  phones: ['+442079460118'],
  socials: {
    ...emptySocials(),
    linkedin: [
      'https://www.linkedin.com/in/imogen-pryce',
      'https://www.linkedin.com/company/quillfeather-studio',
    ],
    twitter: ['https://x.com/quillfeather'],
  },
  people: [
    { name: 'Bethany Caldwell', title: 'Senior Designer', email: null, phone: null },
    {
      name: 'Imogen Pryce',
      title: 'Founder & Creative Director',
      email: 'imogen@quillfeather.co.uk',
      phone: null,
    },
  ],
  signals: [],
  ...overrides,
});

describe('the page’s best contact', () => {
  it('lists each person, with their own LinkedIn profile, then the page itself', () => {
    expect(contactsOf(extraction())).toEqual([
      { name: 'Bethany Caldwell', title: 'Senior Designer', email: null, phone: null, socials: [] },
      {
        name: 'Imogen Pryce',
        title: 'Founder & Creative Director',
        email: 'imogen@quillfeather.co.uk',
        phone: null,
        socials: ['https://www.linkedin.com/in/imogen-pryce'],
      },
      {
        name: null,
        title: null,
        email: 'studio@quillfeather.co.uk',
        phone: '+442079460118',
        socials: [
          'https://www.linkedin.com/company/quillfeather-studio',
          'https://x.com/quillfeather',
        ],
      },
    ]);
  });

  it('picks the highest-scoring contact', () => {
    const { contact, qualification } = bestContact(extraction());
    expect(contact.name).toBe('Imogen Pryce');
    expect(qualification).toMatchObject({ score: 50, status: 'warm' });
  });

  it('falls back to the page when nobody is named', () => {
    const { contact, qualification } = bestContact(
      extraction({ people: [], emails: [], phones: [], socials: emptySocials() }),
    );
    expect(contact).toEqual({ name: null, title: null, email: null, phone: null, socials: [] });
    expect(qualification.status).toBe('cold');
  });

  it('prefers a business address for the page contact', () => {
    const [page] = contactsOf(
      extraction({ people: [], emails: ['quill@gmail.com', 'hello@quillfeather.co.uk'] }),
    );
    expect(page.email).toBe('hello@quillfeather.co.uk');
  });

  it('works with any qualifier', () => {
    const byName: LeadQualifier = {
      qualify: ({ contact }) => ({
        score: contact.name === 'Bethany Caldwell' ? 90 : 10,
        status: 'hot',
        signalsDetected: [],
        notes: 'Test.',
      }),
    };
    expect(bestContact(extraction(), byName).contact.name).toBe('Bethany Caldwell');
  });
});

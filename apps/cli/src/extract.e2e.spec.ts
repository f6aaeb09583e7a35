import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { CORPUS_DIR } from '../../../test/harness';

const run = promisify(execFile);
const MAIN = join(__dirname, 'main.ts');
const PAGES = join(CORPUS_DIR, 'pages');

/** `quarry extract` as operators run it: a separate process, no database. */
describe('quarry extract', () => {
  const quarry = (...args: string[]) =>
    run(process.execPath, ['-r', '@swc-node/register', MAIN, 'extract', ...args], {
      env: { ...process.env, DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' },
    });

  it('prints the page’s contacts and its best contact’s score as JSON', async () => {
    const { stdout } = await quarry(
      join(PAGES, '04-lumenfold-series-a.html'),
      '--url',
      'https://www.lumenfold.io/newsroom/series-a',
      '--json',
    );
    const report = JSON.parse(stdout) as Record<string, unknown>;
    expect(Object.keys(report)).toEqual([
      'company_name',
      'emails',
      'phones',
      'socials',
      'people',
      'signals',
      'score',
      'status',
    ]);
    expect(report).toMatchObject({
      company_name: 'Lumenfold Health',
      emails: ['press@lumenfold.io'],
      phones: ['+16175550183'],
      socials: {
        linkedin: ['https://www.linkedin.com/company/lumenfold-health'],
        twitter: ['https://x.com/lumenfoldhealth'],
        facebook: [],
        instagram: [],
        youtube: ['https://www.youtube.com/@lumenfoldhealth'],
        github: [],
      },
      signals: ['hiring', 'recent_funding'],
      status: 'hot',
    });
    expect(report.people).toContainEqual({
      name: 'Priya Raman',
      title: 'Head of Communications',
      email: 'press@lumenfold.io',
      phone: '+16175550183',
    });
    expect(report.score).toBeGreaterThanOrEqual(70);
  });

  it('prints a readable summary without --json', async () => {
    const { stdout } = await quarry(
      join(PAGES, '13-oakhaven-team-cp1252.html'),
      '--url',
      'http://www.oakhavenlettings.co.uk/team/',
    );
    expect(stdout).toMatch(/^Company: {2}Oakhaven Lettings$/m);
    expect(stdout).toMatch(/Siobhán O’Dwyer — Tenant Liaison/);
    expect(stdout).toMatch(/^Score: {4}\d+ \((hot|warm|cold)\)$/m);
  });

  it('refuses a missing file or a bad URL with a clear error', async () => {
    await expect(
      quarry(join(PAGES, 'no-such-page.html'), '--url', 'https://example.org/'),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/ENOENT/),
    });
    await expect(
      quarry(join(PAGES, '01-brightmoor-contact.html'), '--url', 'not a url'),
    ).rejects.toMatchObject({
      stderr: expect.stringMatching(/expected an http\(s\) URL/),
    });
  });
});

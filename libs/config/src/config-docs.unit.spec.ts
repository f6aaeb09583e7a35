import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONFIG_DOCS } from './config.schema';

describe('configuration documentation', () => {
  const readme = readFileSync(join(__dirname, '..', '..', '..', 'README.md'), 'utf8');

  it.each(Object.keys(CONFIG_DOCS))(
    'README documents %s in its configuration table',
    (variable) => {
      expect(readme).toMatch(new RegExp(`^\\| \`${variable}\` +\\|`, 'm'));
    },
  );
});

// README.md is assembled from docs/readme/*.md; these checks keep it current
// and keep its links pointing somewhere.
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { assemble, anchorOf } = require('../../scripts/readme.js') as { assemble: () => string; anchorOf: (heading: string) => string };

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** Markdown text without fenced code blocks, where "#" starts comments, not headings. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '');
}

describe('README.md', function () {
  it('is what scripts/readme.js assembles from docs/readme/ (run node scripts/readme.js after editing a section)', function () {
    assert.equal(readme, assemble());
  });

  it('gives the two commands a fresh machine needs', function () {
    assert.match(readme, /npm install && npm start/);
    assert.match(readme, /npm install && npm test/);
  });

  it('links only to headings it has', function () {
    const anchors = new Set<string>();
    for (const [, heading] of prose(readme).matchAll(/^#{1,6} (.+)$/gm)) anchors.add(anchorOf(heading.replace(/`/g, '')));
    const links = [...readme.matchAll(/\]\(#([^)]+)\)/g)].map((m) => m[1]);
    assert.ok(links.length >= 9, 'the contents list is missing');
    const broken = links.filter((anchor) => !anchors.has(anchor));
    assert.deepEqual(broken, []);
  });

  it('links only to files that exist in the repository', function () {
    const targets = [...readme.matchAll(/\]\((?!#|https?:|mailto:)([^)\s]+)\)/g)].map((m) => m[1].split('#')[0]);
    assert.ok(targets.includes('docs/images/demo-flow.png'), 'the flow screenshot is not shown');
    const missing = targets.filter((target) => !fs.existsSync(path.join(ROOT, target)));
    assert.deepEqual(missing, []);
  });
});

// README.md is assembled from docs/readme/intro.md and a list of every page
// under docs/; these checks keep it current, short, and every link in it and in
// the pages pointing somewhere that exists (file and heading).
import assert from 'node:assert/strict';
import fs from 'node:fs';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '..', '..');
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { assemble, anchorOf, pagePaths } = require('../../scripts/readme.js') as {
  assemble: () => string;
  anchorOf: (heading: string) => string;
  pagePaths: () => string[];
};

const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');

/** Markdown text without fenced code blocks, where "#" starts comments, not headings. */
function prose(text: string): string {
  return text.replace(/^```[\s\S]*?^```/gm, '');
}

function anchorsOf(file: string): Set<string> {
  const anchors = new Set<string>();
  const text = prose(fs.readFileSync(path.join(ROOT, file), 'utf8'));
  for (const [, heading] of text.matchAll(/^#{1,6} (.+)$/gm)) anchors.add(anchorOf(heading.replace(/`/g, '')));
  return anchors;
}

/** Every link of a markdown file that points into the repository, as [file relative to the root, anchor or ''] pairs. */
function localLinks(file: string): { link: string; target: string; anchor: string }[] {
  const text = prose(fs.readFileSync(path.join(ROOT, file), 'utf8'));
  return [...text.matchAll(/\]\((?![a-z]+:)([^)\s]+)\)/g)].map((m) => {
    const [target, anchor = ''] = m[1].split('#');
    return { link: m[1], target: target === '' ? file : path.posix.normalize(path.posix.join(path.posix.dirname(file), target)), anchor };
  });
}

function brokenLinks(file: string): string[] {
  const broken: string[] = [];
  for (const { link, target, anchor } of localLinks(file)) {
    if (!fs.existsSync(path.join(ROOT, target))) broken.push(`${file}: ${link} (no file ${target})`);
    else if (anchor && target.endsWith('.md') && !anchorsOf(target).has(anchor))
      broken.push(`${file}: ${link} (no heading #${anchor} in ${target})`);
  }
  return broken;
}

describe('README.md and docs/', function () {
  it('README is what scripts/readme.js assembles (run node scripts/readme.js after editing docs/readme/intro.md or adding a page)', function () {
    assert.equal(readme, assemble());
  });

  it('README gives the two commands a fresh machine needs and shows the flow', function () {
    assert.match(readme, /npm install && npm start/);
    assert.match(readme, /npm install && npm test/);
    assert.ok(
      localLinks('README.md').some((l) => l.target === 'docs/images/demo-flow.png'),
      'the flow screenshot is not shown',
    );
  });

  it('README reads in five minutes (under 900 words, the rest is in docs/)', function () {
    const words = prose(readme).split(/\s+/).filter(Boolean).length;
    assert.ok(words < 900, `README.md has ${words} words of prose`);
  });

  it('README links every page under docs/', function () {
    const pages = pagePaths();
    assert.ok(pages.length >= 9, `only ${pages.length} pages found`);
    const linked = new Set(localLinks('README.md').map((l) => l.target));
    assert.deepEqual(
      pages.filter((p) => !linked.has(p)),
      [],
    );
  });

  it('every link in README and in the pages under docs/ points at a file and heading that exist', function () {
    const broken = ['README.md', 'docs/readme/intro.md', ...pagePaths()].flatMap(brokenLinks);
    assert.deepEqual(broken, []);
  });
});

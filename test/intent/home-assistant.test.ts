import assert from 'node:assert/strict';
import { convertHomeAssistant, HomeAssistantImportError, importHomeAssistantYaml, IntentMatcher } from '../../src/intent';

/** A custom_sentences file as Home Assistant users write them (config/custom_sentences/en/*.yaml). */
const CUSTOM_SENTENCES = `
# Example config/custom_sentences/en/lights.yaml
language: "en"
intents:
  SetBrightness:
    data:
      - sentences:
          - "set [the] {area} [lights] to {brightness}[%| percent]"
          - "<dim> [the] {area} [lights] to {brightness}[%| percent]"
  HassTurnOn:
    data:
      - sentences:
          - "<turn> on [the] {area} (light | lights)"
        slots:
          domain: "light"
      - sentences:
          - "<turn> on [the] {fan_name}"
        slots:
          domain: fan
        requires_context:
          area:
            slot: true
  OrderCoffee:
    data:
      - sentences:
          - "<make> me a {drink}"
        expansion_rules:
          make: "(make|brew)"
      - sentences:
          - "<make> {drink} please"
        expansion_rules:
          make: "(pour|get)"
  Remember:
    data:
      - sentences:
          - "remember [that] {memo}"
lists:
  area:
    values:
      - kitchen
      - in: "(living|family) room"
        out: living_room
  fan_name:
    values:
      - in: ceiling fan
        out: fan.ceiling
        context:
          area: bedroom
  brightness:
    range:
      from: 0
      to: 100
  drink:
    values: [espresso, latte]
  memo:
    wildcard: true
expansion_rules:
  turn: "(turn | switch)"
  dim: "(dim | lower)"
skip_words:
  - please
`;

describe('intent/home-assistant import', () => {
  it('converts intents, data blocks, fixed slots, lists and rules to the node shape', () => {
    const imported = importHomeAssistantYaml(CUSTOM_SENTENCES);
    assert.equal(imported.language, 'en');
    assert.deepEqual(imported.config.intents, [
      {
        name: 'SetBrightness',
        sentences: ['set [the] {area} [lights] to {brightness}[%| percent]', '<dim> [the] {area} [lights] to {brightness}[%| percent]'],
      },
      { name: 'HassTurnOn', sentences: ['<turn> on [the] {area} (light | lights)'], slots: { domain: 'light' } },
      { name: 'HassTurnOn', sentences: ['<turn> on [the] {fan_name}'], slots: { domain: 'fan' } },
      { name: 'OrderCoffee', sentences: ['<make> me a {drink}'] },
      { name: 'OrderCoffee', sentences: ['<OrderCoffee_make> {drink} please'] },
      { name: 'Remember', sentences: ['remember [that] {memo}'] },
    ]);
    assert.deepEqual(imported.config.lists, {
      area: { values: ['kitchen', { in: '(living|family) room', out: 'living_room' }] },
      fan_name: { values: [{ in: 'ceiling fan', out: 'fan.ceiling' }] },
      brightness: { range: { from: 0, to: 100 } },
      drink: { values: ['espresso', 'latte'] },
      memo: { wildcard: true },
    });
    assert.deepEqual(imported.config.expansionRules, {
      turn: '(turn | switch)',
      dim: '(dim | lower)',
      make: '(make|brew)',
      OrderCoffee_make: '(pour|get)',
    });
    assert.deepEqual(imported.notes, [
      'list "fan_name": value contexts and metadata are not used here',
      'intent "HassTurnOn": requires_context is not used here; its sentences match in any context',
      'intent "OrderCoffee": its local rule <make> differs from another one and is now <OrderCoffee_make>',
      'skip_words are not supported: put such words in [optional] parts of the sentences',
    ]);
  });

  it('gives a config the matcher runs as Home Assistant would', () => {
    const matcher = IntentMatcher.fromConfig(importHomeAssistantYaml(CUSTOM_SENTENCES).config);
    assert.deepEqual(matcher.match('Set the kitchen lights to 40%.')?.slots, { area: 'kitchen', brightness: 40 });
    assert.deepEqual(matcher.match('lower the family room to twenty percent')?.slots, { area: 'living_room', brightness: 20 });
    assert.deepEqual(matcher.match('Switch on the living room lights.')?.slots, { domain: 'light', area: 'living_room' });
    assert.deepEqual(matcher.match('turn on the ceiling fan')?.slots, { domain: 'fan', fan_name: 'fan.ceiling' });
    assert.equal(matcher.match('brew me a latte')?.name, 'OrderCoffee');
    assert.equal(matcher.match('pour espresso please')?.name, 'OrderCoffee');
    assert.equal(matcher.match('brew espresso please'), undefined);
    assert.deepEqual(matcher.match('Remember that the keys are in the drawer.')?.slots, { memo: 'the keys are in the drawer' });
  });

  it('adds lists Home Assistant fills itself as empty lists, and names undefined rules', () => {
    const imported = convertHomeAssistant({
      language: 'de',
      intents: { HassTurnOff: { data: [{ sentences: ['<turn> off {name} in <area>'] }] } },
    });
    assert.deepEqual(imported.config.lists, { name: { values: [] } });
    assert.deepEqual(imported.notes, [
      'list "name" is used but not defined (Home Assistant fills {area} and {name} itself): it was added empty, add its values',
      "expansion rule <turn> is used but not defined (perhaps from Home Assistant's own _common.yaml): add it",
      "expansion rule <area> is used but not defined (perhaps from Home Assistant's own _common.yaml): add it",
      'language "de": numbers are read as English words',
    ]);
  });

  it('keeps range steps, notes multipliers and leaves out what it cannot read', () => {
    const imported = convertHomeAssistant({
      lists: {
        temp: { range: { from: 10, to: 30, step: 0.5, multiplier: 10 } },
        broken: { range: { from: 'low' } },
        nothing: {},
        odd: 'x',
        numbers: { values: [1, 2, { out: 3 }] },
      },
      intents: { A: { data: [{ sentences: ['x {temp}'] }, { slots: {} }] }, B: {} },
    });
    assert.deepEqual(imported.config.lists, { temp: { range: { from: 10, to: 30, step: 0.5 } }, numbers: { values: ['1', '2'] } });
    assert.deepEqual(imported.config.intents, [{ name: 'A', sentences: ['x {temp}'] }]);
    assert.deepEqual(imported.notes, [
      'list "temp": range multipliers are not supported; the spoken number is kept',
      'list "broken": a range without numbers "from" and "to" was left out',
      'list "nothing" has no values, range or wildcard and was left out',
      'list "odd" is not a mapping and was left out',
      'list "numbers": a value without "in" was left out',
      'intent "A": a data block without "sentences" was left out',
      'intent "B" has no "data" list and was left out',
    ]);
  });

  it('says where bad YAML is and what a file must hold', () => {
    assert.throws(
      () => importHomeAssistantYaml('intents:\n  A: [\n'),
      (err: unknown) => {
        assert.ok(err instanceof HomeAssistantImportError);
        assert.match(err.message, /^not valid YAML \(line \d+, column \d+\)/);
        return true;
      },
    );
    assert.throws(() => importHomeAssistantYaml('- just\n- a list\n'), /not a YAML mapping/);
    assert.throws(() => importHomeAssistantYaml('intents: [a, b]'), /"intents" must be a mapping/);
    assert.throws(() => importHomeAssistantYaml('lists: 3'), /"lists" must be a mapping/);
  });
});

// The accuracy table: turns as the service sends them, formatted ("Set the
// bedroom lights to 40%.") and unformatted ("set the bedroom lights to forty
// percent"): commands, near misses, out-of-range values and unrelated speech.
// Every row must be right.
import assert from 'node:assert/strict';
import { IntentMatcher } from '../../src/intent';
import { HOME } from './fixtures/home';

type Expected = { name: string; slots: Record<string, unknown> } | null;

const on = (area: string): Expected => ({ name: 'LightOn', slots: { state: 'ON', area } });
const off = (area: string): Expected => ({ name: 'LightOff', slots: { state: 'OFF', area } });
const bright = (area: string, brightness: number): Expected => ({ name: 'LightBrightness', slots: { area, brightness } });
const temp = (temperature: number, area?: string): Expected => ({
  name: 'SetTemperature',
  slots: area ? { area, temperature } : { temperature },
});
const timer = (minutes: number): Expected => ({ name: 'StartTimer', slots: { minutes } });
const scene = (name: string): Expected => ({ name: 'Scene', slots: { scene: name } });
const play = (song: string, artist?: string): Expected => ({ name: 'Play', slots: artist ? { song, artist } : { song } });
const cancel: Expected = { name: 'Cancel', slots: {} };

const TABLE: Array<[string, Expected]> = [
  // Lights on/off, formatted and not.
  ['Turn on the kitchen lights.', on('kitchen')],
  ['turn on the kitchen lights', on('kitchen')],
  ['Switch on the bedroom light.', on('bedroom')],
  ['switch the office lights on', on('office')],
  ['Turn on the lights in the living room.', on('living_room')],
  ['turn on the lights in the family room', on('living_room')],
  ['Living room lights on.', on('living_room')],
  ["Turn on the kid's room lights.", on('kids_room')],
  ['turn on the kids room lights', on('kids_room')],
  ['TURN ON THE KITCHEN LIGHT!', on('kitchen')],
  ['Turn off the bedroom lights.', off('bedroom')],
  ['turn off the bedroom lights', off('bedroom')],
  ['Switch off the living-room lights.', off('living_room')],
  ['turn the kitchen light off', off('kitchen')],
  ['Office lights off.', off('office')],
  ['turn off the lights in the office', off('office')],
  // Brightness: digits, "%", words, hyphens.
  ['Set the bedroom lights to 40%.', bright('bedroom', 40)],
  ['set the bedroom lights to forty percent', bright('bedroom', 40)],
  ['Set the bedroom lights to 40 percent.', bright('bedroom', 40)],
  ['set the bedroom lights to forty', bright('bedroom', 40)],
  ['Dim the kitchen lights to 25%.', bright('kitchen', 25)],
  ['dim the kitchen lights to twenty five percent', bright('kitchen', 25)],
  ['Dim the kitchen lights to twenty-five percent.', bright('kitchen', 25)],
  ['Set the living room lights to 100%.', bright('living_room', 100)],
  ['set the living room lights to one hundred percent', bright('living_room', 100)],
  ['Set the office light to 0%.', bright('office', 0)],
  ['set the office light to zero percent', bright('office', 0)],
  ['Change the brightness of the bedroom lights to 75%.', bright('bedroom', 75)],
  ['change the brightness in the kitchen to seventy five percent', bright('kitchen', 75)],
  // Temperature: step 0.5, optional area.
  ['Set the temperature to 21 degrees.', temp(21)],
  ['set the temperature to twenty one degrees', temp(21)],
  ['Set the thermostat to 21.5.', temp(21.5)],
  ['set the thermostat to twenty one point five', temp(21.5)],
  ['Set the heating in the living room to 19 degrees.', temp(19, 'living_room')],
  ['set the heating in the office to nineteen', temp(19, 'office')],
  // Timers.
  ['Set a timer for 5 minutes.', timer(5)],
  ['set a timer for five minutes', timer(5)],
  ['Start a timer for one minute.', timer(1)],
  ['start timer for ninety minutes', timer(90)],
  ['Set a timer for 120 minutes.', timer(120)],
  // Scenes (value templates with in/out).
  ['Activate the movie night scene.', scene('movie_night')],
  ['start the film night scene', scene('movie_night')],
  ["It's good morning.", scene('good_morning')],
  // Wildcards keep the spoken words.
  ['Play Bohemian Rhapsody by Queen.', play('Bohemian Rhapsody', 'Queen')],
  ['play yesterday by the beatles', play('yesterday', 'the beatles')],
  ['Play some jazz.', play('some jazz')],
  ['play twenty five or six to four', play('twenty five or six to four')],
  // Short commands.
  ['Cancel.', cancel],
  ['cancel that', cancel],
  ['Never mind.', cancel],
  // Near misses: unknown values, missing parts, extra words.
  ['Turn on the garage lights.', null],
  ['turn on the lights', null],
  ['Turn on the kitchen.', null],
  ['turn the kitchen lights', null],
  ['Set the bedroom lights.', null],
  ['turn on the kitchen lights and the bedroom lights', null],
  ['Please play some jazz.', null],
  ['activate the party scene', null],
  ['Set a timer for two hours.', null],
  ['cancel the order', null],
  // Out of range or off the step.
  ['Set the bedroom lights to 140%.', null],
  ['set the bedroom lights to one hundred and forty percent', null],
  ['Set the temperature to 35 degrees.', null],
  ['set the temperature to twenty one point three', null],
  ['Set the thermostat to 21.3.', null],
  ['Set a timer for 0 minutes.', null],
  ['set a timer for zero minutes', null],
  ['Set the kitchen lights to -5%.', null],
  // Unrelated speech.
  ["What's the weather like tomorrow?", null],
  ['i think the kitchen lights are too bright', null],
  ['The lights are on in the kitchen.', null],
  ['Hello there.', null],
  ['', null],
  ['Um.', null],
];

describe('intent accuracy table', () => {
  const matcher = IntentMatcher.fromConfig(HOME);

  it(`has at least 60 rows, formatted and unformatted (${TABLE.length})`, () => {
    assert.ok(TABLE.length >= 60);
    assert.ok(TABLE.filter(([text]) => /[.?!%]|^[A-Z]/.test(text)).length >= 25);
    assert.ok(TABLE.filter(([text]) => /^[a-z0-9 ']+$/.test(text)).length >= 25);
    assert.ok(TABLE.filter(([, expected]) => expected === null).length >= 20);
  });

  for (const [text, expected] of TABLE) {
    it(`${JSON.stringify(text)} -> ${expected ? `${expected.name} ${JSON.stringify(expected.slots)}` : 'no match'}`, () => {
      const found = matcher.match(text);
      assert.deepEqual(found ? { name: found.name, slots: found.slots } : null, expected);
      if (found) assert.equal(found.text, text);
    });
  }
});

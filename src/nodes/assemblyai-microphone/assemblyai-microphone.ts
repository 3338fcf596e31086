// Node-RED glue for the microphone node: reads the editor properties, hands
// start/stop actions to a MicrophoneSession and closes it on redeploy.
import os from 'node:os';
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { captureOverrides } from './capture-overrides';
import { registerDevicesEndpoint } from './devices-endpoint';
import { MicrophoneSession } from './microphone-session';
import { type MicrophoneNodeProperties, type MicrophoneSettings, parseMicrophoneSettings } from './microphone-settings';
import { statusInvalid, statusStopped, type Translate } from './microphone-status';

type MicrophoneNodeDef = NodeDef & MicrophoneNodeProperties;

/** Close must finish well inside Node-RED's 15 s nodeCloseTimeout, whatever the device does. */
const CLOSE_GUARD_MS = 10000;

type Action = 'start' | 'stop';

function actionOf(msg: NodeMessageInFlow): Action | undefined {
  const candidate = (msg as { action?: unknown }).action ?? msg.payload;
  return candidate === 'start' || candidate === 'stop' ? candidate : undefined;
}

export default function register(RED: NodeAPI): void {
  const translate: Translate = (key, substitutions) => RED._(key, substitutions);

  function AssemblyAIMicrophoneNode(this: Node, def: MicrophoneNodeDef) {
    RED.nodes.createNode(this, def);
    const node = this;

    let settings: MicrophoneSettings;
    try {
      settings = parseMicrophoneSettings(def);
    } catch (err) {
      node.status(statusInvalid(translate));
      node.error(`microphone: ${err instanceof Error ? err.message : String(err)}`, {});
      node.on('input', (_msg: NodeMessageInFlow, _send: unknown, done: (err?: Error) => void) => {
        done(new Error('microphone: the node is not configured correctly'));
      });
      return;
    }

    const userDir = (RED.settings as { userDir?: string }).userDir;
    const session = new MicrophoneSession(
      {
        status: (status) => node.status(status),
        send: (messages) => node.send(messages),
        error: (text, msg) => node.error(text, msg),
        log: (text) => node.log(text),
        translate,
      },
      settings,
      userDir ?? os.homedir(),
      captureOverrides(),
    );

    node.on('input', (msg: NodeMessageInFlow, _send: unknown, done: (err?: Error) => void) => {
      const action = actionOf(msg);
      if (action === 'start') {
        session.start().then(() => done(), done);
      } else if (action === 'stop') {
        session.stop().then(() => done(), done);
      } else {
        done(new Error('microphone: expected msg.action "start" or "stop"'));
      }
    });

    node.on('close', (_removed: boolean, done: () => void) => {
      let finished = false;
      const finish = () => {
        if (finished) return;
        finished = true;
        clearTimeout(guard);
        done();
      };
      const guard = setTimeout(finish, CLOSE_GUARD_MS);
      session.close().then(finish, finish);
    });

    if (settings.startOnDeploy) void session.start();
    else node.status(statusStopped(translate));
  }

  RED.nodes.registerType('assemblyai-microphone', AssemblyAIMicrophoneNode);
  registerDevicesEndpoint(RED);
}

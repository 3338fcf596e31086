// Node-RED glue for the microphone node: reads the editor properties, hands
// start/stop actions to a MicrophoneSession and closes it on redeploy.
import os from 'node:os';
import type { Node, NodeAPI, NodeDef, NodeMessageInFlow } from 'node-red';
import { closeHandler, type Done, failInput, reportError, translator } from '../kit';
import { captureOverrides } from './capture-overrides';
import { registerDevicesEndpoint } from './devices-endpoint';
import { MicrophoneSession } from './microphone-session';
import {
  type MicrophoneNodeProperties,
  type MicrophoneSettings,
  MicrophoneSettingsError,
  parseMicrophoneSettings,
} from './microphone-settings';
import { statusInvalid, statusStopped } from './microphone-status';

type MicrophoneNodeDef = NodeDef & MicrophoneNodeProperties;

type Action = 'start' | 'stop' | 'mute' | 'unmute';

function actionOf(msg: NodeMessageInFlow): Action | undefined {
  const candidate = (msg as { action?: unknown }).action ?? msg.payload;
  return candidate === 'start' || candidate === 'stop' || candidate === 'mute' || candidate === 'unmute' ? candidate : undefined;
}

export default function register(RED: NodeAPI): void {
  const t = translator(RED);

  function AssemblyAIMicrophoneNode(this: Node, def: MicrophoneNodeDef) {
    RED.nodes.createNode(this, def);
    const node = this;

    let settings: MicrophoneSettings;
    try {
      settings = parseMicrophoneSettings(def);
    } catch (err) {
      const detail = err instanceof MicrophoneSettingsError ? t(err.key, err.substitutions) : String(err);
      reportError(node, t('assemblyai-microphone.errors.invalidSettings', { detail }), statusInvalid(t).text);
      node.on('input', (_msg: NodeMessageInFlow, _send: unknown, done: Done) => {
        done(new Error(t('assemblyai-microphone.errors.notConfigured')));
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
        translate: t,
      },
      settings,
      userDir ?? os.homedir(),
      captureOverrides(),
    );

    node.on('input', (msg: NodeMessageInFlow, _send: unknown, done: Done) => {
      const action = actionOf(msg);
      // A failed start already shows its status (unavailable, retrying); done(err) brings the msg to Catch nodes.
      if (action === 'start')
        session.start().then(
          () => done(),
          (err: unknown) => failInput(node, done, err),
        );
      else if (action === 'stop')
        session.stop().then(
          () => done(),
          (err: unknown) => failInput(node, done, err),
        );
      else if (action === 'mute' || action === 'unmute') {
        session.setMuted(action === 'mute');
        done();
      } else done(new Error(t('assemblyai-microphone.errors.badAction')));
    });

    node.on(
      'close',
      closeHandler(() => session.close()),
    );

    if (settings.startOnDeploy) session.startInBackground();
    else node.status(statusStopped(t));
  }

  RED.nodes.registerType('assemblyai-microphone', AssemblyAIMicrophoneNode);
  registerDevicesEndpoint(RED);
}

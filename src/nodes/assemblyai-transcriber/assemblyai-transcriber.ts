// The transcriber node: audio in, spoken turns (output 1) and session events
// (output 2) out, over a StreamingSession to AssemblyAI Streaming v3.
import type { Node, NodeAPI, NodeDef, NodeMessage } from 'node-red';
import { readTranscriberSettings, type TranscriberConfig } from '../../config/transcriber-settings';
import { readTuning } from '../../config/transcriber-tuning';
import { StreamingSession } from '../../session';
import { isAccountNode } from '../assemblyai-account/account-node';
import { closeHandler, failInput, setStatus, translator } from '../kit';
import { statusForConfigProblem } from './transcriber-status';
import { roomExtras } from './room-wiring';
import { TranscriberRuntime, type SessionLike, type TranscriberHost } from './transcriber-runtime';
import { UnusableTranscriber } from './unusable-transcriber';
import { StreamRouter } from './stream-router';
import { readStreamOptions, type StreamConfig } from './stream-options';

type TranscriberNodeDef = NodeDef & TranscriberConfig & StreamConfig & { account?: string };

type Problem = { kind: 'missingKey' | 'noAccount' | 'invalidConfig'; message: string };

export = function registerTranscriber(RED: NodeAPI): void {
  function AssemblyAITranscriberNode(this: Node, config: TranscriberNodeDef) {
    RED.nodes.createNode(this, config);
    const node = this;
    const translate = translator(RED);
    const settingsRoot = RED.settings as unknown as Record<string, unknown>;
    const tuning = readTuning(settingsRoot.assemblyaiTranscriber);
    const settings = readTranscriberSettings(config);
    for (const warning of [...tuning.warnings, ...settings.warnings]) node.warn(warning);

    let problem: Problem | undefined;
    let runtime: StreamRouter | undefined;
    const account = config.account ? RED.nodes.getNode(config.account) : undefined;
    const lookup = isAccountNode(account) ? account.lookupConnection() : undefined;
    const invalid = (detail: string): Problem => ({
      kind: 'invalidConfig',
      message: translate('assemblyai-transcriber.errors.invalidConfig', { detail }),
    });
    if (!settings.ok) problem = invalid(settings.errors.join('; '));
    else if (!lookup) problem = { kind: 'noAccount', message: translate('assemblyai-transcriber.errors.noAccount') };
    else if (!lookup.ok) problem = { kind: lookup.problem, message: lookup.message };

    if (problem === undefined && settings.ok && lookup?.ok) {
      const { closeTimeoutMs, ...sessionTuning } = tuning.tuning;
      const s = settings.settings;
      const room = roomExtras(node, s, account, translate);
      const host: TranscriberHost = {
        send: (messages) => node.send(messages as unknown as NodeMessage[]),
        status: (status) => node.status(status),
        error: (error, msg) => node.error(error, msg as NodeMessage),
        warn: (text) => node.warn(text),
      };
      // One runtime (session, policy, framing) per stream key: see stream-router.ts.
      const createRuntime = (streamHost: TranscriberHost): TranscriberRuntime => {
        const session = new StreamingSession({
          ...lookup.connection,
          ...sessionTuning,
          params: s.params,
          sampleRate: s.sampleRate,
          encoding: s.encoding,
          frameMs: s.frameMs,
          policy: s.policy,
          idleSeconds: s.idleSeconds,
          openOn: s.openOn,
          speechThresholdDbfs: s.speechThresholdDbfs,
          preRollMs: s.preRollMs,
          gateFactory: room.gateFactory,
          maxSendRate: s.maxSendRate,
        }) as unknown as SessionLike;
        return new TranscriberRuntime(streamHost, session, {
          speechModel: s.speechModel,
          policy: s.policy,
          openOn: s.openOn,
          wavPace: s.wavPace,
          turnUpdates: s.turnUpdates,
          closeTimeoutMs,
          translate,
          extras: room.extras,
        });
      };
      try {
        const streams = readStreamOptions(config, s.idleSeconds, translate);
        runtime = new StreamRouter(host, createRuntime, {
          ...streams,
          readProperty: (msg, path) => RED.util.getMessageProperty(msg, path) as unknown,
          translate,
        });
      } catch (error) {
        problem = invalid(error instanceof Error ? error.message : String(error));
      }
    }
    let handler: StreamRouter | UnusableTranscriber;
    if (runtime) handler = runtime;
    else {
      const reason = problem ?? invalid('');
      const { fill, shape, text } = statusForConfigProblem(reason.kind, translate);
      setStatus(node, fill, shape, text);
      // Logged at deploy, not sent to Catch nodes: each message that arrives is answered with it through done(err).
      node.error(reason.message);
      handler = new UnusableTranscriber(reason.message);
    }

    node.on('input', (msg, _send, done) => {
      try {
        handler.handleInput(msg, done);
      } catch (error) {
        failInput(node, done, error);
      }
    });

    // The runtime bounds its own Terminate (closeTimeoutMs); the kit's bound is the backstop.
    node.on(
      'close',
      closeHandler(() => handler.close()),
    );
  }

  RED.nodes.registerType('assemblyai-transcriber', AssemblyAITranscriberNode);
};

// The termination event carries the session's billed seconds as measured
// here (its Begin until now; the socket closes right after), beside the
// service's own audio and session durations.
import type { Emit, MessageOutlet, SessionEventArgs } from './server-messages';

export function withBilledSeconds(out: MessageOutlet, billedSeconds: () => number): MessageOutlet {
  const emit: Emit = (event, ...args) => {
    if (event === 'termination') {
      const [termination] = args as SessionEventArgs['termination'];
      out.emit('termination', { ...termination, billedSeconds: Math.round(billedSeconds() * 1000) / 1000 });
      return;
    }
    out.emit(event, ...args);
  };
  return { emit, error: (error) => out.error(error), turnChanged: (link) => out.turnChanged(link) };
}

// The node kit: what every node shares, the intent node and the Dashboard 2
// widget nodes included (the widget package's build copies these files into its
// src/kit, since it installs without this package). Its whole API:
//
//   translator(RED)                    -> Translate: RED._ with the full key, "<type>.status.x"
//   setStatus(node, fill, shape, text) -> shows a status; text under 20 characters (the locale test checks the texts)
//   clearStatus(node)                  -> removes the status
//   failInput(node, done, err, text?)  -> input handler failed: red ring status (if text) + done(err);
//                                        Node-RED turns done(err) into node.error(err, msg), so Catch nodes get the msg
//   reportError(node, err, text?)      -> no msg to answer (source nodes, background faults): node.error(err, {})
//                                        so Catch nodes still see it, + red ring status (if text)
//   toError(value)                     -> any thrown value as an Error
//   closeHandler(cleanup, options?)    -> an exactly-(removed, done) close handler: done called once, within
//                                        options.timeoutMs (default CLOSE_TIMEOUT_MS = 10 s, well under Node-RED's
//                                        15 s), whether cleanup returns, throws, rejects or never settles; options
//                                        onError / onTimeout are told (a throwing reporter is ignored), timers is a
//                                        clock seam for tests
export { translator, type Translate } from './translate';
export { clearStatus, setStatus, STATUS_TEXT_LIMIT, type StatusFill, type StatusShape, type StatusView } from './status';
export { failInput, reportError, toError, type Done } from './errors';
export { CLOSE_TIMEOUT_MS, closeHandler, type CloseHandler, type CloseOptions } from './close';

'use strict';
// Request/response over a child process's IPC channel, every request bounded in time.

class IpcClient {
  constructor(channel, label) {
    this.channel = channel;
    this.label = label;
    this.nextId = 1;
    this.pending = new Map();
    this.onMessage = (message) => {
      if (!message || message.replyTo === undefined) return;
      const waiter = this.pending.get(message.replyTo);
      if (!waiter) return;
      this.pending.delete(message.replyTo);
      clearTimeout(waiter.timer);
      if (message.error) waiter.reject(new Error(`${this.label}: ${message.error}`));
      else waiter.resolve(message.result);
    };
    channel.on('message', this.onMessage);
  }

  request(cmd, args = {}, timeoutMs = 10000) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${this.label}: no answer to ${cmd} within ${timeoutMs} ms`));
      }, timeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      try {
        this.channel.send({ id, cmd, ...args });
      } catch (error) {
        clearTimeout(timer);
        this.pending.delete(id);
        reject(error);
      }
    });
  }

  failAll(reason) {
    for (const [id, waiter] of this.pending) {
      clearTimeout(waiter.timer);
      waiter.reject(new Error(`${this.label}: ${reason}`));
      this.pending.delete(id);
    }
  }
}

/** Serves requests on this process's IPC channel with handlers[cmd](message) (sync or async). */
function serveRequests(handlers) {
  process.on('message', (message) => {
    if (!message || message.id === undefined || typeof message.cmd !== 'string') return;
    const handler = handlers[message.cmd];
    const reply = (payload) => {
      if (process.connected) process.send({ replyTo: message.id, ...payload });
    };
    if (!handler) {
      reply({ error: `unknown command ${message.cmd}` });
      return;
    }
    Promise.resolve()
      .then(() => handler(message))
      .then(
        (result) => reply({ result }),
        (error) => reply({ error: error instanceof Error ? error.message : String(error) }),
      );
  });
}

module.exports = { IpcClient, serveRequests };

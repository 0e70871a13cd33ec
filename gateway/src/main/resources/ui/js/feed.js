// The live status feed (/ws/status): snapshot, then changes; the token goes in the first message
// (browsers cannot set headers on a WebSocket). Reconnects resume from the last sequence number.
import * as auth from './auth.js';

export function subscribe(filter, onMessage, onState = () => {}) {
  let ws = null;
  let since = null;
  let closed = false;
  let backoff = 500;
  function open() {
    const token = auth.token();
    if (!token) {
      auth.login();
      return;
    }
    ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws/status`);
    ws.onopen = () => {
      const msg = { type: 'subscribe', token, ...filter };
      if (since !== null) msg.since = since;
      ws.send(JSON.stringify(msg));
      onState('live');
      backoff = 500;
    };
    ws.onmessage = (e) => {
      const m = JSON.parse(e.data);
      if (m.type !== 'app' && typeof m.seq === 'number') since = m.seq;
      onMessage(m);
    };
    ws.onclose = (e) => {
      if (closed) return;
      if (e.code === 4401) {
        auth.login(location.hash);
        return;
      }
      onState('reconnecting');
      setTimeout(open, backoff);
      backoff = Math.min(backoff * 2, 10000);
    };
  }
  open();
  return {
    close() {
      closed = true;
      if (ws) ws.close();
    },
  };
}

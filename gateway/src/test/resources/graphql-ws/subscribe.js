// The reference graphql-ws client (npm "graphql-ws") subscribing to the gateway.
// Usage: node subscribe.js <ws-url> <token> <query>; prints one JSON line per result.
const { createClient } = require('graphql-ws');
const WebSocket = require('ws');

const [url, token, query] = process.argv.slice(2);
const client = createClient({
  url,
  webSocketImpl: WebSocket,
  connectionParams: { token },
  retryAttempts: 0,
  on: { connected: () => console.log(JSON.stringify({ connected: true })) },
});
client.subscribe({ query }, {
  next: (result) => console.log(JSON.stringify(result)),
  error: (err) => {
    console.log(JSON.stringify({ error: String(err && (err.reason || err.message || err.code || err)) }));
    process.exit(2);
  },
  complete: () => process.exit(0),
});

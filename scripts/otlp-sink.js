// A stand-in OTLP/HTTP receiver for measuring telemetry's cost without a collector: accepts
// every export on 127.0.0.1 (default port 4318), answers 200 with an empty (valid) protobuf
// response, counts requests and bytes, and prints them when stopped. Exits by itself after
// OTLP_SINK_MINUTES (default 30).
//   node scripts/otlp-sink.js            # then OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:4318
const { createServer } = require('node:http');

const port = Number(process.env['OTLP_SINK_PORT'] || 4318);
const minutes = Number(process.env['OTLP_SINK_MINUTES'] || 30);
const counts = {};

const server = createServer((req, res) => {
  let bytes = 0;
  req.on('data', (chunk) => (bytes += chunk.length));
  req.on('end', () => {
    const c = (counts[req.url] ??= { requests: 0, bytes: 0 });
    c.requests += 1;
    c.bytes += bytes;
    res.writeHead(200, { 'content-type': 'application/x-protobuf' });
    res.end();
  });
});

const stop = () => {
  console.log(JSON.stringify({ otlpSink: counts }));
  server.close(() => process.exit(0));
};
server.listen(port, '127.0.0.1', () => console.error(`otlp sink on http://127.0.0.1:${port}`));
setTimeout(stop, minutes * 60_000).unref();
process.once('SIGINT', stop);
process.once('SIGTERM', stop);

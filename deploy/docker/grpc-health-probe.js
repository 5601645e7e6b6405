// The container health check: calls grpc.health.v1.Health/Check on the service's own gRPC port and
// exits 0 only when the answer is SERVING (1 when NOT_SERVING, unreachable or too slow). A service
// answers NOT_SERVING until its consumers joined their groups and its projections replayed (ADR
// 0004), so this is a readiness check as much as a liveness check.
//
// Usage: node grpc-health-probe.js [address] [service]
//   address  default: the port of BATON_GRPC_ADDRESS on 127.0.0.1 (the process listens on 0.0.0.0
//            in a container), else 127.0.0.1:50051
//   service  default "" (the whole server); BATON_HEALTH_TIMEOUT_MS bounds the call (default 3000)
//
// Only @grpc/grpc-js is needed: the two health messages are encoded by hand (a string field 1 in
// the request, an enum field 1 in the response), so no proto loading happens on every probe.
'use strict';
const grpc = require('@grpc/grpc-js');

const SERVING = 1;
const STATUS_NAMES = ['UNKNOWN', 'SERVING', 'NOT_SERVING', 'SERVICE_UNKNOWN'];

function defaultAddress(env) {
  const configured = env.BATON_GRPC_ADDRESS || '';
  const port = configured.slice(configured.lastIndexOf(':') + 1);
  return /^\d+$/.test(port) ? `127.0.0.1:${port}` : '127.0.0.1:50051';
}

function encodeVarint(value) {
  const bytes = [];
  while (value > 0x7f) {
    bytes.push((value & 0x7f) | 0x80);
    value >>>= 7;
  }
  bytes.push(value);
  return bytes;
}

/** HealthCheckRequest { string service = 1; } */
function encodeRequest(service) {
  if (!service) return Buffer.alloc(0);
  const text = Buffer.from(service, 'utf8');
  return Buffer.concat([Buffer.from([0x0a, ...encodeVarint(text.length)]), text]);
}

/** HealthCheckResponse { ServingStatus status = 1; }: the last value of field 1 wins. */
function decodeResponse(buffer) {
  let status = 0;
  let i = 0;
  const varint = () => {
    let value = 0;
    let shift = 0;
    let byte;
    do {
      byte = buffer[i++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80 && i < buffer.length);
    return value;
  };
  while (i < buffer.length) {
    const key = varint();
    const wire = key & 7;
    if (key >>> 3 === 1 && wire === 0) status = varint();
    else if (wire === 0) varint();
    else if (wire === 2) i += varint();
    else if (wire === 1) i += 8;
    else if (wire === 5) i += 4;
    else break;
  }
  return { status };
}

function check(address, service, timeoutMs) {
  const client = new grpc.Client(address, grpc.credentials.createInsecure());
  return new Promise((resolve) => {
    client.makeUnaryRequest(
      '/grpc.health.v1.Health/Check',
      encodeRequest,
      decodeResponse,
      service,
      new grpc.Metadata(),
      { deadline: Date.now() + timeoutMs },
      (error, response) => {
        client.close();
        resolve(error ? { error } : { status: response.status });
      },
    );
  });
}

async function main(argv, env) {
  const address = argv[0] || defaultAddress(env);
  const service = argv[1] || '';
  const timeoutMs = Number(env.BATON_HEALTH_TIMEOUT_MS) || 3000;
  const result = await check(address, service, timeoutMs);
  if (result.error) {
    console.error(`${address} ${service || '(server)'}: ${result.error.message}`);
    return 1;
  }
  const name = STATUS_NAMES[result.status] || String(result.status);
  if (result.status !== SERVING) console.error(`${address} ${service || '(server)'}: ${name}`);
  return result.status === SERVING ? 0 : 1;
}

if (require.main === module) {
  main(process.argv.slice(2), process.env).then((code) => process.exit(code));
}

module.exports = { check, defaultAddress, encodeRequest, decodeResponse };

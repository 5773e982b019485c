// A small OTLP/HTTP receiver (what an OpenTelemetry collector accepts on :4318): it keeps every
// span and metric it is sent, on a free loopback port. It takes both encodings:
// `application/json` (the JSON mapping) and `application/x-protobuf`, decoded with protobufjs
// code generated from the official opentelemetry-proto files (shipped in
// @opentelemetry/otlp-transformer) — an independent decoder of our hand-written encoder — and
// turned into the JSON mapping's shape (ids in hex, 64-bit integers as strings), so the tests
// read both alike.
import { createServer } from 'node:http';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const proto = require('@opentelemetry/otlp-transformer/build/src/generated/root.js').opentelemetry.proto;
const kProtobufTypes = {
  '/v1/traces': proto.collector.trace.v1.ExportTraceServiceRequest,
  '/v1/metrics': proto.collector.metrics.v1.ExportMetricsServiceRequest,
};

// Bytes fields (ids) as lower-case hex, as the JSON mapping has them.
function HexIds(value) {
  if (Array.isArray(value)) return value.map(HexIds);
  if (value instanceof Uint8Array) return Buffer.from(value).toString('hex');
  if (value && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, HexIds(item)]));
  }
  return value;
}

/// A request body as the JSON mapping's object, whichever encoding it came in.
export function DecodeOtlp(url, contentType, buffer) {
  if (contentType === 'application/x-protobuf') {
    const type = kProtobufTypes[url];
    if (!type) throw new Error(`no protobuf type for ${url}`);
    // decode throws on malformed framing or wrong wire types.
    return HexIds(type.toObject(type.decode(buffer), { longs: String, enums: Number, defaults: false }));
  }
  if (contentType === 'application/json') return JSON.parse(buffer.toString('utf8'));
  throw new Error(`unexpected content type ${contentType}`);
}

export class OtlpReceiver {
  static async Start() {
    const receiver = new OtlpReceiver();
    await new Promise((done) => receiver.server.listen(0, '127.0.0.1', done));
    receiver.port = receiver.server.address().port;
    receiver.endpoint = `http://127.0.0.1:${receiver.port}`;
    return receiver;
  }

  constructor() {
    this.spans = [];
    this.resources = [];
    this.metricExports = [];
    this.requests = [];
    this.errors = [];  // why a request was refused (400)
    this.connections = 0;  // TCP connections accepted
    this.server = createServer((request, response) => {
      const chunks = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        this.requests.push({ method: request.method, url: request.url, contentType: request.headers['content-type'] });
        try {
          if (!kProtobufTypes[request.url]) {
            response.writeHead(404).end();
            return;
          }
          const body = DecodeOtlp(request.url, request.headers['content-type'], Buffer.concat(chunks));
          if (request.url === '/v1/traces') {
            for (const resource of body.resourceSpans) {
              this.resources.push(resource.resource);
              for (const scope of resource.scopeSpans) this.spans.push(...scope.spans);
            }
          } else if (request.url === '/v1/metrics') {
            this.metricExports.push(body);
          } else {
            response.writeHead(404).end();
            return;
          }
          // An empty Export*ServiceResponse: full success.
          if (request.headers['content-type'] === 'application/x-protobuf') {
            response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
          } else {
            response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
          }
        } catch (error) {
          this.errors.push(`${request.url}: ${error}`);
          response.writeHead(400).end(String(error));
        }
      });
    });
    this.server.on('connection', () => { this.connections += 1; });
  }

  /// Resolves with the spans of `traceId` once `predicate(spans)` holds (polling).
  async WaitForTrace(traceId, predicate, timeoutMs = 10_000) {
    const deadline = performance.now() + timeoutMs;
    for (;;) {
      const spans = this.spans.filter((span) => span.traceId === traceId);
      if (predicate(spans)) return spans;
      if (performance.now() > deadline) throw new Error(`trace ${traceId}: ${spans.length} spans, condition not met: ${JSON.stringify(spans.map((s) => s.name))}`);
      await new Promise((wake) => setTimeout(wake, 25));
    }
  }

  async Stop() {
    this.server.closeAllConnections?.();
    await new Promise((done) => this.server.close(done));
  }
}

/// An attribute's value of an OTLP span or data point, as a JS value.
export function Attribute(item, key) {
  const found = (item.attributes ?? []).find((attribute) => attribute.key === key);
  if (!found) return undefined;
  const value = found.value;
  if ('stringValue' in value) return value.stringValue;
  if ('intValue' in value) return Number(value.intValue);
  if ('doubleValue' in value) return value.doubleValue;
  if ('boolValue' in value) return value.boolValue;
  return undefined;
}

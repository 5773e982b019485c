// A small OTLP/HTTP JSON receiver (what an OpenTelemetry collector accepts on :4318): it keeps
// every span and metric it is sent, on a free loopback port.
import { createServer } from 'node:http';

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
    this.server = createServer((request, response) => {
      const chunks = [];
      request.on('data', (chunk) => chunks.push(chunk));
      request.on('end', () => {
        this.requests.push({ method: request.method, url: request.url, contentType: request.headers['content-type'] });
        try {
          const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
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
          response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
        } catch (error) {
          response.writeHead(400).end(String(error));
        }
      });
    });
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

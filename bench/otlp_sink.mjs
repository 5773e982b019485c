// A live OTLP/HTTP JSON receiver for bench/telemetry.sh: accepts POST /v1/traces and
// /v1/metrics like a collector (200 {}), parses every body, and counts the spans; it keeps
// nothing else, so it can take a benchmark's worth of spans.
//
//   node bench/otlp_sink.mjs <port file>    # prints nothing; writes its port to <port file>
//   GET /stats → {"spans": N, "traceBatches": N, "metricBatches": N, "badRequests": N}
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const stats = { spans: 0, traceBatches: 0, metricBatches: 0, badRequests: 0 };

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/stats') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    try {
      const body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
      if (request.url === '/v1/traces') {
        for (const resource of body.resourceSpans) {
          for (const scope of resource.scopeSpans) stats.spans += scope.spans.length;
        }
        stats.traceBatches += 1;
      } else if (request.url === '/v1/metrics') {
        stats.metricBatches += 1;
      } else {
        response.writeHead(404).end();
        return;
      }
      response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } catch (error) {
      stats.badRequests += 1;
      response.writeHead(400).end(String(error));
    }
  });
});

server.listen(0, '127.0.0.1', () => writeFileSync(process.argv[2], String(server.address().port)));
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => server.close(() => process.exit(0)));

// A live OTLP/HTTP JSON receiver for bench/telemetry.sh: accepts POST /v1/traces and
// /v1/metrics like a collector (200 {}) and counts the spans; it keeps nothing, so it can take
// a benchmark's worth of spans. It shares the load generator's CPU, so it is kept cheap: every
// trace batch's spans are counted by their "spanId" members, and every 16th batch (the first
// included) is parsed in full and its count checked against that (a mismatch or a body that
// is not JSON is a 400 and counts as a bad request).
//
//   node bench/otlp_sink.mjs <port file>    # prints nothing; writes its port to <port file>
//   GET /stats → {"spans", "traceBatches", "metricBatches", "badRequests", "parsedBatches"}
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const stats = { spans: 0, traceBatches: 0, metricBatches: 0, badRequests: 0, parsedBatches: 0 };

function CountSpans(buffer) {
  const needle = Buffer.from('"spanId":');
  let count = 0;
  for (let at = buffer.indexOf(needle); at !== -1; at = buffer.indexOf(needle, at + needle.length)) ++count;
  return count;
}

const server = createServer((request, response) => {
  if (request.method === 'GET' && request.url === '/stats') {
    response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(stats));
    return;
  }
  const chunks = [];
  request.on('data', (chunk) => chunks.push(chunk));
  request.on('end', () => {
    try {
      const buffer = Buffer.concat(chunks);
      if (request.url === '/v1/traces') {
        const count = CountSpans(buffer);
        if (stats.traceBatches % 16 === 0) {
          let parsed = 0;
          for (const resource of JSON.parse(buffer.toString('utf8')).resourceSpans) {
            for (const scope of resource.scopeSpans) parsed += scope.spans.length;
          }
          if (parsed !== count) throw new Error(`counted ${count} spans, parsed ${parsed}`);
          stats.parsedBatches += 1;
        }
        stats.spans += count;
        stats.traceBatches += 1;
      } else if (request.url === '/v1/metrics') {
        JSON.parse(buffer.toString('utf8'));
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

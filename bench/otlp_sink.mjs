// A live OTLP/HTTP receiver for bench/telemetry.sh: accepts POST /v1/traces and /v1/metrics
// like a collector (200) in either encoding and counts the spans; it keeps nothing, so it can
// take a benchmark's worth of spans. It shares the load generator's CPU, so it is kept cheap:
// JSON batches' spans are counted by their "spanId" members, and every 16th JSON batch (the
// first included) is parsed in full and its count checked against that; protobuf batches are
// walked down to their spans (below). A mismatch or a malformed body is a 400 and counts as a
// bad request.
//
//   node bench/otlp_sink.mjs <port file>    # prints nothing; writes its port to <port file>
//   GET /stats → {"spans", "traceBatches", "metricBatches", "badRequests", "parsedBatches",
//                 "protobufBatches"}
import { writeFileSync } from 'node:fs';
import { createServer } from 'node:http';

const stats = { spans: 0, traceBatches: 0, metricBatches: 0, badRequests: 0, parsedBatches: 0, protobufBatches: 0 };

// Protobuf (application/x-protobuf): walks the wire format of ExportTraceServiceRequest down to
// the spans (resource_spans = 1 → scope_spans = 2 → spans = 2) and counts them; every length on
// the way must land exactly on the end of its message, or the batch is refused. Cheap: the
// spans themselves are skipped, not decoded (tests/e2e decodes them with a generated decoder).
function ReadVarint(buffer, at) {
  let value = 0;
  for (let shift = 0; shift < 64; shift += 7) {
    if (at >= buffer.length) throw new Error('varint past the end');
    const byte = buffer[at++];
    value += (byte & 0x7f) * 2 ** shift;
    if ((byte & 0x80) === 0) return [value, at];
  }
  throw new Error('varint too long');
}

// Calls visit(field, start, end) for each length-delimited field of buffer[start, end).
function ForEachField(buffer, start, end, visit) {
  let at = start;
  while (at < end) {
    let key;
    [key, at] = ReadVarint(buffer, at);
    const field = Math.floor(key / 8);
    const wire = key % 8;
    if (wire === 0) [, at] = ReadVarint(buffer, at);
    else if (wire === 1) at += 8;
    else if (wire === 5) at += 4;
    else if (wire === 2) {
      let size;
      [size, at] = ReadVarint(buffer, at);
      if (at + size > end) throw new Error('length past the end of its message');
      visit(field, at, at + size);
      at += size;
    } else throw new Error(`wire type ${wire}`);
  }
  if (at !== end) throw new Error('field past the end of its message');
}

function CountProtobufSpans(buffer) {
  let count = 0;
  ForEachField(buffer, 0, buffer.length, (field, start, end) => {
    if (field !== 1) return;
    ForEachField(buffer, start, end, (inner, scopeStart, scopeEnd) => {
      if (inner !== 2) return;
      ForEachField(buffer, scopeStart, scopeEnd, (spanField) => { if (spanField === 2) ++count; });
    });
  });
  return count;
}

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
      const protobuf = request.headers['content-type'] === 'application/x-protobuf';
      if (protobuf) stats.protobufBatches += 1;
      if (request.url === '/v1/traces' && protobuf) {
        stats.spans += CountProtobufSpans(buffer);
        stats.traceBatches += 1;
      } else if (request.url === '/v1/metrics' && protobuf) {
        ForEachField(buffer, 0, buffer.length, () => {});
        stats.metricBatches += 1;
      } else if (request.url === '/v1/traces') {
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
      if (protobuf) response.writeHead(200, { 'content-type': 'application/x-protobuf' }).end();
      else response.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    } catch (error) {
      stats.badRequests += 1;
      response.writeHead(400).end(String(error));
    }
  });
});

server.listen(0, '127.0.0.1', () => writeFileSync(process.argv[2], String(server.address().port)));
for (const signal of ['SIGTERM', 'SIGINT']) process.once(signal, () => server.close(() => process.exit(0)));

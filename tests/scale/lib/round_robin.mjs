// The scale-out suite's front: a small HTTP round-robin proxy on 127.0.0.1, as a load balancer
// in front of several rampart instances would be. It keeps only the instances whose
// GET /health/ready answered 200 at its last probe (every 100 ms) in rotation, so an instance in
// its lame-duck phase (SIGTERM, server.drain_delay) leaves the rotation before it stops listening.
// A refused connection (the request never reached an instance) is retried on the next one; any
// other failure of an upstream is answered 502, never retried (a POST may have taken effect).
// Every answer names its instance in `x-upstream` (its index).
import { request as HttpRequest, createServer } from 'node:http';

const kProbeMs = 100;

export class RoundRobin {
  static async Start(ports) {
    const front = new RoundRobin(ports);
    await front.Listen();
    return front;
  }

  constructor(ports) {
    this.upstreams = ports.map((port) => ({ port, healthy: true, served: 0, in_flight: 0, sent: 0 }));
    this.next = 0;
    this.server = createServer((request, response) => this.Forward(request, response));
    this.probing = setInterval(() => this.Probe(), kProbeMs);
  }

  Listen() {
    return new Promise((done) => this.server.listen(0, '127.0.0.1', () => {
      this.baseUrl = `http://127.0.0.1:${this.server.address().port}`;
      done();
    }));
  }

  async Stop() {
    clearInterval(this.probing);
    this.server.closeAllConnections();
    await new Promise((done) => this.server.close(done));
  }

  /// Requests answered by each instance so far.
  Served() {
    return this.upstreams.map((upstream) => upstream.served);
  }

  /// Requests sent to each instance so far (refused connections included).
  Sent() {
    return this.upstreams.map((upstream) => upstream.sent);
  }

  /// Requests each instance holds right now.
  InFlight() {
    return this.upstreams.map((upstream) => upstream.in_flight);
  }

  /// Resolves once the instance is back in rotation.
  async WaitHealthy(index, timeout_ms = 10_000) {
    const deadline = Date.now() + timeout_ms;
    while (!this.upstreams[index].healthy) {
      if (Date.now() > deadline) throw new Error(`instance ${index} not ready within ${timeout_ms} ms`);
      await new Promise((wake) => setTimeout(wake, 50));
    }
  }

  Probe() {
    for (const upstream of this.upstreams) {
      const probe = HttpRequest({ host: '127.0.0.1', port: upstream.port, path: '/health/ready', agent: false, timeout: 1000 }, (response) => {
        response.resume();
        upstream.healthy = response.statusCode === 200;
      });
      probe.once('timeout', () => probe.destroy());
      probe.once('error', () => (upstream.healthy = false));
      probe.end();
    }
  }

  // The next instance in rotation (all of them when none is healthy: the probe may lag).
  Pick(skip) {
    const candidates = this.upstreams.map((_, i) => i).filter((i) => this.upstreams[i].healthy && !skip.has(i));
    const pool = candidates.length > 0 ? candidates : this.upstreams.map((_, i) => i).filter((i) => !skip.has(i));
    if (pool.length === 0) return -1;
    const index = pool[this.next++ % pool.length];
    return index;
  }

  async Forward(request, response) {
    const chunks = [];
    for await (const chunk of request) chunks.push(chunk);
    const body = Buffer.concat(chunks);
    const tried = new Set();
    for (;;) {
      const index = this.Pick(tried);
      if (index < 0) {
        response.writeHead(502, { 'content-type': 'text/plain' }).end('no instance reachable');
        return;
      }
      tried.add(index);
      const outcome = await this.Send(index, request, body, response);
      if (outcome !== 'refused') return;
      this.upstreams[index].healthy = false;
    }
  }

  // One attempt on one instance: 'done', or 'refused' when the connection was refused.
  Send(index, request, body, response) {
    const upstream = this.upstreams[index];
    // In flight from the moment it is sent until its answer ended or its connection was refused:
    // a request whose connection the kernel accepted counts even before Node saw the connect.
    upstream.in_flight += 1;
    upstream.sent += 1;
    return new Promise((done) => {
      let connected = false;
      const headers = { ...request.headers, connection: 'close', 'content-length': body.length };
      const outgoing = HttpRequest({ host: '127.0.0.1', port: upstream.port, method: request.method, path: request.url, headers, agent: false }, (incoming) => {
        const reply_headers = { ...incoming.headers, 'x-upstream': String(index) };
        delete reply_headers.connection;
        response.writeHead(incoming.statusCode, reply_headers);
        incoming.pipe(response);
        incoming.once('end', () => {
          upstream.in_flight -= 1;
          upstream.served += 1;
          done('done');
        });
        incoming.once('error', () => {
          upstream.in_flight -= 1;
          response.destroy();
          done('done');
        });
      });
      outgoing.once('socket', (socket) => socket.once('connect', () => (connected = true)));
      outgoing.once('error', (error) => {
        upstream.in_flight -= 1;
        if (!connected && error.code === 'ECONNREFUSED') return done('refused');
        if (!response.headersSent) {
          response.writeHead(502, { 'content-type': 'text/plain', 'x-upstream': String(index) }).end(`upstream ${index}: ${error.code ?? error.message}`);
        } else {
          response.destroy();
        }
        done('done');
      });
      outgoing.end(body);
    });
  }
}

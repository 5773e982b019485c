// HTTP/1.1 over a bare TCP socket, for what fetch cannot express: oversized header blocks,
// half-sent and malformed requests, pipelining, HEAD framing, and watching a connection close.
import { connect } from 'node:net';

const kHeadEnd = Buffer.from('\r\n\r\n');

/// One client connection with a byte buffer; responses are parsed out of it in order.
export class RawConnection {
  /// Connects to 127.0.0.1:port.
  static Open(port, host = '127.0.0.1') {
    return new Promise((done, fail) => {
      const socket = connect({ port, host });
      socket.once('connect', () => {
        socket.off('error', fail);
        done(new RawConnection(socket));
      });
      socket.once('error', fail);
    });
  }

  constructor(socket) {
    this.socket = socket;
    this.buffer = Buffer.alloc(0);
    this.ended = false; // the peer finished sending (FIN) or the socket is gone
    this.error = null;
    this.waiters = new Set();
    socket.on('data', (chunk) => {
      this.buffer = Buffer.concat([this.buffer, chunk]);
      this.Wake();
    });
    socket.on('end', () => {
      this.ended = true;
      this.Wake();
    });
    socket.on('close', () => {
      this.ended = true;
      this.Wake();
    });
    // A reset or a write after the server closed (EPIPE) is an outcome the tests inspect, not
    // a crash of the test process.
    socket.on('error', (error) => {
      this.error = error;
      this.ended = true;
      this.Wake();
    });
  }

  Wake() {
    for (const waiter of [...this.waiters]) waiter();
  }

  /// Writes raw bytes; resolves when they are handed to the OS (or the socket failed).
  Write(data) {
    return new Promise((done) => {
      if (this.socket.destroyed) return done(false);
      this.socket.write(data, (error) => done(!error));
    });
  }

  // Resolves with check()'s first non-undefined result, re-checked on every socket event.
  Until(check, timeout_ms, what) {
    return new Promise((done, fail) => {
      let timer;
      const waiter = () => {
        let result;
        try {
          result = check();
        } catch (error) {
          this.waiters.delete(waiter);
          clearTimeout(timer);
          return fail(error);
        }
        if (result === undefined) return;
        this.waiters.delete(waiter);
        clearTimeout(timer);
        done(result);
      };
      timer = setTimeout(() => {
        this.waiters.delete(waiter);
        fail(new Error(`timed out after ${timeout_ms} ms waiting for ${what}; received so far: ${JSON.stringify(this.buffer.toString('latin1').slice(0, 500))}`));
      }, timeout_ms);
      this.waiters.add(waiter);
      waiter();
    });
  }

  /// Reads the next complete response. `method` tells whether a body follows (not for HEAD).
  /// Returns {version, status, reason, headers (lower-case name → value, repeats joined by
  /// ", "), headerList, body (Buffer), text}. Throws if the connection ends first.
  ReadResponse({ method = 'GET', timeoutMs = 5000 } = {}) {
    return this.Until(() => this.TryParse(method), timeoutMs, 'an HTTP response');
  }

  // A parsed response removed from the buffer, or undefined when more bytes are needed.
  TryParse(method) {
    const head_end = this.buffer.indexOf(kHeadEnd);
    if (head_end < 0) {
      if (this.ended) throw new Error(`connection ended before a response head: ${JSON.stringify(this.buffer.toString('latin1').slice(0, 300))} ${this.error?.code ?? ''}`);
      return undefined;
    }
    const [status_line, ...header_lines] = this.buffer.subarray(0, head_end).toString('latin1').split('\r\n');
    const match = /^(HTTP\/\d\.\d) (\d{3})(?: (.*))?$/.exec(status_line);
    if (!match) throw new Error(`bad status line: ${JSON.stringify(status_line)}`);
    const headers = {};
    const header_list = [];
    for (const line of header_lines) {
      const colon = line.indexOf(':');
      const name = line.slice(0, colon).trim().toLowerCase();
      const value = line.slice(colon + 1).trim();
      header_list.push([name, value]);
      headers[name] = name in headers ? `${headers[name]}, ${value}` : value;
    }
    const status = Number(match[2]);
    const body_start = head_end + kHeadEnd.length;
    let body;
    let consumed;
    if (method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200)) {
      body = Buffer.alloc(0);
      consumed = body_start;
    } else if (/\bchunked\b/i.test(headers['transfer-encoding'] ?? '')) {
      const chunked = DecodeChunked(this.buffer, body_start);
      if (!chunked) {
        if (this.ended) throw new Error('connection ended inside a chunked body');
        return undefined;
      }
      ({ body, consumed } = chunked);
    } else if (headers['content-length'] !== undefined) {
      const length = Number(headers['content-length']);
      if (this.buffer.length < body_start + length) {
        if (this.ended) throw new Error('connection ended inside a body');
        return undefined;
      }
      body = this.buffer.subarray(body_start, body_start + length);
      consumed = body_start + length;
    } else {
      // Delimited by the end of the connection.
      if (!this.ended) return undefined;
      body = this.buffer.subarray(body_start);
      consumed = this.buffer.length;
    }
    this.buffer = this.buffer.subarray(consumed);
    return { version: match[1], status, reason: match[3] ?? '', headers, headerList: header_list, body: Buffer.from(body), text: body.toString('utf8') };
  }

  /// True when the server closes the connection within timeout_ms (without sending more).
  async WaitClosed(timeout_ms = 3000) {
    try {
      await this.Until(() => (this.ended ? true : undefined), timeout_ms, 'the connection to close');
      return true;
    } catch {
      return false;
    }
  }

  /// Bytes received but not yet parsed into a response.
  get pending() {
    return this.buffer.length;
  }

  Destroy() {
    this.socket.destroy();
  }
}

// {body, consumed} for a complete chunked body starting at `offset`, else undefined.
function DecodeChunked(buffer, offset) {
  const parts = [];
  let at = offset;
  for (;;) {
    const line_end = buffer.indexOf('\r\n', at, 'latin1');
    if (line_end < 0) return undefined;
    const size = parseInt(buffer.subarray(at, line_end).toString('latin1').split(';')[0], 16);
    if (Number.isNaN(size)) throw new Error('bad chunk size');
    at = line_end + 2;
    if (size === 0) {
      // Trailers (none expected) end with an empty line.
      const trailer_end = buffer.indexOf('\r\n', at, 'latin1');
      if (trailer_end < 0) return undefined;
      if (trailer_end === at) return { body: Buffer.concat(parts), consumed: at + 2 };
      const end = buffer.indexOf(kHeadEnd, at);
      if (end < 0) return undefined;
      return { body: Buffer.concat(parts), consumed: end + 4 };
    }
    if (buffer.length < at + size + 2) return undefined;
    parts.push(buffer.subarray(at, at + size));
    at += size + 2;
  }
}

/// Opens a connection, writes `data`, reads one response, and closes: the response, plus
/// `closed` (whether the server closed the connection right after it).
export async function RawExchange(port, data, { method = 'GET', timeoutMs = 5000, closeWaitMs = 1000 } = {}) {
  const connection = await RawConnection.Open(port);
  try {
    await connection.Write(data);
    const response = await connection.ReadResponse({ method, timeoutMs });
    // closeWaitMs 0: the caller does not care whether the connection stays open.
    response.closed = closeWaitMs > 0 ? await connection.WaitClosed(closeWaitMs) : connection.ended;
    return response;
  } finally {
    connection.Destroy();
  }
}

/// A minimal request head (CRLF line ends, Host header included).
export function RequestHead(method, path, headers = {}, { version = 'HTTP/1.1' } = {}) {
  const lines = [`${method} ${path} ${version}`, 'Host: 127.0.0.1'];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  return `${lines.join('\r\n')}\r\n\r\n`;
}

/// A problem+json body parsed from a raw response (asserts nothing).
export function ParseJsonBody(response) {
  return JSON.parse(response.text);
}

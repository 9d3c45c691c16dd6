// A real DNS server on 127.0.0.1 (UDP), small enough to read: it answers SRV and MX questions from
// a table and says NXDOMAIN for anything else, so the engine's lookups run through node's real
// resolver (dns.Resolver.setServers) exactly as they would against a real one. A name can also be
// set to never answer, to prove a lookup gives up on time.
import dgram from 'node:dgram';

export interface SrvAnswer {
  priority: number;
  weight: number;
  port: number;
  /** "." means "this service is not offered". */
  target: string;
}
export interface MxAnswer {
  preference: number;
  exchange: string;
}
export interface DnsZone {
  srv?: Record<string, SrvAnswer[]>;
  mx?: Record<string, MxAnswer[]>;
  /** Names whose questions are swallowed without an answer. */
  silent?: string[];
}

export interface FakeDns {
  /** host:port for FACTEUR_DNS_SERVER. */
  server: string;
  /** Every question asked, as "TYPE name". */
  questions: string[];
  zone: DnsZone;
  close(): Promise<void>;
}

const TYPE_SRV = 33;
const TYPE_MX = 15;

function encodeName(name: string): Buffer {
  const labels = name.replace(/\.$/u, '').split('.').filter((label) => label.length > 0);
  return Buffer.concat([...labels.map((label) => Buffer.concat([Buffer.from([label.length]), Buffer.from(label, 'ascii')])), Buffer.from([0])]);
}

function readQuestion(packet: Buffer): { name: string; type: number; end: number } {
  const labels: string[] = [];
  let at = 12;
  while (packet[at] !== 0) {
    const length = packet[at] ?? 0;
    labels.push(packet.subarray(at + 1, at + 1 + length).toString('ascii'));
    at += 1 + length;
  }
  return { name: labels.join('.').toLowerCase(), type: packet.readUInt16BE(at + 1), end: at + 5 };
}

function answer(rtype: number, rdata: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt16BE(0xc00c, 0); // the question's name
  head.writeUInt16BE(rtype, 2);
  head.writeUInt16BE(1, 4); // IN
  head.writeUInt32BE(60, 6);
  head.writeUInt16BE(rdata.length, 10);
  return Buffer.concat([head, rdata]);
}

function respond(query: Buffer, zone: DnsZone): Buffer | null {
  const { name, type, end } = readQuestion(query);
  if (zone.silent?.includes(name)) return null;
  const answers: Buffer[] = [];
  if (type === TYPE_SRV) {
    for (const srv of zone.srv?.[name] ?? []) {
      const fixed = Buffer.alloc(6);
      fixed.writeUInt16BE(srv.priority, 0);
      fixed.writeUInt16BE(srv.weight, 2);
      fixed.writeUInt16BE(srv.port, 4);
      answers.push(answer(TYPE_SRV, Buffer.concat([fixed, encodeName(srv.target)])));
    }
  } else if (type === TYPE_MX) {
    for (const mx of zone.mx?.[name] ?? []) {
      const preference = Buffer.alloc(2);
      preference.writeUInt16BE(mx.preference, 0);
      answers.push(answer(TYPE_MX, Buffer.concat([preference, encodeName(mx.exchange)])));
    }
  }
  const header = Buffer.alloc(12);
  query.copy(header, 0, 0, 2); // same id
  header.writeUInt16BE(0x8180 | (answers.length === 0 ? 3 : 0), 2); // response, recursion available, NXDOMAIN when empty
  header.writeUInt16BE(1, 4);
  header.writeUInt16BE(answers.length, 6);
  return Buffer.concat([header, query.subarray(12, end), ...answers]);
}

export async function startFakeDns(zone: DnsZone = {}): Promise<FakeDns> {
  const socket = dgram.createSocket('udp4');
  const questions: string[] = [];
  const fake: FakeDns = {
    server: '',
    questions,
    zone,
    close: () => new Promise((resolve) => socket.close(() => resolve())),
  };
  socket.on('message', (query, peer) => {
    const { name, type } = readQuestion(query);
    questions.push(`${type === TYPE_SRV ? 'SRV' : type === TYPE_MX ? 'MX' : type} ${name}`);
    const reply = respond(query, fake.zone);
    if (reply) socket.send(reply, peer.port, peer.address);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  fake.server = `127.0.0.1:${socket.address().port}`;
  return fake;
}

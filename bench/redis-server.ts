// Starts a throwaway Redis (/usr/bin/redis-server) on 127.0.0.1 and a free port for the BullMQ
// side of bench/bullmq-compare.ts, with or without an fsync-per-write append-only file, and makes
// sure it is stopped: by `stop()`, and on process exit or a signal if the script dies first.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './support';

export const REDIS_BINARY = process.env.REDIS_SERVER ?? '/usr/bin/redis-server';

export type Durability = 'none' | 'aof-always';

export interface RedisServer {
  port: number;
  durability: Durability;
  args: string[];
  stop(): Promise<void>;
}

const running = new Set<ChildProcess>();
let hooked = false;

function hookExit(): void {
  if (hooked) return;
  hooked = true;
  const killAll = (): void => {
    for (const child of running) child.kill('SIGKILL');
  };
  process.on('exit', killAll);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      killAll();
      process.exit(130);
    });
  }
}

export async function startRedis(durability: Durability): Promise<RedisServer> {
  hookExit();
  const port = await freePort();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'facteur-bench-redis-'));
  const persistence = durability === 'none' ? ['--appendonly', 'no'] : ['--appendonly', 'yes', '--appendfsync', 'always'];
  const args = ['--port', String(port), '--bind', '127.0.0.1', '--save', '', ...persistence, '--dir', dir, '--maxmemory-policy', 'noeviction'];
  const child = spawn(REDIS_BINARY, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  running.add(child);
  let output = '';
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`redis-server did not start in 10 s:\n${output}`)), 10_000);
    const onData = (chunk: Buffer): void => {
      output += chunk.toString();
      if (output.includes('Ready to accept connections')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout?.on('data', onData);
    child.stderr?.on('data', onData);
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`redis-server exited with ${code}:\n${output}`));
    });
  });
  child.stdout?.removeAllListeners('data');
  child.stderr?.removeAllListeners('data');
  child.stdout?.resume();
  child.stderr?.resume();
  return {
    port,
    durability,
    args,
    stop: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        child.kill('SIGTERM');
        await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5_000))]);
        if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      }
      running.delete(child);
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

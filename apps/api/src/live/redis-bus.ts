import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import type { Logger } from '../config/logger.js';
import { EVENT_CHANNEL } from '../events/event-log.js';
import { NOTIFICATION_CHANNEL } from '../notifications/notify.js';
import type { Publisher } from './announce.js';
import { SESSION_CHANNEL, type Wake, type Wakeups } from './event-bus.js';
import type { SubscriptionCaps } from './subscription-caps.js';

/**
 * Redis for many instances (REDIS_URL): one connection for commands (publish,
 * rate-limit budgets, subscription caps) and one subscribed to the wake-up
 * channels. Pub/sub, not Streams: the event log in PostgreSQL is the only
 * record and every reader resumes from it by cursor, so a wake-up needs no
 * storage, replay or acknowledgement of its own; a Stream would keep a
 * second copy of the log to trim and keep consistent.
 */
export class RedisLink {
  readonly commands: Redis;

  constructor(
    readonly url: string,
    private readonly log: Logger,
  ) {
    this.commands = connect(url, log, 'commands');
  }

  /** A second connection in subscriber mode, for the bus. */
  subscriber(): Redis {
    return connect(this.url, this.log, 'subscriber');
  }

  /** Publishing is fire-and-forget: while Redis is down ioredis queues it; readers catch up by cursor anyway. */
  publisher(): Publisher {
    return {
      publish: (channel, payload) => {
        this.commands.publish(redisChannel(channel), payload).catch((error) => this.log.warn({ err: error }, 'publishing a wake-up to Redis failed'));
      },
    };
  }

  async close(): Promise<void> {
    await this.commands.quit().catch(() => this.commands.disconnect());
  }
}

function connect(url: string, log: Logger, role: string): Redis {
  const client = new Redis(url, {
    connectionName: `ripple-${role}`,
    // Keep retrying for as long as it takes, at most a second apart.
    retryStrategy: (attempt) => Math.min(attempt * 100, 1_000),
    maxRetriesPerRequest: 2,
  });
  client.on('error', (error) => log.warn({ err: error, role }, 'Redis connection failed'));
  return client;
}

const CHANNELS = [EVENT_CHANNEL, NOTIFICATION_CHANNEL, SESSION_CHANNEL];
const redisChannel = (channel: string) => `ripple:${channel}`;

/** The bus's wake-ups over Redis pub/sub; each reconnection to Redis makes the bus read again by cursor. */
export class RedisWakeups implements Wakeups {
  private subscriber: Redis | null = null;

  constructor(private readonly link: RedisLink) {}

  async start(wake: Wake, resumed: () => void): Promise<void> {
    const subscriber = this.link.subscriber();
    this.subscriber = subscriber;
    let connectedBefore = false;
    subscriber.on('ready', () => {
      // ioredis subscribes again by itself; whatever was published meanwhile is read from PostgreSQL.
      if (connectedBefore) resumed();
      connectedBefore = true;
    });
    subscriber.on('message', (channel: string, payload: string) => wake(channel.slice('ripple:'.length), payload));
    await subscriber.subscribe(...CHANNELS.map(redisChannel));
  }

  async attach(): Promise<void> {}

  async stop(): Promise<void> {
    const subscriber = this.subscriber;
    this.subscriber = null;
    await subscriber?.quit().catch(() => subscriber.disconnect());
  }
}

/**
 * Live operations per person across every instance: one sorted set per
 * person in Redis, a member per running operation, scored by when its lease
 * lapses. Taking is one atomic script (drop lapsed leases, count, add), so a
 * burst on several instances cannot pass the cap together; each instance
 * renews its leases while they run, so those of a crashed instance lapse.
 */
const LEASE_MS = 60_000;
const RENEW_MS = 20_000;
const TAKE = `
redis.call('zremrangebyscore', KEYS[1], '-inf', ARGV[1])
if redis.call('zcard', KEYS[1]) >= tonumber(ARGV[2]) then return 0 end
redis.call('zadd', KEYS[1], ARGV[3], ARGV[4])
redis.call('pexpire', KEYS[1], ARGV[5])
return 1`;

export class RedisSubscriptionCaps implements SubscriptionCaps {
  private readonly instance = randomBytes(6).toString('hex');
  private serial = 0;
  private readonly held = new Map<string, string>(); // member → key
  private readonly renewer: NodeJS.Timeout;

  constructor(
    private readonly redis: Redis,
    private readonly perPerson: number,
    private readonly log: Logger,
  ) {
    this.renewer = setInterval(() => this.renew(), RENEW_MS);
    this.renewer.unref();
  }

  async take(personId: string): Promise<(() => void) | null> {
    const key = `ripple:caps:person:${personId}`;
    const member = `${this.instance}:${++this.serial}`;
    const now = Date.now();
    const taken = await this.redis.eval(TAKE, 1, key, now, this.perPerson, now + LEASE_MS, member, LEASE_MS * 2);
    if (taken !== 1) return null;
    this.held.set(member, key);
    return () => {
      if (!this.held.delete(member)) return;
      this.redis.zrem(key, member).catch((error) => this.log.warn({ err: error }, 'releasing a subscription lease in Redis failed'));
    };
  }

  private renew() {
    if (this.held.size === 0) return;
    const until = Date.now() + LEASE_MS;
    const batch = this.redis.pipeline();
    for (const [member, key] of this.held) {
      batch.zadd(key, 'XX', until, member);
      batch.pexpire(key, LEASE_MS * 2);
    }
    batch.exec().catch((error) => this.log.warn({ err: error }, 'renewing subscription leases in Redis failed'));
  }

  close() {
    clearInterval(this.renewer);
  }
}

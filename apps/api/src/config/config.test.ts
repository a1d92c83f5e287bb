import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, parseIdSecret } from './config.js';

describe('configuration', () => {
  it('has working defaults for development', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ PORT: 4000, NODE_ENV: 'development', COOKIE_SECURE: false, WEB_ORIGINS: ['http://localhost:3000'] });
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('fails fast, naming the variable, on a bad value', () => {
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(ConfigError);
    expect(() => loadConfig({ PORT: 'eighty' })).toThrow(/PORT/);
    expect(() => loadConfig({ DATABASE_URL: 'not a url' })).toThrow(/DATABASE_URL/);
  });

  it('requires DATABASE_URL in production and makes cookies Secure there', () => {
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/DATABASE_URL: is required in production/);
    const config = loadConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://u:p@db:5432/ripple' });
    expect(config.COOKIE_SECURE).toBe(true);
  });

  it('counts rate-limit budgets in Redis when REDIS_URL is set, unless told otherwise; refuses a Redis store without it', () => {
    expect(loadConfig({}).RATE_LIMIT_STORE).toBe('memory');
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379' }).RATE_LIMIT_STORE).toBe('redis');
    expect(loadConfig({ REDIS_URL: 'redis://cache:6379', RATE_LIMIT_STORE: 'postgres' }).RATE_LIMIT_STORE).toBe('postgres');
    expect(() => loadConfig({ RATE_LIMIT_STORE: 'redis' })).toThrow(/RATE_LIMIT_STORE: is redis, so REDIS_URL must be set/);
    expect(() => loadConfig({ REDIS_URL: 'http://cache:6379' })).toThrow(/REDIS_URL/);
  });

  it('reads lists and flags', () => {
    const config = loadConfig({ WEB_ORIGINS: 'https://a.example, https://b.example', SEED_DEMO: 'false', COOKIE_SECURE: '1' });
    expect(config.WEB_ORIGINS).toEqual(['https://a.example', 'https://b.example']);
    expect(config.SEED_DEMO).toBe(false);
    expect(config.COOKIE_SECURE).toBe(true);
  });

  it('takes ID_SECRET as 32 bytes in hex or base64, and names it (never its value) when it is not', () => {
    const bytes = Buffer.alloc(32, 7);
    for (const text of [bytes.toString('hex'), bytes.toString('base64'), bytes.toString('base64url'), bytes.toString('base64').replace(/=$/, '')]) {
      expect(loadConfig({ ID_SECRET: text }).ID_SECRET).toBe(text);
      expect(parseIdSecret(text)).toEqual(bytes);
    }
    expect(loadConfig({}).ID_SECRET).toBeUndefined();
    for (const bad of ['short-secret', Buffer.alloc(16).toString('hex'), Buffer.alloc(33).toString('base64'), `${bytes.toString('hex')}0`]) {
      expect(() => loadConfig({ ID_SECRET: bad })).toThrow(/ID_SECRET: must be 32 bytes/);
      expect(() => loadConfig({ ID_SECRET: bad })).not.toThrow(bad);
    }
  });

  it('keeps the per-account sign-in budget above the per-address one, so one address cannot slow an owner down', () => {
    expect(loadConfig({})).toMatchObject({ RATE_LIMIT_STORE: 'memory', SIGN_IN_ATTEMPTS: 10, SIGN_IN_ACCOUNT_ATTEMPTS: 20 });
    expect(() => loadConfig({ SIGN_IN_ATTEMPTS: '20' })).toThrow(/SIGN_IN_ACCOUNT_ATTEMPTS: must be greater than SIGN_IN_ATTEMPTS/);
    expect(() => loadConfig({ RATE_LIMIT_STORE: 'redis' })).toThrow(/RATE_LIMIT_STORE/);
  });
});

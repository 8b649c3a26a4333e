import { afterEach, describe, expect, it, vi } from 'vitest';
import { isLoopbackEndpoint, localCredentials } from '../src/index.js';

afterEach(() => vi.unstubAllEnvs());

describe('localCredentials', () => {
  it('gives loopback endpoints dummy credentials unless the environment has some', () => {
    vi.stubEnv('AWS_ACCESS_KEY_ID', '');
    for (const local of ['http://127.0.0.1:4567', 'http://localhost:9200/', 'http://[::1]:4568'])
      expect(localCredentials(local), local).toEqual({
        accessKeyId: 'local',
        secretAccessKey: 'local',
      });
    expect(localCredentials('http://127.0.0.1:4569', 'S3RVER')).toEqual({
      accessKeyId: 'S3RVER',
      secretAccessKey: 'S3RVER',
    });
    for (const remote of [
      undefined,
      'https://kinesis.us-east-1.amazonaws.com',
      'http://localhost.example.com',
    ])
      expect(localCredentials(remote), String(remote)).toBeUndefined();
    vi.stubEnv('AWS_ACCESS_KEY_ID', 'AKIAEXAMPLE');
    expect(localCredentials('http://127.0.0.1:4567')).toBeUndefined();
  });

  it('isLoopbackEndpoint is false for text that is not a URL', () => {
    expect(isLoopbackEndpoint('127.0.0.1:4567')).toBe(false);
    expect(isLoopbackEndpoint('not a url')).toBe(false);
    expect(isLoopbackEndpoint('https://127.0.0.2')).toBe(true);
  });
});

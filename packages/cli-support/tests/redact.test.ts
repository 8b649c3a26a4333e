import { describe, expect, it } from 'vitest';
import { redact } from '../src/redact.js';

describe('redact', () => {
  it('removes URL userinfo, access key ids, secret values and Authorization headers', () => {
    expect(redact('GET https://admin:pw@search.example.com/_bulk')).toBe(
      'GET https://***@search.example.com/_bulk',
    );
    expect(redact('key AKIAIOSFODNN7EXAMPLE used')).toBe('key AKIA**** used');
    expect(redact('{"secretAccessKey":"abc/def","sessionToken":"xyz"}')).toBe(
      '{"secretAccessKey":"***","sessionToken":"***"}',
    );
    expect(redact('?X-Amz-Signature=deadbeef&X-Amz-Credential=AK%2F1&x=1')).toBe(
      '?X-Amz-Signature=***&X-Amz-Credential=***&x=1',
    );
    expect(redact('Authorization: AWS4-HMAC-SHA256 Credential=AK/x, Signature=ab')).toBe(
      'Authorization: ***',
    );
  });

  it('keeps prose readable', () => {
    const line = 'no usable AWS credentials: set AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY';
    expect(redact(line)).toBe(line);
  });

  it('removes the values of secret environment variables wherever they appear', () => {
    process.env.AWS_SESSION_TOKEN = 'FQoGZXIvYXdzEXAMPLETOKEN';
    try {
      expect(redact('sent FQoGZXIvYXdzEXAMPLETOKEN in clear')).toBe('sent *** in clear');
    } finally {
      delete process.env.AWS_SESSION_TOKEN;
    }
  });
});

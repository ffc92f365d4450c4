import { describe, expect, it } from 'vitest';
import { parseRange, planDownload } from './download-plan.js';

const file = { size: 1000, etag: '"abc"', mtime: new Date('2026-01-02T03:04:05.678Z') };

describe('parseRange', () => {
  it.each([
    ['bytes=0-99', 1000, [0, 99]],
    ['bytes=100-', 1000, [100, 999]],
    ['bytes=-100', 1000, [900, 999]],
    ['bytes=-5000', 1000, [0, 999]],
    ['bytes=990-5000', 1000, [990, 999]],
    ['bytes=1000-', 1000, 'unsatisfiable'],
    ['bytes=-0', 1000, 'unsatisfiable'],
    ['bytes=0-', 0, 'unsatisfiable'],
    ['bytes=99999999999999999999-', 1000, 'unsatisfiable'],
    ['bytes=5-1', 1000, 'ignore'],
    ['bytes=0-1,5-9', 1000, 'ignore'],
    ['items=0-1', 1000, 'ignore'],
    ['bytes=-', 1000, 'ignore'],
  ] as const)('%s of %i bytes → %j', (header, size, out) => {
    expect(parseRange(header, size)).toEqual(out);
  });
});

describe('planDownload', () => {
  it('answers 304 to a matching If-None-Match (weak or list) and to an old-enough If-Modified-Since', () => {
    expect(planDownload(file, { ifNoneMatch: '"abc"' }).status).toBe(304);
    expect(planDownload(file, { ifNoneMatch: 'W/"abc", "zzz"' }).status).toBe(304);
    expect(planDownload(file, { ifNoneMatch: '"zzz"' }).status).toBe(200);
    expect(planDownload(file, { ifModifiedSince: 'Fri, 02 Jan 2026 03:04:05 GMT' }).status).toBe(304);
    expect(planDownload(file, { ifModifiedSince: 'Fri, 02 Jan 2026 03:04:04 GMT' }).status).toBe(200);
  });

  it('serves a range as 206 with Content-Range, 416 when unsatisfiable', () => {
    expect(planDownload(file, { range: 'bytes=10-19' })).toEqual({ status: 206, start: 10, end: 19, length: 10, contentRange: 'bytes 10-19/1000' });
    expect(planDownload(file, { range: 'bytes=2000-' })).toEqual({ status: 416, contentRange: 'bytes */1000' });
  });

  it('ignores the range when If-Range names another version', () => {
    expect(planDownload(file, { range: 'bytes=0-9', ifRange: '"abc"' }).status).toBe(206);
    expect(planDownload(file, { range: 'bytes=0-9', ifRange: '"old"' }).status).toBe(200);
    expect(planDownload(file, { range: 'bytes=0-9', ifRange: file.mtime.toUTCString() }).status).toBe(206);
  });
});

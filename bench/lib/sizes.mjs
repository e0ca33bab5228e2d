// Byte counts: raw, gzip -9 and brotli q11 of a buffer, and their sums.
import { brotliCompressSync, gzipSync, constants } from 'node:zlib';

/** `{raw, gzip, brotli}` of `bytes`. */
export function sizes(bytes) {
  return {
    raw: bytes.length,
    gzip: gzipSync(bytes, { level: 9 }).length,
    brotli: brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

/** Sum of several `{raw, gzip, brotli}`. */
export function total(list) {
  return list.reduce((a, s) => ({ raw: a.raw + s.raw, gzip: a.gzip + s.gzip, brotli: a.brotli + s.brotli }), { raw: 0, gzip: 0, brotli: 0 });
}

/** Kilobytes with one decimal. */
export const kb = (bytes) => (bytes / 1024).toFixed(1);

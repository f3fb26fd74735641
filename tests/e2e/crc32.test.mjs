// crc32.mjs against published check values, and against a real PNG chunk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { crc32 } from './crc32.mjs';

test('CRC-32 check values', () => {
  assert.equal(crc32(''), 0);
  assert.equal(crc32('123456789'), 0xcbf43926); // the standard check value of CRC-32/ISO-HDLC
  assert.equal(crc32('The quick brown fox jumps over the lazy dog'), 0x414fa339);
  assert.equal(crc32(Buffer.from([0])), 0xd202ef8d);
  assert.equal(crc32(new Uint8Array(32).fill(0xff)), 0xff6cab0b);
});

test('CRC-32 of a PNG IEND chunk is the constant every PNG ends with', () => {
  assert.equal(crc32(Buffer.from('IEND', 'ascii')), 0xae426082);
});

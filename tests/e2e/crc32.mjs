// CRC-32 as PNG chunks (and zlib, gzip, Ethernet) use it: IEEE 802.3, reflected polynomial
// 0xEDB88320, initial value and final XOR 0xFFFFFFFF. node:zlib has crc32 only from Node 20.15;
// this one keeps the e2e harness running on Debian 12's Node 18.
const table = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  table[n] = c >>> 0;
}

// The CRC-32 of a Buffer, Uint8Array or string (as UTF-8), as an unsigned 32-bit number.
export function crc32(data) {
  const bytes = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
  let c = 0xffffffff;
  for (let i = 0; i < bytes.length; i++) c = table[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

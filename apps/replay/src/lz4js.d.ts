declare module 'lz4js' {
  /** Decompresses an LZ4 frame. */
  export function decompress(src: Uint8Array, maxSize?: number): ArrayLike<number>;
  /** Compresses into an LZ4 frame. */
  export function compress(src: Uint8Array, maxSize?: number): ArrayLike<number>;
}

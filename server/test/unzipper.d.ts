/** The part of `unzipper` (no published types) the tests use to read zips back. */
declare module 'unzipper' {
  interface Entry {
    readonly path: string;
    readonly compressionMethod: number;
    readonly uncompressedSize: number;
    buffer(): Promise<Buffer>;
  }
  interface Directory {
    readonly files: Entry[];
  }
  const unzipper: {
    Open: {
      buffer(data: Buffer): Promise<Directory>;
      file(path: string): Promise<Directory>;
    };
  };
  export default unzipper;
}

// A fake terminal for mounting the dashboard in-process: stdout that records every write and reports a size,
// stdin that accepts raw key bytes. Both claim to be TTYs, as the recorder's virtual terminal does.
import { PassThrough, Writable } from 'node:stream';

export class FakeStdout extends Writable {
  readonly isTTY = true;
  readonly chunks: string[] = [];
  constructor(public columns: number, public rows: number) {
    super({
      write: (chunk: Buffer | string, _encoding, done) => {
        this.chunks.push(chunk.toString());
        done();
      },
    });
  }
  bytes(): number {
    return this.chunks.reduce((n, c) => n + Buffer.byteLength(c), 0);
  }
  resize(columns: number, rows: number): void {
    this.columns = columns;
    this.rows = rows;
    this.emit('resize');
  }
}

export class FakeStdin extends PassThrough {
  readonly isTTY = true;
  setRawMode(): this {
    return this;
  }
  ref(): this {
    return this;
  }
  unref(): this {
    return this;
  }
}

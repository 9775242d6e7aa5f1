/** A tus client we did not write (tus-js-client in Node) uploads to our server, and resumes. */
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import * as tus from 'tus-js-client';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { asFile, startHarness, type Harness, type Login } from '../test/harness.js';

let h: Harness;
let me: Login;

beforeAll(async () => {
  h = await startHarness();
  me = await h.login();
});
afterAll(() => h.close());

async function newFile(filename: string) {
  const file = await h.newFile(me, filename);
  return { ...file, tusurl: file.upload?.tusurl ?? '' };
}

async function download(f: { sharename: string; fileid: string }): Promise<Buffer> {
  const res = await fetch(`${h.server.url}/1/files/${f.sharename}/${f.fileid}/blob`);
  return Buffer.from(await res.arrayBuffer());
}

function upload(
  input: Buffer | fs.ReadStream,
  options: tus.UploadOptions,
): { upload: tus.Upload; done: Promise<string> } {
  let upload!: tus.Upload;
  const done = new Promise<string>((resolve, reject) => {
    upload = new tus.Upload(input, {
      retryDelays: null,
      ...options,
      onSuccess: () => resolve(upload.url ?? ''),
      onError: reject,
    });
    upload.start();
  });
  return { upload, done };
}

test('tus-js-client uploads a file streamed from disk, in chunks', async () => {
  const f = await newFile('report.pdf');
  const data = randomBytes(700_000);
  const file = path.join(h.dataDir, 'report.pdf');
  fs.writeFileSync(file, data);
  const { done } = upload(fs.createReadStream(file), {
    endpoint: f.tusurl,
    uploadSize: data.length,
    chunkSize: 256 * 1024,
    metadata: { filename: 'report.pdf' },
  });
  await done;
  const state = asFile(await h.call('GET', `/1/files/${f.sharename}/${f.fileid}`));
  expect(state.readystate).toBe('uploaded');
  expect(state.size).toBe(data.length);
  expect((await download(f)).equals(data)).toBe(true);
});

test('tus-js-client resumes an aborted upload from the offset the server reports', async () => {
  const f = await newFile('video.mp4');
  const data = randomBytes(600_000);
  let sentAfterResume = 0;
  let stopped!: () => void;
  const halfway = new Promise<void>((resolve) => (stopped = resolve));
  const first = upload(data, {
    endpoint: f.tusurl,
    chunkSize: 200_000,
    onChunkComplete: (_chunk, accepted) => {
      if (accepted >= 200_000) void first.upload.abort().then(stopped);
    },
  });
  await halfway;
  const state = asFile(await h.call('GET', `/1/files/${f.sharename}/${f.fileid}`));
  expect(state.readystate).toBe('uploading');

  const second = upload(data, {
    uploadUrl: first.upload.url,
    chunkSize: 200_000,
    onChunkComplete: (chunk) => (sentAfterResume += chunk),
  });
  await second.done;
  expect(sentAfterResume).toBeLessThan(data.length);
  expect((await download(f)).equals(data)).toBe(true);
});

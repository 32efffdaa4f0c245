// A foreign Arrow IPC peer built on the apache-arrow npm package: writes or reads one Arrow IPC
// stream over a TCP connection or stdio, so the Java reader and writer can be checked against an
// independent implementation.
//
//   node peer.mjs write-tcp HOST PORT BATCHES   connect, write BATCHES batches, close
//   node peer.mjs read-tcp PORT                 listen on 127.0.0.1:PORT, read one stream, print a summary
//   node peer.mjs write-stdout BATCHES          write BATCHES batches to stdout
//   node peer.mjs read-stdin                    read one stream from stdin, print a summary on stderr
//
// Batch b has 1000 rows: id = b*1000+i (int64), score = id/4 (float64), name = "n" + id (utf8, null
// every 7th row). The summary is JSON: batches, rows, idSum, scoreSum, nulls, lastName.
import net from 'node:net';
import { RecordBatchReader, RecordBatchStreamWriter, Table, vectorFromArray, Int64, Float64, Utf8 } from 'apache-arrow';

const ROWS = 1000;

function batch(b) {
  const ids = new BigInt64Array(ROWS);
  const scores = new Float64Array(ROWS);
  const names = new Array(ROWS);
  for (let i = 0; i < ROWS; i++) {
    const id = b * ROWS + i;
    ids[i] = BigInt(id);
    scores[i] = id / 4;
    names[i] = i % 7 === 6 ? null : 'n' + id;
  }
  return new Table({
    id: vectorFromArray(ids, new Int64()),
    score: vectorFromArray(scores, new Float64()),
    name: vectorFromArray(names, new Utf8()),
  }).batches[0];
}

// Resolves once everything is written: for a socket when it has flushed and ended, for stdout (a
// pipe, written synchronously on Linux) when the writer has produced its last byte.
function writeTo(stream, batches, isSocket) {
  const writer = RecordBatchStreamWriter.throughNode();
  const done = isSocket
    ? new Promise((resolve, reject) => { stream.once('finish', resolve); stream.once('error', reject); })
    : new Promise((resolve) => writer.once('end', resolve));
  writer.pipe(stream);
  for (let b = 0; b < batches; b++) {
    writer.write(batch(b));
  }
  writer.end();
  return done;
}

async function summarize(source) {
  const reader = await RecordBatchReader.from(source);
  let batches = 0, rows = 0, idSum = 0n, scoreSum = 0, nulls = 0, lastName = null;
  for await (const rb of reader) {
    batches++;
    rows += rb.numRows;
    const id = rb.getChild('id');
    const score = rb.getChild('score');
    const name = rb.getChild('name');
    for (let i = 0; i < rb.numRows; i++) {
      idSum += BigInt(id.get(i));
      scoreSum += score.get(i);
      const n = name.get(i);
      if (n === null) nulls++; else lastName = n;
    }
  }
  return JSON.stringify({ batches, rows, idSum: idSum.toString(), scoreSum, nulls, lastName });
}

const [mode, ...args] = process.argv.slice(2);
if (mode === 'write-tcp') {
  const socket = net.connect({ host: args[0], port: Number(args[1]) });
  await new Promise((resolve, reject) => { socket.once('connect', resolve); socket.once('error', reject); });
  await writeTo(socket, Number(args[2]), true);
} else if (mode === 'read-tcp') {
  const server = net.createServer();
  await new Promise((resolve) => server.listen(Number(args[0]), '127.0.0.1', resolve));
  process.stdout.write('listening\n');
  const socket = await new Promise((resolve) => server.once('connection', resolve));
  server.close();
  process.stdout.write(await summarize(socket) + '\n');
  socket.destroy();
} else if (mode === 'write-stdout') {
  await writeTo(process.stdout, Number(args[0]), false);
} else if (mode === 'read-stdin') {
  process.stderr.write(await summarize(process.stdin) + '\n');
} else {
  process.stderr.write('unknown mode ' + mode + '\n');
  process.exit(2);
}

// A reference for the inbox figure, not a floor: the least an HTTP inbox can be. node:http, the
// bearer token checked (HS256, as the API does), the API's own captured SQL run through
// better-sqlite3 with statements prepared once, and the rows as JSON. No Express, no Nest, no
// TypeORM. Its ratio to the floor shows how much of the API's ratio any HTTP server pays on
// this machine (BENCH.md, "inbox").
//
//   node bench/bare-inbox-server.mjs <port> <sqlite file> <jwt secret> <queries.json>
//
// Prints "ready" once listening.

import fs from 'node:fs';
import http from 'node:http';
import Database from 'better-sqlite3';
import { JwtService } from '@nestjs/jwt';

const [port, file, secret, queriesFile] = process.argv.slice(2);
if (!port || !file || !secret || !queriesFile) {
  process.stderr.write(
    'usage: bare-inbox-server.mjs <port> <sqlite file> <jwt secret> <queries.json>\n',
  );
  process.exit(2);
}
const jwt = new JwtService({ secret });
const db = new Database(file, { fileMustExist: true, readonly: true });
const [countQuery, ...pageQueries] = JSON.parse(fs.readFileSync(queriesFile, 'utf8')).map((q) => ({
  stmt: db.prepare(q.sql),
  params: q.params,
}));

http
  .createServer((req, res) => {
    const [scheme, token] = (req.headers.authorization ?? '').split(' ');
    try {
      if (scheme !== 'Bearer') throw new Error('no bearer token');
      jwt.verify(token);
    } catch {
      res.writeHead(401).end();
      return;
    }
    const counted = countQuery.stmt.get(...countQuery.params);
    let items = [];
    for (const q of pageQueries) items = q.stmt.all(...q.params);
    const body = Buffer.from(JSON.stringify({ items, total: Object.values(counted)[0] }));
    res.writeHead(200, {
      'content-type': 'application/json; charset=utf-8',
      'content-length': body.length,
    });
    res.end(body);
  })
  .listen(Number(port), '127.0.0.1', () => process.stdout.write('ready\n'));

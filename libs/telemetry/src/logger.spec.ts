import { Writable } from 'node:stream';
import { createLogger, logEntry, nestLoggerOn } from './logger';

const TP = '00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01';

describe('JSON logs', () => {
  it('write one JSON object a line, with the trace a line belongs to', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    expect(logEntry('plain', TP)).toBe('plain'); // text logs stay text
    const nest = nestLoggerOn(createLogger('ownership', sink));
    nest.warn(logEntry('AssignStep deferred', TP), 'ownership.assignment');
    nest.log('bootstrapped'); // below the default level (warn)
    expect(lines).toHaveLength(1);
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      level: 'warn',
      service: 'ownership',
      context: 'ownership.assignment',
      msg: 'AssignStep deferred',
      trace_id: '0af7651916cd43dd8448eb211c80319c',
      span_id: 'b7ad6b7169203331',
    });
  });

  it('never write a field that holds a secret as it is', () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _encoding, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    createLogger('execution', sink).warn(
      {
        authorization: 'Bearer eyJ.secret',
        pg: { connectionString: 'postgres://u:pw@db/x', password: 'pw' },
      },
      'connecting',
    );
    expect(lines[0]).not.toContain('secret');
    expect(lines[0]).not.toContain('pw');
    expect(JSON.parse(lines[0] as string)).toMatchObject({
      authorization: '[redacted]',
      pg: { connectionString: '[redacted]', password: '[redacted]' },
    });
  });
});

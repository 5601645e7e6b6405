import type { IncomingMessage } from '../port/message-bus.port';
import { PartitionLog } from './partition-log';

const message = (offset: number): IncomingMessage => ({
  key: 'k',
  value: Buffer.from(String(offset)),
  headers: {},
  topic: 't',
  partition: 0,
  offset: String(offset),
});

const filled = (count: number): PartitionLog => {
  const log = new PartitionLog();
  for (let i = 0; i < count; i++) log.append(message);
  return log;
};

describe('PartitionLog', () => {
  it('numbers messages from 0 and finds them by offset', () => {
    const log = filled(3);
    expect([log.start, log.end]).toEqual([0, 3]);
    expect(log.at(1)?.offset).toBe('1');
    expect(log.at(3)).toBeUndefined();
  });

  it('releases the messages before an offset; offsets keep counting', () => {
    const log = filled(5);
    log.releaseBefore(3);
    expect([log.start, log.end]).toEqual([3, 5]);
    expect(log.at(2)).toBeUndefined();
    expect(log.at(3)?.offset).toBe('3');
    log.append(message);
    expect(log.at(5)?.offset).toBe('5');
  });

  it('never releases past its end nor moves its start back', () => {
    const log = filled(2);
    log.releaseBefore(10);
    expect([log.start, log.end]).toEqual([2, 2]);
    log.releaseBefore(1);
    expect(log.start).toBe(2);
  });

  it('finds every retained message after compacting its storage', () => {
    const log = filled(5000);
    for (let offset = 0; offset <= 4990; offset += 10) log.releaseBefore(offset);
    expect(log.start).toBe(4990);
    for (let offset = 4990; offset < 5000; offset++) expect(log.at(offset)?.offset).toBe(String(offset));
    log.append(message);
    expect(log.at(5000)?.offset).toBe('5000');
  });
});

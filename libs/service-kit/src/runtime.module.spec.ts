import { Inject, Injectable, Module } from '@nestjs/common';
import { CommandBus, CommandHandler, CqrsModule, type ICommandHandler } from '@nestjs/cqrs';
import { NestFactory } from '@nestjs/core';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@baton/eventstore';
import { ManualClock, type Clock } from './clock';
import { openRuntime, type Runtime } from './runtime';
import { RuntimeModule } from './runtime.module';
import { CLOCK, EVENT_STORE } from './tokens';

class Touch {
  constructor(readonly streamId: string) {}
}

@Injectable()
@CommandHandler(Touch)
class TouchHandler implements ICommandHandler<Touch, number> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(command: Touch): Promise<number> {
    const r = await this.store.append(
      command.streamId,
      [{ eventId: `e-${this.clock.now()}`, type: 'Recorded', data: {} }],
      { kind: 'any' },
    );
    return r.nextExpectedVersion;
  }
}

@Module({ imports: [CqrsModule], providers: [TouchHandler] })
class FeatureModule {}

describe('RuntimeModule', () => {
  const dir = mkdtempSync(join(tmpdir(), 'baton-kit-'));
  let runtime: Runtime;
  afterAll(async () => {
    await runtime.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('gives command handlers of any module the runtime store and clock', async () => {
    runtime = await openRuntime(
      { store: { kind: 'sqlite', file: join(dir, 'k.db') }, bus: { kind: 'in-process' } },
      { clock: new ManualClock(42) },
    );
    const app = await NestFactory.createApplicationContext(
      { module: class Root {}, imports: [RuntimeModule.forRuntime(runtime), FeatureModule] },
      { logger: false },
    );
    const version = await app.get(CommandBus).execute(new Touch('kit-1'));
    expect(version).toBe(1);
    expect((await runtime.store.readStream('kit-1'))[0]?.eventId).toBe('e-42');
    await app.close();
  });
});

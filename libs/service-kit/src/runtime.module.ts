import { Global, Module, type DynamicModule } from '@nestjs/common';
import type { Runtime } from './runtime';
import { CHECKPOINTS, CLOCK, EVENT_STORE, MESSAGE_BUS, RUNTIME_CONFIG } from './tokens';

/**
 * Makes an opened {@link Runtime}'s ports injectable in every module of a Nest app: the embedded
 * host gives all four services one runtime, a distributed process gives its one service its own.
 */
@Global()
@Module({})
export class RuntimeModule {
  static forRuntime(runtime: Runtime): DynamicModule {
    const providers = [
      { provide: RUNTIME_CONFIG, useValue: runtime.config },
      { provide: EVENT_STORE, useValue: runtime.store },
      { provide: CHECKPOINTS, useValue: runtime.checkpoints },
      { provide: MESSAGE_BUS, useValue: runtime.bus },
      { provide: CLOCK, useValue: runtime.clock },
    ];
    return { module: RuntimeModule, providers, exports: providers.map((p) => p.provide) };
  }
}

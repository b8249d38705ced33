import type { DynamicModule, Type } from '@nestjs/common';
import { CasesDemoModule } from '@ketenregie/demo';
import { AppModule } from './app.module';
import type { Infrastructure } from './infrastructure/infrastructure';
import type { Logger } from './logging/logger';
import { testApiConfig } from './test-support/test-config';

// The demo region is a library of its own that production code does not import: only the app
// wires it, and only when SEED_DEMO is on. Building the module graph opens no connection.
const importedModules = (seedDemo: boolean): unknown[] => {
  const config = { ...testApiConfig('postgres://unused@127.0.0.1:1/unused'), seedDemo };
  const logger = { warn: () => undefined } as unknown as Logger;
  const app = AppModule.register({ config, infrastructure: { database: { kind: 'postgres' } } as unknown as Infrastructure, logger });
  return (app.imports ?? []).map((entry) => (entry as DynamicModule).module ?? (entry as Type));
};

describe('the app module', () => {
  it('wires the demo region when SEED_DEMO is on', () => {
    expect(importedModules(true)).toContain(CasesDemoModule);
  });

  it('leaves the demo region out when SEED_DEMO is off', () => {
    expect(importedModules(false)).not.toContain(CasesDemoModule);
  });
});

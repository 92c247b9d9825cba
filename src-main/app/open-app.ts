import { createDispatcher, type Dispatch } from '../bridge/dispatch';
import { createHandlers } from '../bridge/handlers';
import { createCore, type Core, type CoreOptions } from './core';

export interface App {
  core: Core;
  dispatch: Dispatch;
  close(): Promise<void>;
}

/** The core with its bridge in front: what the Electron shell, the browser host and the CLI each open. */
export async function openApp(options: CoreOptions): Promise<App> {
  const core = await createCore(options);
  const dispatch = createDispatcher({
    handlers: createHandlers(core),
    isParent: () => core.profile.isParent(),
    log: core.log,
  });
  return { core, dispatch, close: () => core.close() };
}

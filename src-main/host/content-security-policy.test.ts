import { describe, expect, it } from 'vitest';
import { APP_SCHEME } from '../shell/shell-policy';
import { appWindowPolicy, contentSecurityPolicy } from './content-security-policy';

const directive = (policy: string, name: string) => policy.split('; ').find((part) => part.startsWith(`${name} `))?.split(' ').slice(1) ?? [];

describe('what the window may load', () => {
  it('plays narrations where it shows pictures from: blob addresses in the browser host, the app’s asset host in Electron', () => {
    expect(directive(contentSecurityPolicy(), 'media-src')).toEqual(["'self'", 'blob:']);
    const app = appWindowPolicy(APP_SCHEME);
    expect(directive(app, 'media-src')).toEqual(["'self'", 'blob:', 'storysprout:']);
    expect(directive(app, 'img-src')).toEqual(["'self'", 'data:', 'blob:', 'storysprout:']);
    expect(directive(app, 'script-src')).toEqual(["'self'"]);
  });
});

import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dataDirOverride, OptionError, parseLaunchArgs } from '../../electron/main/options';

describe('parseLaunchArgs', () => {
  it('reads --data DIR and --data=DIR', () => {
    expect(parseLaunchArgs(['--data', '/tmp/a'])).toEqual({ data: '/tmp/a' });
    expect(parseLaunchArgs(['--data=/tmp/b'])).toEqual({ data: '/tmp/b' });
    expect(parseLaunchArgs(['--data=C:\\Users\\me\\Rapport data'])).toEqual({ data: 'C:\\Users\\me\\Rapport data' });
  });

  it('finds them among Electron’s own arguments', () => {
    const argv = ['/usr/lib/electron', '/work/rapport', '--original-process-start-time=1', '--data', 'team', '--enable-logging'];
    expect(parseLaunchArgs(argv)).toEqual({ data: 'team' });
  });

  it('reads --port N and --port=N', () => {
    expect(parseLaunchArgs(['--port', '8080'])).toEqual({ port: 8080 });
    expect(parseLaunchArgs(['--port=0', '--data', 'x'])).toEqual({ port: 0, data: 'x' });
  });

  it('returns nothing when no option is given', () => {
    expect(parseLaunchArgs([])).toEqual({});
    expect(parseLaunchArgs(['.', '--inspect', '--database', 'x'])).toEqual({});
  });

  it.each([
    [['--data']],
    [['--data', '--port', '1']],
    [['--data=']],
    [['--port']],
    [['--port', 'abc']],
    [['--port', '70000']],
    [['--port=-1']],
    [['--port', '1.5']],
  ])('refuses %j', (argv) => {
    expect(() => parseLaunchArgs(argv)).toThrow(OptionError);
  });
});

describe('dataDirOverride', () => {
  const cwd = resolve('/home/me/work');

  it('prefers --data over RAPPORT_DATA_DIR', () => {
    expect(dataDirOverride(['--data', '/srv/a'], { RAPPORT_DATA_DIR: '/srv/b' }, cwd)).toBe(resolve('/srv/a'));
  });

  it('falls back to RAPPORT_DATA_DIR', () => {
    expect(dataDirOverride([], { RAPPORT_DATA_DIR: '/srv/b' }, cwd)).toBe(resolve('/srv/b'));
  });

  it('resolves relative folders from where the user typed them', () => {
    expect(dataDirOverride(['--data', 'data'], {}, cwd)).toBe(join(cwd, 'data'));
    expect(dataDirOverride([], { RAPPORT_DATA_DIR: '../shared' }, cwd)).toBe(resolve(cwd, '../shared'));
  });

  it('is undefined when neither is given, or the variable is empty', () => {
    expect(dataDirOverride([], {}, cwd)).toBeUndefined();
    expect(dataDirOverride(['.'], { RAPPORT_DATA_DIR: '' }, cwd)).toBeUndefined();
  });
});

import { afterEach, describe, expect, it, vi } from 'vitest';
import { GroupCommitter } from './group-commit.js';

/** A commit function that records its groups and finishes when the test says so. */
function recordingCommit() {
  const groups: number[][] = [];
  const finishers: Array<(fail?: Error) => void> = [];
  const commit = (items: number[]) => {
    groups.push(items);
    return new Promise<string[]>((resolve, reject) => {
      finishers.push((fail) => (fail ? reject(fail) : resolve(items.map((i) => `done ${i}`))));
    });
  };
  const finish = (index: number, fail?: Error) => finishers[index]?.(fail);
  return { groups, commit, finish };
}

const turn = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('GroupCommitter', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('commits what arrived in one event-loop turn as one group, results in order', async () => {
    const { groups, commit, finish } = recordingCommit();
    const committer = new GroupCommitter({ commit, maxGroupSize: 10 });

    const results = [1, 2, 3].map((i) => committer.submit(i));
    await turn();
    expect(groups).toEqual([[1, 2, 3]]);
    finish(0);

    expect(await Promise.all(results)).toEqual(['done 1', 'done 2', 'done 3']);
  });

  it('gathers what arrives during a running commit into the next group', async () => {
    const { groups, commit, finish } = recordingCommit();
    const committer = new GroupCommitter({ commit, maxGroupSize: 10 });

    const first = committer.submit(1);
    await turn();
    const later = [2, 3, 4].map((i) => committer.submit(i));
    await turn();
    expect(groups).toEqual([[1]]);
    expect(committer.waiting).toBe(3);

    finish(0);
    expect(await first).toBe('done 1');
    await turn();
    expect(groups).toEqual([[1], [2, 3, 4]]);
    finish(1);
    expect(await Promise.all(later)).toEqual(['done 2', 'done 3', 'done 4']);
  });

  it('does not resolve a member before its group has committed', async () => {
    const { commit } = recordingCommit();
    const committer = new GroupCommitter({ commit, maxGroupSize: 10 });
    let settled = false;

    void committer.submit(1).then(() => (settled = true));
    await turn();
    await turn();

    expect(settled).toBe(false);
  });

  it('rejects every member of a failed group with the error, and commits the next group', async () => {
    const { groups, commit, finish } = recordingCommit();
    const committer = new GroupCommitter({ commit, maxGroupSize: 10 });
    const failure = new Error('disk full');

    const failed = [1, 2].map((i) => committer.submit(i));
    await turn();
    const next = committer.submit(3);
    finish(0, failure);

    for (const f of failed) await expect(f).rejects.toBe(failure);
    await turn();
    expect(groups).toEqual([[1, 2], [3]]);
    finish(1);
    expect(await next).toBe('done 3');
  });

  it('rejects every member when the commit throws synchronously or miscounts its results', async () => {
    const throwing = new GroupCommitter<number, string>({
      commit: () => {
        throw new Error('bad statement');
      },
      maxGroupSize: 10,
    });
    const short = new GroupCommitter<number, string>({
      commit: () => Promise.resolve(['only one']),
      maxGroupSize: 10,
    });

    const a = [1, 2].map((i) => throwing.submit(i));
    const b = [1, 2].map((i) => short.submit(i));

    for (const p of a) await expect(p).rejects.toThrow('bad statement');
    for (const p of b)
      await expect(p).rejects.toThrow('a group of 2 items committed with 1 results');
  });

  it('splits a burst into groups of at most maxGroupSize, oldest first, so none starves', async () => {
    const { groups, commit, finish } = recordingCommit();
    const committer = new GroupCommitter({ commit, maxGroupSize: 3 });

    const results = Array.from({ length: 8 }, (_, i) => committer.submit(i));
    await turn();
    expect(groups).toEqual([[0, 1, 2]]);
    // Newcomers queue behind the burst rather than overtaking it.
    results.push(committer.submit(8));
    for (let g = 0; g < 4; g++) {
      finish(g);
      await turn();
    }

    expect(groups).toEqual([
      [0, 1, 2],
      [3, 4, 5],
      [6, 7, 8],
    ]);
    expect(await Promise.all(results)).toEqual(Array.from({ length: 9 }, (_, i) => `done ${i}`));
  });

  it('closes a group at maxGroupWeight, but lets a single heavier item go alone', async () => {
    const { groups, commit, finish } = recordingCommit();
    const committer = new GroupCommitter({
      commit,
      maxGroupSize: 100,
      maxGroupWeight: 10,
      weightOf: (n: number) => n,
    });

    const results = [4, 5, 2, 30, 1].map((n) => committer.submit(n));
    for (let g = 0; g < 4; g++) {
      await turn();
      finish(g);
    }
    await Promise.all(results);

    expect(groups).toEqual([[4, 5], [2], [30], [1]]);
  });

  it('waits gatherMs for company after an idle spell, and no longer once the group is full', async () => {
    vi.useFakeTimers();
    const { groups, commit, finish } = recordingCommit();
    const committer = new GroupCommitter({ commit, maxGroupSize: 3, gatherMs: 2 });

    // At 0 ms one item arrives; at 1 ms another: both wait until 2 ms.
    void committer.submit(1);
    await vi.advanceTimersByTimeAsync(1);
    void committer.submit(2);
    expect(groups).toEqual([]);
    await vi.advanceTimersByTimeAsync(1);
    expect(groups).toEqual([[1, 2]]);
    finish(0);
    await vi.advanceTimersByTimeAsync(0);

    // Three items fill a group at once: no wait.
    [3, 4, 5].forEach((i) => void committer.submit(i));
    await vi.advanceTimersByTimeAsync(0);
    expect(groups).toEqual([
      [1, 2],
      [3, 4, 5],
    ]);
  });

  it('refuses a group size below one', () => {
    expect(
      () => new GroupCommitter({ commit: () => Promise.resolve([]), maxGroupSize: 0 }),
    ).toThrow(RangeError);
  });
});

import { parseInstant } from './instants';

describe('parseInstant', () => {
  it.each([
    ['2026-02-02', Date.UTC(2026, 1, 2)],
    ['2024-02-29', Date.UTC(2024, 1, 29)],
    ['2026-02-02T09:30:00Z', Date.UTC(2026, 1, 2, 9, 30)],
    ['2026-02-02T09:30+02:00', Date.UTC(2026, 1, 2, 7, 30)],
    ['2026-02-02T09:30:15.250-05:00', Date.UTC(2026, 1, 2, 14, 30, 15, 250)],
    [1_767_603_600_000, 1_767_603_600_000],
  ])('reads %p', (value, expected) => {
    expect(parseInstant(value)).toBe(expected);
  });

  it.each([
    ['2026-02-30'],
    ['2025-02-29'],
    ['2026-02-02T09:30:00'],
    ['2026-13-99T99:99Z'],
    ['tomorrow'],
    [true],
    [null],
    [Infinity],
    [undefined],
  ])('refuses %p', (value) => {
    expect(parseInstant(value as never)).toBeUndefined();
  });
});

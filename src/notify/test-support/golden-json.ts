// Golden files are written as Prettier would format them, so `prettier --write .` leaves them be.

export function goldenJson(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

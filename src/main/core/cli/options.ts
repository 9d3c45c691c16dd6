// Parsers for numeric command-line options: a clear invalid-input error naming the flag and the range.
import { invalidInput } from '../errors';

export const positiveInt = (name: string, max: number) => (value: string): number => {
  if (!/^\d+$/u.test(value) || Number(value) < 1 || Number(value) > max) {
    throw invalidInput(name, `"${value}" must be a whole number from 1 to ${max}`);
  }
  return Number(value);
};

export const nonNegativeInt = (name: string) => (value: string): number => {
  if (!/^\d+$/u.test(value) || !Number.isSafeInteger(Number(value))) {
    throw invalidInput(name, `"${value}" must be a whole number, 0 or more`);
  }
  return Number(value);
};

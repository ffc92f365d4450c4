import { customAlphabet } from 'nanoid';

// Lower-case letters and digits only: safe as a directory name, never looks like a flag
// or a path, and easy to validate before any lookup touches the disk.
const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyz';
export const SESSION_ID_LENGTH = 20;
export const SESSION_ID_PATTERN = /^[0-9a-z]{20}$/;

export const newSessionId = customAlphabet(ALPHABET, SESSION_ID_LENGTH);
export const newTurnId = (() => {
  const gen = customAlphabet(ALPHABET, 12);
  return () => `t_${gen()}`;
})();

export function isSessionId(value: string): boolean {
  return SESSION_ID_PATTERN.test(value);
}

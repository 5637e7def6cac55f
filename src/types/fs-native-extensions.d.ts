// The part of fs-native-extensions (holepunch) that the data-folder lock uses; the package ships no types.
declare module 'fs-native-extensions' {
  /** Non-blocking exclusive (or shared) lock of the whole file: true when taken, false when someone else holds it. */
  export function tryLock(fd: number, offset?: number, length?: number, options?: { shared?: boolean }): boolean;
  export function unlock(fd: number, offset?: number, length?: number): void;
}

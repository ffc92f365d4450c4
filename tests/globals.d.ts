// Test code reads JSON replies loosely and asserts their shape with expect().
interface Response {
  json(): Promise<any>;
}

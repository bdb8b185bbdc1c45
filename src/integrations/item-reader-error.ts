/** A failure of a distributed Map's `ItemReader`: the Map state fails `States.ItemReaderFailed` with its message as the cause. */
export class ItemReaderError extends Error {
  override readonly name = 'ItemReaderError';
}

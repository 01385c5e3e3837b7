// Page-aligned I/O buffers for O_DIRECT. Buffer.allocUnsafe memory is not aligned; memory of a
// WebAssembly.Memory is (64 KiB pages), which was measured as the way to reach and beat
// `dd iflag=direct oflag=direct` from Node. Huge pages, where the kernel allows them, make each
// I/O cheaper still (huge-page-advice.ts).
import { adviseHugePages } from "./huge-page-advice";

const WASM_PAGE = 65536;

export function alignedBuffers(count: number, bytes: number): Buffer[] {
  const perBuffer = Math.ceil(bytes / WASM_PAGE) * WASM_PAGE;
  const memory = new WebAssembly.Memory({ initial: (perBuffer * count) / WASM_PAGE });
  adviseHugePages(memory.buffer); // before the first touch, which is when pages are allocated
  return Array.from({ length: count }, (_, i) => Buffer.from(memory.buffer, i * perBuffer, bytes));
}

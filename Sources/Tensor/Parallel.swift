// Deterministic parallel loops: the work is cut into a fixed number of chunks that depends only
// on the problem size, never on the number of threads, so results repeat bit for bit.
import Dispatch

/// Parallel loops over index ranges with fixed, size-determined chunking.
public enum Parallel {
    /// Runs `body` over `0..<count` cut into contiguous chunks of at least `minimumChunk`
    /// indices (at most `maximumChunks` chunks). Chunks may run concurrently; `body` must only
    /// write to locations owned by its range.
    public static func forEachChunk(
        count: Int, minimumChunk: Int = 16_384, maximumChunks: Int = 64,
        _ body: (Range<Int>) -> Void
    ) {
        let chunks = chunkCount(count: count, minimumChunk: minimumChunk, maximumChunks: maximumChunks)
        if chunks <= 1 {
            if count > 0 { body(0..<count) }
            return
        }
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                body(chunkRange(chunk, of: chunks, count: count))
            }
        }
    }

    /// Runs `body(chunk, range)` for each of the `chunkCount(...)` chunks of `0..<count` (chunks
    /// may run concurrently), for reductions that keep one partial result per chunk and then
    /// combine them in chunk order.
    public static func forEachChunkIndexed(
        count: Int, minimumChunk: Int = 16_384, maximumChunks: Int = 64,
        _ body: (_ chunk: Int, _ range: Range<Int>) -> Void
    ) {
        let chunks = chunkCount(count: count, minimumChunk: minimumChunk, maximumChunks: maximumChunks)
        if chunks == 1 { body(0, 0..<count); return }
        guard chunks > 1 else { return }
        withoutActuallyEscaping(body) { body in
            DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                body(chunk, chunkRange(chunk, of: chunks, count: count))
            }
        }
    }

    /// A sum over `0..<count` computed as per-chunk partial sums (each chunk by `partial`) added
    /// in chunk order: the result does not depend on how many threads ran.
    public static func sum(
        count: Int, minimumChunk: Int = 16_384, maximumChunks: Int = 64,
        _ partial: (Range<Int>) -> Double
    ) -> Double {
        let chunks = chunkCount(count: count, minimumChunk: minimumChunk, maximumChunks: maximumChunks)
        if chunks <= 1 { return count > 0 ? partial(0..<count) : 0 }
        var partials = [Double](repeating: 0, count: chunks)
        partials.withUnsafeMutableBufferPointer { results in
            let base = results.baseAddress
            withoutActuallyEscaping(partial) { partial in
                DispatchQueue.concurrentPerform(iterations: chunks) { chunk in
                    base?[chunk] = partial(chunkRange(chunk, of: chunks, count: count))
                }
            }
        }
        return partials.reduce(0, +)
    }

    /// The number of chunks `forEachChunk` uses for `count` indices.
    public static func chunkCount(count: Int, minimumChunk: Int, maximumChunks: Int) -> Int {
        guard count > 0 else { return 0 }
        let byMinimum = count / Swift.max(minimumChunk, 1)
        return Swift.max(1, Swift.min(byMinimum, Swift.max(maximumChunks, 1)))
    }

    static func chunkRange(_ chunk: Int, of chunks: Int, count: Int) -> Range<Int> {
        let lower = count * chunk / chunks
        let upper = count * (chunk + 1) / chunks
        return lower..<upper
    }
}

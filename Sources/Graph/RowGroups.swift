// The samples of a batch grouped by the embedding row they read: what a row-sparse gradient
// (MXNet's `row_sparse` storage of `Embedding(sparse_grad=True)`'s weight gradient) is made from.
import Foundation
import Tensor

/// The samples of a batch of embedding indices grouped by row: `rows` (unique, ascending), and
/// for group `j` the positions `samples[offsets[j]..<offsets[j + 1]]` (ascending, so a row's
/// gradient adds its samples in sample order, as the dense scatter does). Several index arrays
/// reading one table (a shared weight) are grouped as one, their positions numbered on.
///
/// Built by a stable least-significant-digit radix sort of `(row, position)` pairs on 11-bit
/// digits of the row (two passes for tables of up to 4M rows), which touches only the batch's
/// own arrays and an 8 KB histogram — no table-sized scratch, no random access into one.
struct RowGroups {
    /// The rows read, unique and ascending.
    private(set) var rows: [Int] = []
    /// `rows.count + 1` offsets into `samples`.
    private(set) var offsets: [Int32] = []
    /// Sample positions grouped by row, ascending within a group.
    private(set) var samples: [Int32] = []
    private var pairs: [UInt64] = []
    private var scratch: [UInt64] = []
    private var histogram: [Int] = []

    private static let digitBits = 11

    /// Whether a batch of `count` indices in all into a table of `rowCount` rows can be grouped
    /// (positions and rows must fit in 32 bits).
    static func canGroup(count: Int, rowCount: Int) -> Bool {
        count <= Int(Int32.max) && rowCount <= Int(UInt32.max)
    }

    /// Groups the positions of the index arrays `sources` (`counts[s]` values each; the
    /// positions of source `s` follow those of source `s − 1`) by `row(s, value)`, which throws
    /// for a bad index (then nothing is grouped).
    /// - Precondition: `canGroup(count: counts.sum, rowCount:)`, and `row` returns values in
    ///   `0..<rowCount`.
    mutating func group(_ sources: [UnsafePointer<Float>], counts: [Int], rowCount: Int,
                        row: (_ source: Int, _ value: Float) throws -> Int) rethrows {
        rows.removeAll(keepingCapacity: true)
        offsets.removeAll(keepingCapacity: true)
        samples.removeAll(keepingCapacity: true)
        let count = counts.reduce(0, +)
        if pairs.count < count {
            pairs = [UInt64](repeating: 0, count: count)
            scratch = [UInt64](repeating: 0, count: count)
        }
        try pairs.withUnsafeMutableBufferPointer { pairs in
            var position = 0
            for (source, indices) in sources.enumerated() {
                for i in 0..<counts[source] {
                    pairs[position] = UInt64(try row(source, indices[i])) << 32 | UInt64(position)
                    position += 1
                }
            }
        }
        sortPairs(count: count, rowCount: rowCount)
        rows.reserveCapacity(count)
        offsets.reserveCapacity(count + 1)
        samples.reserveCapacity(count)
        pairs.withUnsafeBufferPointer { pairs in
            var previous = UInt64.max
            for i in 0..<count {
                let pair = pairs[i], key = pair >> 32
                if key != previous {
                    rows.append(Int(key))
                    offsets.append(Int32(i))
                    previous = key
                }
                samples.append(Int32(truncatingIfNeeded: pair & 0xFFFF_FFFF))
            }
        }
        offsets.append(Int32(count))
    }

    /// Sorts `pairs[0..<count]` by their high 32 bits (the row), stably, leaving the result in
    /// `pairs`.
    private mutating func sortPairs(count: Int, rowCount: Int) {
        let bits = rowCount > 1 ? Int.bitWidth - (rowCount - 1).leadingZeroBitCount : 1
        let passes = (bits + Self.digitBits - 1) / Self.digitBits
        let buckets = 1 << Self.digitBits, mask = UInt64(buckets - 1)
        if histogram.count != buckets { histogram = [Int](repeating: 0, count: buckets) }
        for pass in 0..<passes {
            let shift = UInt64(32 + pass * Self.digitBits)
            pairs.withUnsafeMutableBufferPointer { source in
                scratch.withUnsafeMutableBufferPointer { destination in
                    histogram.withUnsafeMutableBufferPointer { counts in
                        counts.update(repeating: 0)
                        for i in 0..<count { counts[Int((source[i] >> shift) & mask)] += 1 }
                        var start = 0
                        for d in 0..<buckets {
                            let n = counts[d]
                            counts[d] = start
                            start += n
                        }
                        for i in 0..<count {
                            let pair = source[i], d = Int((pair >> shift) & mask)
                            destination[counts[d]] = pair
                            counts[d] += 1
                        }
                    }
                }
            }
            swap(&pairs, &scratch)
        }
    }
}

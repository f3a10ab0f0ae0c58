// Embedding: a row gather forward, a scatter-add into the weight gradient backward.
import Foundation
import Tensor

/// MXNet `Embedding` with a dense gradient. Inputs: indices `[d…]` (Float32, truncated toward
/// zero), weight `[inputDim, outputDim]`; output `[d…, outputDim]`, whose rows may lie
/// `outputRowStride` floats apart (columns of a concatenation, see `ConcatView`).
///
/// The weight gradient is zero outside the rows a batch reads. When this kernel alone writes
/// that gradient buffer, it zeroes only the rows the previous batch wrote (the rest are still
/// zero) instead of the whole `[inputDim, outputDim]` table every batch; and a training pass
/// prepared by `prepareRowSparseGradient()` stores it row-sparse instead (MXNet's `row_sparse`
/// gradient): the gradient of the batch's `k` rows (ascending) in the buffer's first `k` rows.
final class EmbeddingKernel: OperatorKernel {
    private let binding: KernelBinding
    private let outputDim: Int
    /// How many indices a pass reads.
    let indexCount: Int
    /// Rows of the table.
    let inputDim: Int
    private let ownsWeightGradient: Bool
    /// Floats from one output row (and output-gradient row) to the next: `outputDim`, or a
    /// concatenation's width when the rows are its columns.
    private let outputRowStride: Int
    /// How many rows ahead the gather and scatter loops prefetch.
    private static let prefetchDistance = 8
    /// The rows the last backward pass wrote into the weight gradient (`nil`: unknown, zero all).
    private var dirtyRows: [Int]?
    /// The current batch's samples grouped by row, for a row-sparse gradient.
    private var groups = RowGroups()
    /// `prepareRowSparseGradient()` grouped the current inputs for the coming training pass.
    private var rowSparsePending = false
    /// The last backward pass stored the weight gradient row-sparse (rows `groups.rows`).
    private(set) var storesRowSparseGradient = false

    /// Whether this kernel can store its weight gradient row-sparse: it alone writes it.
    var supportsRowSparseGradient: Bool {
        ownsWeightGradient && binding.inputGradients[1] != nil && binding.requests[1] == .write
            && RowGroups.canGroup(count: indexCount, rowCount: inputDim)
    }

    static func inferShapes(node: String, data: [Int], inputDim: Int, outputDim: Int) throws -> NodeShapes {
        guard inputDim > 0, outputDim > 0 else {
            throw EngineError.invalidArgument("\(node): input_dim and output_dim must be positive, got \(inputDim) and \(outputDim)")
        }
        return NodeShapes(inputs: [data, [inputDim, outputDim]], output: data + [outputDim])
    }

    init(_ binding: KernelBinding, inputDim: Int, outputDim: Int, ownsWeightGradient: Bool, outputRowStride: Int) {
        self.binding = binding
        self.inputDim = inputDim
        self.outputDim = outputDim
        self.ownsWeightGradient = ownsWeightGradient
        self.outputRowStride = max(outputRowStride, outputDim)
        indexCount = binding.inputCount(0)
    }

    /// The row for index value `value`, or an error naming the layer, the index and the bound.
    @inline(__always)
    func row(_ value: Float) throws -> Int {
        try Self.row(value, layer: binding.name, inputDim: inputDim)
    }

    /// The row of a table of `inputDim` rows that index value `value` reads (truncated toward
    /// zero, as MXNet casts indices).
    /// - Throws: `EngineError.indexOutOfRange` naming `layer`, the index and the bound, or
    ///   `.invalidArgument` for a NaN, infinite or huge index.
    @inline(__always)
    static func row(_ value: Float, layer: String, inputDim: Int) throws -> Int {
        let truncated = value.rounded(.towardZero)
        if truncated >= 0, truncated < Float(inputDim) { return Int(truncated) }
        guard value.isFinite, abs(truncated) < 1e18 else {
            throw EngineError.invalidArgument("\(layer): index \(value) is not a valid row index for input_dim \(inputDim)")
        }
        throw EngineError.indexOutOfRange(layer: layer, index: Int(truncated), bound: inputDim)
    }

    /// Groups the current indices by row (validating them) so that the coming training pass
    /// stores the weight gradient row-sparse; an inference pass cancels it. Call after the
    /// inputs are set, before `forward(isTraining: true)`.
    /// - Returns: the rows read, unique and ascending; nil when `supportsRowSparseGradient` is false.
    /// - Throws: as `row(_:layer:inputDim:)`, for the first bad index.
    func prepareRowSparseGradient() throws -> [Int]? {
        rowSparsePending = false
        guard supportsRowSparseGradient else { return nil }
        try groups.group([indices], counts: [indexCount], rowCount: inputDim) { _, value in try row(value) }
        rowSparsePending = true
        return groups.rows
    }

    /// The indices this layer reads (`indexCount` of them).
    var indices: UnsafePointer<Float> { UnsafePointer(binding.inputs[0]) }

    /// After a backward pass that stored the weight gradient row-sparse: its rows (unique,
    /// ascending), whose gradients are the first `rows.count` rows of the gradient buffer.
    var rowSparseRows: [Int]? { storesRowSparseGradient ? groups.rows : nil }

    func forward(isTraining: Bool) throws {
        let indices = binding.inputs[0], weight = binding.inputs[1], output = binding.output
        let width = outputDim
        // Validate every index first so that a bad batch leaves no half-written output (a
        // grouping for this training pass has validated them).
        if !(isTraining && rowSparsePending) {
            rowSparsePending = false
            for i in 0..<indexCount { _ = try row(indices[i]) }
        }
        let rowCount = indexCount, stride = outputRowStride
        Parallel.forEachChunk(count: rowCount, minimumChunk: 4096) { range in
            let rowBytes = width * MemoryLayout<Float>.stride
            for i in range {
                if i + Self.prefetchDistance < range.upperBound {
                    let ahead = Int(indices[i + Self.prefetchDistance].rounded(.towardZero))
                    Prefetch.bytes(weight + ahead * width, count: rowBytes)
                }
                let r = Int(indices[i].rounded(.towardZero))
                Loops.copy(from: weight + r * width, to: output + i * stride, count: width)
            }
        }
    }

    func backward() throws {
        // The indices get no gradient (MXNet gives them zeros).
        if let indexGradient = binding.inputGradients[0], binding.requests[0] == .write {
            indexGradient.update(repeating: 0, count: indexCount)
        }
        guard let weightGradient = binding.inputGradients[1], let outputGradient = binding.outputGradient else { return }
        if rowSparsePending {
            rowSparsePending = false
            storeRowSparseGradient(weightGradient, from: outputGradient)
            // The buffer's first rows now hold the compact rows: a dense pass must zero it all.
            storesRowSparseGradient = true
            dirtyRows = nil
            return
        }
        storesRowSparseGradient = false
        let width = outputDim, rowBytes = width * MemoryLayout<Float>.stride
        let indices = binding.inputs[0]
        var rows = [Int](repeating: 0, count: indexCount)
        for i in 0..<indexCount { rows[i] = try row(indices[i]) }
        if binding.requests[1] == .write {
            if ownsWeightGradient, let dirty = dirtyRows {
                for (j, r) in dirty.enumerated() {
                    if j + Self.prefetchDistance < dirty.count {
                        Prefetch.bytes(weightGradient + dirty[j + Self.prefetchDistance] * width, count: rowBytes, forWriting: true)
                    }
                    Loops.zero(weightGradient + r * width, count: width)
                }
            } else {
                let total = inputDim * width
                Parallel.forEachChunk(count: total, minimumChunk: 1 << 18) { range in
                    (weightGradient + range.lowerBound).update(repeating: 0, count: range.count)
                }
            }
            dirtyRows = ownsWeightGradient ? rows : nil
        }
        // Scatter-add in sample order: deterministic, and rows repeated in a batch accumulate.
        for i in 0..<indexCount {
            if i + Self.prefetchDistance < indexCount {
                Prefetch.bytes(weightGradient + rows[i + Self.prefetchDistance] * width, count: rowBytes, forWriting: true)
            }
            let destination = weightGradient + rows[i] * width
            let source = outputGradient + i * outputRowStride
            for k in 0..<width { destination[k] += source[k] }
        }
    }

    /// Writes the gradient of group `j`'s row — the sum of its samples' output gradients, added
    /// in sample order from zero, so each value equals the dense scatter's — into row `j` of
    /// `weightGradient`. Groups are independent: they run in parallel chunks.
    private func storeRowSparseGradient(_ weightGradient: UnsafeMutablePointer<Float>,
                                        from outputGradient: UnsafePointer<Float>) {
        let width = outputDim, stride = outputRowStride, rowBytes = width * MemoryLayout<Float>.stride
        let distance = Self.prefetchDistance
        groups.offsets.withUnsafeBufferPointer { offsets in
            groups.samples.withUnsafeBufferPointer { samples in
                Parallel.forEachChunk(count: offsets.count - 1, minimumChunk: 256) { range in
                    let end = Int(offsets[range.upperBound])
                    for j in range {
                        let destination = weightGradient + j * width
                        Loops.zero(destination, count: width)
                        for k in Int(offsets[j])..<Int(offsets[j + 1]) {
                            if k + distance < end {
                                Prefetch.bytes(outputGradient + Int(samples[k + distance]) * stride, count: rowBytes)
                            }
                            let source = outputGradient + Int(samples[k]) * stride
                            for e in 0..<width { destination[e] += source[e] }
                        }
                    }
                }
            }
        }
    }
}

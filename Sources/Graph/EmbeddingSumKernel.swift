// The inference layer that replaces a fully connected layer over embeddings: one row of each
// projected table per sample, added (see `Symbol.foldingEmbeddingProjections`).
import Tensor

/// Output row `r` = `Σₖ tableₖ[indexₖ[r]]`, rectified when a ReLU is fused. Inputs: k index
/// arrays `[batch]` (Float32, truncated toward zero as `Embedding` does), then k tables
/// `[inputDims[k], outputDim]`; output `[batch, outputDim]`. Inference only: it has no backward
/// pass.
final class EmbeddingSumKernel: OperatorKernel {
    private let binding: KernelBinding
    private let layers: [String]
    private let inputDims: [Int]
    private let width: Int
    private let rows: Int
    private let appliesRelu: Bool
    /// How many samples ahead the gather prefetches the table rows.
    private static let prefetchDistance = 8

    static func inferShapes(node: String, indices: [[Int]], inputDims: [Int], outputDim: Int) throws -> NodeShapes {
        guard let first = indices.first, indices.count == inputDims.count, first.count == 1,
              indices.allSatisfy({ $0 == first }) else {
            throw EngineError.shapeMismatch("\(node): the index arrays \(indices) must be one-dimensional and of one length")
        }
        return NodeShapes(inputs: indices + inputDims.map { [$0, outputDim] }, output: first + [outputDim])
    }

    /// - Parameter appliesRelu: the output is rectified (`max(y, 0)`, NaN to 0) for a ReLU the
    ///   executor bound to this output.
    init(_ binding: KernelBinding, layers: [String], inputDims: [Int], outputDim: Int, appliesRelu: Bool) {
        self.binding = binding
        self.layers = layers
        self.inputDims = inputDims
        self.appliesRelu = appliesRelu
        width = outputDim
        rows = binding.inputShapes.first?.first ?? 0
    }

    func forward(isTraining: Bool) throws {
        let count = layers.count, rows = self.rows, width = self.width, appliesRelu = self.appliesRelu
        guard count > 0, binding.inputs.count == 2 * count else { return }
        // Validate every index first (embedding by embedding, as the unfolded graph does), so
        // that a bad batch raises the embedding's error and leaves no half-written output.
        for k in 0..<count {
            let indices = binding.inputs[k]
            for r in 0..<rows { _ = try EmbeddingKernel.row(indices[r], layer: layers[k], inputDim: inputDims[k]) }
        }
        let indices = Array(binding.inputs[..<count]), tables = Array(binding.inputs[count...])
        let output = binding.output, rowBytes = width * MemoryLayout<Float>.stride
        if count == 2, width % 8 == 0 {
            // Two tables (deep MF's user and movie) of whole 8-lane groups: the same sums,
            // without the per-row list of sources and the loop over tables.
            let (first, second) = (indices[0], indices[1]), (firstTable, secondTable) = (tables[0], tables[1])
            @inline(__always) func row(_ table: UnsafeMutablePointer<Float>, _ index: Float) -> UnsafePointer<Float> {
                UnsafePointer(table + Int(index.rounded(.towardZero)) * width)
            }
            Parallel.forEachChunk(count: rows, minimumChunk: 2048) { range in
                for r in range {
                    if r + Self.prefetchDistance < range.upperBound {
                        Prefetch.bytes(row(firstTable, first[r + Self.prefetchDistance]), count: rowBytes)
                        Prefetch.bytes(row(secondTable, second[r + Self.prefetchDistance]), count: rowBytes)
                    }
                    let a = row(firstTable, first[r]), b = row(secondTable, second[r]), destination = output + r * width
                    var column = 0
                    while column < width {
                        var sum = UnsafeRawPointer(a + column).loadUnaligned(as: SIMD8<Float>.self)
                        sum += UnsafeRawPointer(b + column).loadUnaligned(as: SIMD8<Float>.self)
                        if appliesRelu { sum.replace(with: 0, where: .!(sum .> 0)) }
                        UnsafeMutableRawPointer(destination + column).storeBytes(of: sum, as: SIMD8<Float>.self)
                        column += 8
                    }
                }
            }
            return
        }
        Parallel.forEachChunk(count: rows, minimumChunk: 2048) { range in
            withUnsafeTemporaryAllocation(of: UnsafePointer<Float>.self, capacity: count) { sources in
                for r in range {
                    if r + Self.prefetchDistance < range.upperBound {
                        for k in 0..<count {
                            let ahead = Int(indices[k][r + Self.prefetchDistance].rounded(.towardZero))
                            Prefetch.bytes(tables[k] + ahead * width, count: rowBytes)
                        }
                    }
                    for k in 0..<count { sources[k] = UnsafePointer(tables[k] + Int(indices[k][r].rounded(.towardZero)) * width) }
                    let destination = output + r * width
                    var column = 0
                    while column + 8 <= width {
                        var sum = UnsafeRawPointer(sources[0] + column).loadUnaligned(as: SIMD8<Float>.self)
                        for k in 1..<count { sum += UnsafeRawPointer(sources[k] + column).loadUnaligned(as: SIMD8<Float>.self) }
                        if appliesRelu { sum.replace(with: 0, where: .!(sum .> 0)) }
                        UnsafeMutableRawPointer(destination + column).storeBytes(of: sum, as: SIMD8<Float>.self)
                        column += 8
                    }
                    if column < width {
                        let lanes = width - column
                        var sum = SIMD8<Float>.load(from: sources[0] + column, count: lanes)
                        for k in 1..<count { sum += SIMD8<Float>.load(from: sources[k] + column, count: lanes) }
                        if appliesRelu { sum.replace(with: 0, where: .!(sum .> 0)) }
                        sum.store(to: destination + column, count: lanes)
                    }
                }
            }
        }
    }

    func backward() throws {
        throw EngineError.invalidArgument("\(binding.name): a folded inference layer has no backward pass")
    }
}

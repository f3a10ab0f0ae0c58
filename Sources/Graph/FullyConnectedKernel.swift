// FullyConnected: y = x · Wᵀ + b forward; dx = dy · W, dW = dyᵀ · x and db = Σ dy backward.
import Tensor

/// MXNet `FullyConnected`. Inputs: data (flattened to `[batch, features]` when `flatten`, else
/// the last axis is the feature axis), weight `[numHidden, features]`, optional bias
/// `[numHidden]`; output `[batch, numHidden]` (or `data.shape[..<last] + [numHidden]`).
final class FullyConnectedKernel: OperatorKernel {
    private let binding: KernelBinding
    private let rows: Int
    private let features: Int
    private let hidden: Int
    private let hasBias: Bool
    /// A ReLU is fused into the forward pass (the executor aliased its output to this one).
    private let appliesRelu: Bool
    /// The input is a ReLU's output whose backward pass runs here: the input gradient is
    /// written as `(dy · W) · [x > 0]` into the ReLU's input gradient buffer (see `Executor`).
    private let masksInputGradient: Bool
    /// Per-unit Double accumulators for the bias gradient, one set per chunk of rows
    /// (`biasChunks · paddedWidth(numHidden)`, allocated once).
    private let biasSums: UnsafeMutablePointer<Double>
    /// `Wᵀ` as `[features, paddedWidth(hidden)]` for the forward narrow product (nil: OpenBLAS).
    private let transposedWeight: UnsafeMutablePointer<Float>?
    /// `W` as `[hidden, paddedWidth(features)]` for the input gradient's narrow product.
    private let paddedWeight: UnsafeMutablePointer<Float>?
    /// The bias padded to `paddedWidth(hidden)`.
    private let biasRow: UnsafeMutablePointer<Float>
    /// Per-chunk partial weight gradients for `BLAS.transposedProduct` (nil: OpenBLAS).
    private let weightGradientScratch: UnsafeMutablePointer<Float>?
    /// The most chunks the bias gradient's rows are cut into.
    private static let biasChunks = 16

    static func inferShapes(node: String, data: [Int], numHidden: Int, noBias: Bool, flatten: Bool) throws -> NodeShapes {
        guard numHidden > 0 else {
            throw EngineError.invalidArgument("\(node): num_hidden must be positive, got \(numHidden)")
        }
        guard !data.isEmpty else {
            throw EngineError.shapeMismatch("\(node): data must have at least one dimension")
        }
        let features: Int
        let output: [Int]
        if flatten {
            features = data.dropFirst().reduce(1, *)
            output = [data[0], numHidden]
        } else {
            features = data[data.count - 1]
            output = Array(data.dropLast()) + [numHidden]
        }
        // OpenBLAS takes 32-bit sizes.
        let limit = Int(Int32.max)
        guard data.reduce(1, *) <= limit, numHidden <= limit, output.reduce(1, *) <= limit else {
            throw EngineError.invalidArgument("\(node): data shape \(data) is too large for a matrix product")
        }
        var inputs = [data, [numHidden, features]]
        if !noBias { inputs.append([numHidden]) }
        return NodeShapes(inputs: inputs, output: output)
    }

    /// - Parameters:
    ///   - appliesRelu: the output is rectified in place (`max(y, 0)`), for a ReLU activation
    ///     that the executor bound to this output (see `ActivationKernel`).
    ///   - masksInputGradient: the data input is a ReLU's output, and the executor bound that
    ///     ReLU's input gradient as this layer's input gradient (written, not added): the input
    ///     gradient is zeroed where the input is not positive.
    init(_ binding: KernelBinding, numHidden: Int, noBias: Bool, appliesRelu: Bool = false, masksInputGradient: Bool = false) {
        self.binding = binding
        self.appliesRelu = appliesRelu
        self.masksInputGradient = masksInputGradient
        hidden = numHidden
        hasBias = !noBias
        features = binding.inputShapes[1][1]
        rows = features == 0 ? 0 : binding.inputCount(0) / features
        biasSums = .allocate(capacity: BLAS.paddedWidth(max(numHidden, 1)) * Self.biasChunks)
        // Narrow products (see `BLAS.narrowProduct`) where a side of W is at most 64 wide.
        let narrow = BLAS.narrowProductLimit, maximumDepth = 1024
        if numHidden > 1, numHidden <= narrow, features > 0, features <= maximumDepth {
            transposedWeight = .allocate(capacity: features * BLAS.paddedWidth(numHidden))
        } else {
            transposedWeight = nil
        }
        if numHidden > 1, features > 0, features <= narrow, numHidden <= maximumDepth {
            paddedWeight = .allocate(capacity: numHidden * BLAS.paddedWidth(features))
        } else {
            paddedWeight = nil
        }
        biasRow = .allocate(capacity: BLAS.paddedWidth(max(numHidden, 1)))
        // dW through register tiles while a partial (hidden × padded features) is at most 64 KB.
        if numHidden > 1, features > 0, numHidden * BLAS.paddedWidth(features) <= 16_384 {
            weightGradientScratch = .allocate(capacity: BLAS.transposedProductScratchCount(rows: rows, m: numHidden, n: features))
        } else {
            weightGradientScratch = nil
        }
    }

    /// Set by the executor before a forward pass: the parameters are those of this kernel's
    /// previous forward pass, so the transposed weight and padded bias it made may be reused.
    var reusesParameterLayout = false
    /// `transposedWeight` and `biasRow` hold the layout of the last forward pass's parameters.
    private var layoutPrepared = false

    deinit {
        biasSums.deallocate()
        transposedWeight?.deallocate()
        paddedWeight?.deallocate()
        biasRow.deallocate()
        weightGradientScratch?.deallocate()
    }

    func forward(isTraining: Bool) throws {
        let x = binding.inputs[0], weight = binding.inputs[1], y = binding.output
        let bias: UnsafeMutablePointer<Float>? = hasBias ? binding.inputs[2] : nil
        let (rows, hidden, features, appliesRelu) = (self.rows, self.hidden, self.features, self.appliesRelu)
        if hidden == 1 {
            // A single output unit: one dot product per row (GEMM is slow at n = 1).
            let offset = bias?[0] ?? 0
            Parallel.forEachChunk(count: rows, minimumChunk: 2048) { range in
                BLAS.rowDots(rows: range, k: features, a: x, lda: features, vector: weight, bias: offset,
                             rectify: appliesRelu, c: y)
            }
            return
        }
        if features == 0 {
            // No inputs: every row is the bias.
            if let bias {
                for r in 0..<rows { Loops.copy(from: bias, to: y + r * hidden, count: hidden) }
            } else {
                y.update(repeating: 0, count: rows * hidden)
            }
            if appliesRelu { Loops.rectify(y, count: rows * hidden) }
            return
        }
        if let transposedWeight {
            // A narrow layer: Wᵀ stays in L1, bias and ReLU are applied as each row is written.
            if isTraining || !(reusesParameterLayout && layoutPrepared) {
                BLAS.padRows(weight, rows: features, columns: hidden, transpose: true, into: transposedWeight)
                if let bias {
                    biasRow.update(repeating: 0, count: BLAS.paddedWidth(hidden))
                    biasRow.update(from: bias, count: hidden)
                }
                layoutPrepared = true
            }
            let paddedBias: UnsafePointer<Float>? = hasBias ? UnsafePointer(biasRow) : nil
            Self.forEachRowBlock(rows: rows, width: hidden) { range in
                BLAS.narrowProduct(rows: range, k: features, n: hidden, a: x, lda: features, paddedB: transposedWeight,
                                   c: y, ldc: hidden, bias: paddedBias, rectify: appliesRelu)
            }
            return
        }
        // A wide layer on OpenBLAS: each block starts as the bias, the GEMM adds x · Wᵀ (beta = 1,
        // so OpenBLAS does not clear it first), and a fused ReLU rectifies it while it is in cache.
        Self.forEachRowBlock(rows: rows, width: hidden) { range in
            let output = y + range.lowerBound * hidden
            if let bias {
                for r in 0..<range.count { Loops.copy(from: bias, to: output + r * hidden, count: hidden) }
            }
            BLAS.gemm(transposeA: false, transposeB: true, m: range.count, n: hidden, k: features,
                      a: x + range.lowerBound * features, b: weight, beta: bias == nil ? 0 : 1, c: output, split: false)
            if appliesRelu { Loops.rectify(output, count: range.count * hidden) }
        }
    }

    /// Runs `body` over `0..<rows` in parallel blocks of about 256 KB of `width`-float output
    /// rows (the L2 cache of one core), the blocks fixed by the sizes alone.
    private static func forEachRowBlock(rows: Int, width: Int, _ body: (Range<Int>) -> Void) {
        let blockRows = Swift.max(16, 65_536 / Swift.max(width, 1))
        Parallel.forEachChunk(count: rows, minimumChunk: blockRows, maximumChunks: Swift.max(1, rows / blockRows), body)
    }

    func backward() throws {
        guard let dy = binding.outputGradient else { return }
        let x = binding.inputs[0], weight = binding.inputs[1]
        // dx[rows, features] = dy[rows, hidden] · W[hidden, features]
        if hidden == 1 {
            backwardSingleUnit(dy: dy, x: x, weight: weight)
        } else if let dx = binding.inputGradients[0], let paddedWeight {
            BLAS.padRows(weight, rows: hidden, columns: features, transpose: false, into: paddedWeight)
            let (rows, hidden, features, add) = (self.rows, self.hidden, self.features, binding.requests[0] == .add)
            let gate: UnsafePointer<Float>? = masksInputGradient ? UnsafePointer(x) : nil
            Self.forEachRowBlock(rows: rows, width: features) { range in
                BLAS.narrowProduct(rows: range, k: hidden, n: features, a: dy, lda: hidden, paddedB: paddedWeight,
                                   c: dx, ldc: features, accumulate: add, gate: gate)
            }
        } else if let dx = binding.inputGradients[0] {
            BLAS.gemm(transposeA: false, transposeB: false, m: rows, n: features, k: hidden,
                      a: dy, b: weight, beta: binding.requests[0] == .add ? 1 : 0, c: dx)
            if masksInputGradient {
                Loops.forEach(rows * features) { range in for i in range where !(x[i] > 0) { dx[i] = 0 } }
            }
        }
        // dW[hidden, features] = dyᵀ · x
        if hidden != 1, let dw = binding.inputGradients[1], let scratch = weightGradientScratch {
            BLAS.transposedProduct(rows: rows, m: hidden, n: features, a: dy, lda: hidden, b: x, ldb: features,
                                   c: dw, ldc: features, accumulate: binding.requests[1] == .add, scratch: scratch)
        } else if hidden != 1, let dw = binding.inputGradients[1] {
            BLAS.gemm(transposeA: true, transposeB: false, m: hidden, n: features, k: rows,
                      a: dy, b: x, beta: binding.requests[1] == .add ? 1 : 0, c: dw)
        }
        // db[hidden] = Σ_rows dy, accumulated in Double: one partial sum per chunk of rows (in
        // row order), the partials added in chunk order — the same whatever the thread count.
        if hasBias, let db = binding.inputGradients[2] {
            let add = binding.requests[2] == .add, hidden = self.hidden
            let chunks = Parallel.chunkCount(count: rows, minimumChunk: 2048, maximumChunks: Self.biasChunks)
            let sums = biasSums, width = BLAS.paddedWidth(hidden)
            sums.update(repeating: 0, count: width * Swift.max(chunks, 1))
            Parallel.forEachChunkIndexed(count: rows, minimumChunk: 2048, maximumChunks: Self.biasChunks) { chunk, range in
                let partial = sums + chunk * width
                for r in range {
                    let row = dy + r * hidden
                    for h in Swift.stride(from: 0, to: hidden, by: 8) {
                        Loops.add(SIMD8<Double>(SIMD8<Float>.load(from: row + h, count: hidden - h)), to: partial + h)
                    }
                }
            }
            for chunk in 1..<Swift.max(chunks, 1) {
                for h in 0..<hidden { sums[h] += sums[chunk * width + h] }
            }
            for h in 0..<hidden { db[h] = add ? db[h] + Float(sums[h]) : Float(sums[h]) }
        }
    }

    /// Backward of a one-unit layer: `dx = dy ⊗ w` (an outer product, row by row) and
    /// `dW = xᵀ · dy` (a GEMV); the bias is handled by the caller.
    private func backwardSingleUnit(dy: UnsafeMutablePointer<Float>, x: UnsafeMutablePointer<Float>,
                                    weight: UnsafeMutablePointer<Float>) {
        if let dx = binding.inputGradients[0] {
            let add = binding.requests[0] == .add, features = self.features
            Parallel.forEachChunk(count: rows, minimumChunk: 2048) { range in
                for r in range {
                    let g = dy[r], row = dx + r * features
                    if add {
                        for k in 0..<features { row[k] += g * weight[k] }
                    } else if masksInputGradient {
                        let input = x + r * features
                        for k in 0..<features { row[k] = input[k] > 0 ? g * weight[k] : 0 }
                    } else {
                        for k in 0..<features { row[k] = g * weight[k] }
                    }
                }
            }
        }
        if let dw = binding.inputGradients[1] {
            BLAS.gemv(transpose: true, rows: rows, columns: features, a: x, x: dy,
                      beta: binding.requests[1] == .add ? 1 : 0, y: dw)
        }
    }
}

// FullyConnected: y = x · Wᵀ + b as one GEMM forward, two GEMMs and a column sum backward.
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
    /// Per-unit Double accumulators for the bias gradient (allocated once).
    private let biasSums: UnsafeMutablePointer<Double>

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

    init(_ binding: KernelBinding, numHidden: Int, noBias: Bool) {
        self.binding = binding
        hidden = numHidden
        hasBias = !noBias
        features = binding.inputShapes[1][1]
        rows = features == 0 ? 0 : binding.inputCount(0) / features
        biasSums = .allocate(capacity: max(numHidden, 1))
    }

    deinit { biasSums.deallocate() }

    func forward(isTraining: Bool) throws {
        let x = binding.inputs[0], weight = binding.inputs[1], y = binding.output
        var beta: Float = 0
        if hasBias {
            let bias = binding.inputs[2]
            for r in 0..<rows { (y + r * hidden).update(from: bias, count: hidden) }
            beta = 1
        }
        if hidden == 1 {
            // A single output unit is a matrix-vector product (GEMM is slow at n = 1).
            BLAS.gemv(transpose: false, rows: rows, columns: features, a: x, x: weight, beta: beta, y: y)
        } else {
            BLAS.gemm(transposeA: false, transposeB: true, m: rows, n: hidden, k: features,
                      a: x, b: weight, beta: beta, c: y)
        }
        if rows == 0 || features == 0, !hasBias { y.update(repeating: 0, count: rows * hidden) }
    }

    func backward() throws {
        guard let dy = binding.outputGradient else { return }
        let x = binding.inputs[0], weight = binding.inputs[1]
        // dx[rows, features] = dy[rows, hidden] · W[hidden, features]
        if hidden == 1 {
            backwardSingleUnit(dy: dy, x: x, weight: weight)
        } else if let dx = binding.inputGradients[0] {
            BLAS.gemm(transposeA: false, transposeB: false, m: rows, n: features, k: hidden,
                      a: dy, b: weight, beta: binding.requests[0] == .add ? 1 : 0, c: dx)
        }
        // dW[hidden, features] = dyᵀ · x
        if hidden != 1, let dw = binding.inputGradients[1] {
            BLAS.gemm(transposeA: true, transposeB: false, m: hidden, n: features, k: rows,
                      a: dy, b: x, beta: binding.requests[1] == .add ? 1 : 0, c: dw)
        }
        // db[hidden] = Σ_rows dy (accumulated in Double, in row order)
        if hasBias, let db = binding.inputGradients[2] {
            let add = binding.requests[2] == .add
            biasSums.update(repeating: 0, count: hidden)
            for r in 0..<rows {
                let row = dy + r * hidden
                for h in 0..<hidden { biasSums[h] += Double(row[h]) }
            }
            for h in 0..<hidden { db[h] = add ? db[h] + Float(biasSums[h]) : Float(biasSums[h]) }
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

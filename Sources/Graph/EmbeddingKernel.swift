// Embedding: a row gather forward, a scatter-add into the weight gradient backward.
import Foundation
import Tensor

/// MXNet `Embedding` with a dense gradient. Inputs: indices `[d…]` (Float32, truncated toward
/// zero), weight `[inputDim, outputDim]`; output `[d…, outputDim]`.
final class EmbeddingKernel: OperatorKernel {
    private let binding: KernelBinding
    private let inputDim: Int
    private let outputDim: Int
    private let indexCount: Int

    static func inferShapes(node: String, data: [Int], inputDim: Int, outputDim: Int) throws -> NodeShapes {
        guard inputDim > 0, outputDim > 0 else {
            throw EngineError.invalidArgument("\(node): input_dim and output_dim must be positive, got \(inputDim) and \(outputDim)")
        }
        return NodeShapes(inputs: [data, [inputDim, outputDim]], output: data + [outputDim])
    }

    init(_ binding: KernelBinding, inputDim: Int, outputDim: Int) {
        self.binding = binding
        self.inputDim = inputDim
        self.outputDim = outputDim
        indexCount = binding.inputCount(0)
    }

    /// The row for index value `value`, or an error naming the layer, the index and the bound.
    @inline(__always)
    private func row(_ value: Float) throws -> Int {
        let truncated = value.rounded(.towardZero)
        if truncated >= 0, truncated < Float(inputDim) { return Int(truncated) }
        guard value.isFinite, abs(truncated) < 1e18 else {
            throw EngineError.invalidArgument("\(binding.name): index \(value) is not a valid row index for input_dim \(inputDim)")
        }
        throw EngineError.indexOutOfRange(layer: binding.name, index: Int(truncated), bound: inputDim)
    }

    func forward(isTraining: Bool) throws {
        let indices = binding.inputs[0], weight = binding.inputs[1], output = binding.output
        let width = outputDim
        // Validate every index first so that a bad batch leaves no half-written output.
        for i in 0..<indexCount { _ = try row(indices[i]) }
        let rowCount = indexCount
        Parallel.forEachChunk(count: rowCount, minimumChunk: 4096) { range in
            for i in range {
                let r = Int(indices[i].rounded(.towardZero))
                (output + i * width).update(from: weight + r * width, count: width)
            }
        }
    }

    func backward() throws {
        // The indices get no gradient (MXNet gives them zeros).
        if let indexGradient = binding.inputGradients[0], binding.requests[0] == .write {
            indexGradient.update(repeating: 0, count: indexCount)
        }
        guard let weightGradient = binding.inputGradients[1], let outputGradient = binding.outputGradient else { return }
        let width = outputDim
        if binding.requests[1] == .write {
            let total = inputDim * width
            Parallel.forEachChunk(count: total, minimumChunk: 1 << 18) { range in
                (weightGradient + range.lowerBound).update(repeating: 0, count: range.count)
            }
        }
        // Scatter-add in sample order: deterministic, and rows repeated in a batch accumulate.
        let indices = binding.inputs[0]
        for i in 0..<indexCount {
            let r = try row(indices[i])
            let destination = weightGradient + r * width
            let source = outputGradient + i * width
            for k in 0..<width { destination[k] += source[k] }
        }
    }
}

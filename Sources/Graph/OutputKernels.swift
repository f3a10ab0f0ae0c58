// Loss layers: a forward that produces predictions and a backward that starts the gradient from
// the label (head gradients are ignored, as in MXNet).
import Foundation
import Tensor

/// MXNet `LinearRegressionOutput`, `MAERegressionOutput`, `LogisticRegressionOutput`.
/// Inputs: data, label (same number of elements, same first dimension). Forward: identity or
/// sigmoid. Backward: `(out − label)` or `sign(out − label)`, times
/// `gradScale / (label elements per sample)`.
final class RegressionOutputKernel: OperatorKernel {
    private let binding: KernelBinding
    private let kind: RegressionKind
    private let scale: Float
    private let count: Int

    static func inferShapes(node: String, data: [Int], label: [Int]?) throws -> NodeShapes {
        guard let label else {
            // MXNet gives a [batch, 1] prediction a 1-D [batch] label by default.
            let defaultLabel = data.count == 2 && data[1] == 1 ? [data[0]] : data
            return NodeShapes(inputs: [data, defaultLabel], output: data)
        }
        let labelFirst = label.first ?? 1, dataFirst = data.first ?? 1
        guard labelFirst == dataFirst, label.reduce(1, *) == data.reduce(1, *) else {
            throw EngineError.shapeMismatch("\(node): label shape \(label) does not fit the prediction shape \(data)")
        }
        return NodeShapes(inputs: [data, label], output: data)
    }

    init(_ binding: KernelBinding, kind: RegressionKind, gradScale: Float) {
        self.binding = binding
        self.kind = kind
        count = binding.outputCount
        let labelShape = binding.inputShapes[1]
        let batch = max(labelShape.first ?? 1, 1)
        let perSample = max(binding.inputCount(1) / batch, 1)
        scale = gradScale / Float(perSample)
    }

    func forward(isTraining: Bool) throws {
        let x = binding.inputs[0], y = binding.output
        switch kind {
        case .linear, .meanAbsoluteError:
            y.update(from: x, count: count)
        case .logistic:
            Loops.forEach(count) { range in for i in range { y[i] = 1 / (1 + expf(-x[i])) } }
        }
    }

    func backward() throws {
        guard let dx = binding.inputGradients[0] else { return }
        let y = binding.output, label = binding.inputs[1], scale = self.scale
        let request = binding.requests[0]
        switch kind {
        case .linear, .logistic:
            Loops.update(count: count, request: request) { range, add in
                for i in range {
                    let v: Float = (y[i] - label[i]) * scale
                    dx[i] = add ? dx[i] + v : v
                }
            }
        case .meanAbsoluteError:
            Loops.update(count: count, request: request) { range, add in
                for i in range {
                    let d = y[i] - label[i]
                    let v: Float = d > 0 ? scale : (d < 0 ? -scale : 0)
                    dx[i] = add ? dx[i] + v : v
                }
            }
        }
    }
}

/// MXNet `SoftmaxOutput` (`normalization='null'`, no ignore label). Inputs: data `[batch, k]`
/// (later dimensions are flattened into `k`), label `[batch]` of class indices. Forward: softmax
/// per row. Backward: `(softmax − onehot(label)) · gradScale`.
final class SoftmaxOutputKernel: OperatorKernel {
    private let binding: KernelBinding
    private let rows: Int
    private let classes: Int
    private let scale: Float

    static func inferShapes(node: String, data: [Int], label: [Int]?) throws -> NodeShapes {
        guard let batch = data.first, data.count >= 2 else {
            throw EngineError.shapeMismatch("\(node): SoftmaxOutput needs data of shape [batch, classes], got \(data)")
        }
        guard let label else { return NodeShapes(inputs: [data, [batch]], output: data) }
        guard label.first == batch, label.reduce(1, *) == batch else {
            throw EngineError.shapeMismatch("\(node): label shape \(label) does not fit the prediction shape \(data); expected [\(batch)]")
        }
        return NodeShapes(inputs: [data, label], output: data)
    }

    init(_ binding: KernelBinding, gradScale: Float) {
        self.binding = binding
        rows = binding.outputShape[0]
        classes = rows == 0 ? 0 : binding.outputCount / rows
        scale = gradScale
    }

    func forward(isTraining: Bool) throws {
        let x = binding.inputs[0], y = binding.output, classes = self.classes
        Parallel.forEachChunk(count: rows, minimumChunk: 2048) { range in
            // Shift each row by its maximum, exponentiate the whole chunk eight lanes at a time,
            // then normalise each row by its sum (added in class order).
            for r in range {
                let input = x + r * classes, output = y + r * classes
                var maximum = -Float.infinity
                for k in 0..<classes { maximum = max(maximum, input[k]) }
                for k in 0..<classes { output[k] = input[k] - maximum }
            }
            VectorMath.exponentiate(y + range.lowerBound * classes, count: range.count * classes)
            for r in range {
                let output = y + r * classes
                var sum: Float = 0
                for k in 0..<classes { sum += output[k] }
                let inverse = 1 / sum
                for k in 0..<classes { output[k] *= inverse }
            }
        }
    }

    func backward() throws {
        guard let dx = binding.inputGradients[0] else { return }
        let y = binding.output, label = binding.inputs[1], classes = self.classes, scale = self.scale
        for r in 0..<rows {
            let value = label[r].rounded(.towardZero)
            guard value >= 0, value < Float(classes) else {
                throw EngineError.indexOutOfBounds("\(binding.name): label \(label[r]) is out of range for \(classes) classes")
            }
        }
        let add = binding.requests[0] == .add
        for r in 0..<rows {
            let target = Int(label[r].rounded(.towardZero))
            let p = y + r * classes, d = dx + r * classes
            for k in 0..<classes {
                let g = (p[k] - (k == target ? 1 : 0)) * scale
                d[k] = add ? d[k] + g : g
            }
        }
    }
}

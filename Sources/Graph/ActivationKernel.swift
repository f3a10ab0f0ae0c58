// Activation: elementwise nonlinearities whose derivatives are written in terms of the output.
import Foundation
import Tensor

/// MXNet `Activation`. Output shape = input shape. The backward pass uses the saved output `y`:
/// relu `g·[y > 0]`, sigmoid `g·y(1 − y)`, tanh `g(1 − y²)`, softrelu `g(1 − e^−y)`.
final class ActivationKernel: OperatorKernel {
    private let binding: KernelBinding
    private let type: ActivationType
    private let count: Int

    /// The producer already rectified this input in place, and the output is that buffer
    /// (a ReLU fused into `FullyConnectedKernel` or `BatchNormKernel` by the executor): forward has nothing to do.
    private let rectifiedByProducer: Bool
    /// The fully connected layer that reads this output already wrote the masked gradient into
    /// the input gradient buffer, which is also this output's gradient buffer (fused by the
    /// executor): backward has nothing to do.
    private let maskedByReader: Bool

    init(_ binding: KernelBinding, type: ActivationType, rectifiedByProducer: Bool = false, maskedByReader: Bool = false) {
        self.binding = binding
        self.type = type
        count = binding.outputCount
        self.rectifiedByProducer = rectifiedByProducer && type == .relu && binding.output == binding.inputs[0]
        self.maskedByReader = maskedByReader && type == .relu && binding.outputGradient != nil
            && binding.outputGradient == binding.inputGradients.first ?? nil
    }

    func forward(isTraining: Bool) throws {
        let x = binding.inputs[0], y = binding.output
        if rectifiedByProducer { return }
        switch type {
        case .relu:
            Loops.forEach(count) { range in for i in range { y[i] = x[i] > 0 ? x[i] : 0 } }
        case .sigmoid:
            Loops.forEach(count) { range in for i in range { y[i] = 1 / (1 + expf(-x[i])) } }
        case .tanh:
            Loops.forEach(count) { range in for i in range { y[i] = tanhf(x[i]) } }
        case .softrelu:
            // MXNet returns x itself above 20, where log1p(exp(x)) == x in Float32.
            Loops.forEach(count) { range in for i in range { y[i] = x[i] > 20 ? x[i] : log1pf(expf(x[i])) } }
        }
    }

    func backward() throws {
        guard let dx = binding.inputGradients[0], let dy = binding.outputGradient, !maskedByReader else { return }
        let y = binding.output
        let request = binding.requests[0]
        switch type {
        case .relu:
            Loops.update(count: count, request: request) { range, add in
                for i in range {
                    let v: Float = y[i] > 0 ? dy[i] : 0
                    dx[i] = add ? dx[i] + v : v
                }
            }
        case .sigmoid:
            Loops.update(count: count, request: request) { range, add in
                for i in range {
                    let v: Float = dy[i] * y[i] * (1 - y[i])
                    dx[i] = add ? dx[i] + v : v
                }
            }
        case .tanh:
            Loops.update(count: count, request: request) { range, add in
                for i in range {
                    let v: Float = dy[i] * (1 - y[i] * y[i])
                    dx[i] = add ? dx[i] + v : v
                }
            }
        case .softrelu:
            Loops.update(count: count, request: request) { range, add in
                for i in range {
                    let v: Float = dy[i] * -expm1f(-y[i])
                    dx[i] = add ? dx[i] + v : v
                }
            }
        }
    }
}

/// MXNet `Dropout` (mode `training`): a fresh Bernoulli mask each training forward; identity in
/// inference.
final class DropoutKernel: OperatorKernel {
    private let binding: KernelBinding
    private let probability: Float
    private let count: Int
    /// The scaled keep-mask of the last training forward: `0` or `1 / (1 − p)`.
    private let mask: UnsafeMutablePointer<Float>
    private var generator: SeededGenerator
    private var lastWasTraining = false

    init(_ binding: KernelBinding, probability: Float) throws {
        guard probability >= 0, probability < 1 else {
            throw EngineError.invalidArgument("\(binding.name): dropout probability must be in [0, 1), got \(probability)")
        }
        self.binding = binding
        self.probability = probability
        count = binding.outputCount
        try MemoryGuard.check(count: count)
        mask = .allocate(capacity: max(count, 1))
        generator = EngineRandom.makeGenerator()
    }

    deinit { mask.deallocate() }

    func forward(isTraining: Bool) throws {
        let x = binding.inputs[0], y = binding.output
        lastWasTraining = isTraining && probability > 0
        guard lastWasTraining else {
            y.update(from: x, count: count)
            return
        }
        let keep = 1 - probability
        let scale = 1 / keep
        for i in 0..<count { mask[i] = generator.uniform(0, 1) < keep ? scale : 0 }
        Loops.forEach(count) { range in for i in range { y[i] = x[i] * self.mask[i] } }
    }

    func backward() throws {
        guard let dx = binding.inputGradients[0], let dy = binding.outputGradient else { return }
        if lastWasTraining {
            let mask = self.mask
            Loops.update(count: count, request: binding.requests[0]) { range, add in
                for i in range {
                    let v: Float = dy[i] * mask[i]
                    dx[i] = add ? dx[i] + v : v
                }
            }
        } else {
            Loops.update(count: count, request: binding.requests[0]) { range, add in
                for i in range {
                    let v: Float = dy[i]
                    dx[i] = add ? dx[i] + v : v
                }
            }
        }
    }
}

// Elementwise arithmetic between two same-shaped values, or a value and a scalar.
import Tensor

/// MXNet `_plus`, `_minus`, `_mul`, `_div` (elemwise, equal shapes). Gradients:
/// add `(g, g)`, subtract `(g, −g)`, multiply `(g·b, g·a)`, divide `(g/b, −g·a/b²)`.
final class ArithmeticKernel: OperatorKernel {
    private let binding: KernelBinding
    private let op: ArithmeticOperator
    private let count: Int

    static func inferShapes(node: String, lhs: [Int], rhs: [Int]) throws -> NodeShapes {
        guard lhs == rhs else {
            throw EngineError.shapeMismatch("\(node): operands have different shapes \(lhs) and \(rhs)")
        }
        return NodeShapes(inputs: [lhs, rhs], output: lhs)
    }

    init(_ binding: KernelBinding, op: ArithmeticOperator) {
        self.binding = binding
        self.op = op
        count = binding.outputCount
    }

    func forward(isTraining: Bool) throws {
        let a = binding.inputs[0], b = binding.inputs[1], y = binding.output
        switch op {
        case .add: Loops.forEach(count) { range in for i in range { y[i] = a[i] + b[i] } }
        case .subtract: Loops.forEach(count) { range in for i in range { y[i] = a[i] - b[i] } }
        case .multiply: Loops.forEach(count) { range in for i in range { y[i] = a[i] * b[i] } }
        case .divide: Loops.forEach(count) { range in for i in range { y[i] = a[i] / b[i] } }
        }
    }

    func backward() throws {
        guard let g = binding.outputGradient else { return }
        let a = binding.inputs[0], b = binding.inputs[1]
        // Slot 0 is finished before slot 1 starts, so `x * x` (both slots one buffer) accumulates.
        if let da = binding.inputGradients[0] {
            let request = binding.requests[0]
            switch op {
            case .add, .subtract: Loops.update(count: count, request: request) { range, add in
                for i in range {
                    let v: Float = g[i]
                    da[i] = add ? da[i] + v : v
                }
            }
            case .multiply: Loops.update(count: count, request: request) { range, add in
                for i in range {
                    let v: Float = g[i] * b[i]
                    da[i] = add ? da[i] + v : v
                }
            }
            case .divide: Loops.update(count: count, request: request) { range, add in
                for i in range {
                    let v: Float = g[i] / b[i]
                    da[i] = add ? da[i] + v : v
                }
            }
            }
        }
        if let db = binding.inputGradients[1] {
            let request = binding.requests[1]
            switch op {
            case .add: Loops.update(count: count, request: request) { range, add in
                for i in range {
                    let v: Float = g[i]
                    db[i] = add ? db[i] + v : v
                }
            }
            case .subtract: Loops.update(count: count, request: request) { range, add in
                for i in range {
                    let v: Float = -g[i]
                    db[i] = add ? db[i] + v : v
                }
            }
            case .multiply: Loops.update(count: count, request: request) { range, add in
                for i in range {
                    let v: Float = g[i] * a[i]
                    db[i] = add ? db[i] + v : v
                }
            }
            case .divide: Loops.update(count: count, request: request) { range, add in
                for i in range {
                    let v: Float = -g[i] * a[i] / (b[i] * b[i])
                    db[i] = add ? db[i] + v : v
                }
            }
            }
        }
    }
}

/// MXNet `_plus_scalar`, `_minus_scalar`, `_rminus_scalar`, `_mul_scalar`, `_div_scalar`,
/// `_rdiv_scalar`: `x op s` or `s op x`, same shape as `x`.
final class ScalarArithmeticKernel: OperatorKernel {
    private let binding: KernelBinding
    private let op: ArithmeticOperator
    private let scalar: Float
    private let scalarOnLeft: Bool
    private let count: Int

    init(_ binding: KernelBinding, op: ArithmeticOperator, scalar: Float, scalarOnLeft: Bool) {
        self.binding = binding
        self.op = op
        self.scalar = scalar
        self.scalarOnLeft = scalarOnLeft
        count = binding.outputCount
    }

    func forward(isTraining: Bool) throws {
        let x = binding.inputs[0], y = binding.output, s = scalar
        switch (op, scalarOnLeft) {
        case (.add, _): Loops.forEach(count) { range in for i in range { y[i] = x[i] + s } }
        case (.subtract, false): Loops.forEach(count) { range in for i in range { y[i] = x[i] - s } }
        case (.subtract, true): Loops.forEach(count) { range in for i in range { y[i] = s - x[i] } }
        case (.multiply, _): Loops.forEach(count) { range in for i in range { y[i] = x[i] * s } }
        case (.divide, false): Loops.forEach(count) { range in for i in range { y[i] = x[i] / s } }
        case (.divide, true): Loops.forEach(count) { range in for i in range { y[i] = s / x[i] } }
        }
    }

    func backward() throws {
        guard let dx = binding.inputGradients[0], let g = binding.outputGradient else { return }
        let x = binding.inputs[0], s = scalar, request = binding.requests[0]
        switch (op, scalarOnLeft) {
        case (.add, _), (.subtract, false): Loops.update(count: count, request: request) { range, add in
            for i in range {
                let v: Float = g[i]
                dx[i] = add ? dx[i] + v : v
            }
        }
        case (.subtract, true): Loops.update(count: count, request: request) { range, add in
            for i in range {
                let v: Float = -g[i]
                dx[i] = add ? dx[i] + v : v
            }
        }
        case (.multiply, _): Loops.update(count: count, request: request) { range, add in
            for i in range {
                let v: Float = g[i] * s
                dx[i] = add ? dx[i] + v : v
            }
        }
        case (.divide, false): Loops.update(count: count, request: request) { range, add in
            for i in range {
                let v: Float = g[i] / s
                dx[i] = add ? dx[i] + v : v
            }
        }
        case (.divide, true): Loops.update(count: count, request: request) { range, add in
            for i in range {
                let v: Float = -g[i] * s / (x[i] * x[i])
                dx[i] = add ? dx[i] + v : v
            }
        }
        }
    }
}

// Parameter initialisation by name pattern, as MXNet's mx.init.Initializer does it.
import Foundation
import Tensor

/// How weights are initialised (MXNet `mx.init.*`). Non-weight parameters follow MXNet's name
/// patterns whatever the initializer: `*_bias`, `*_beta`, `*_moving_mean` → 0;
/// `*_gamma`, `*_moving_var` → 1.
public enum Initializer: Sendable {
    /// Uniform in `[−scale, scale]` (MXNet `Uniform(scale)`; `fit`'s default is 0.01).
    case uniform(scale: Float)
    /// Normal with mean 0 and standard deviation `sigma` (MXNet `Normal(sigma)`).
    case normal(sigma: Float)
    /// Every weight equal to `value` (MXNet `Constant`).
    case constant(Float)
    /// Xavier/Glorot uniform, `factor_type='avg'`, magnitude 3 (MXNet `Xavier()`):
    /// uniform in `±√(3 / ((fanIn + fanOut) / 2))`.
    case xavier

    /// Fills `buffer` (a parameter named `name` of shape `shape`) using `generator`.
    /// - Throws: `EngineError.invalidArgument` for a name matching no pattern (MXNet's
    ///   "Unknown initialization pattern").
    public func initialize(
        name: String, shape: [Int], buffer: UnsafeMutablePointer<Float>, generator: inout SeededGenerator
    ) throws {
        let count = shape.reduce(1, *)
        func fill(_ value: Float) { buffer.update(repeating: value, count: count) }
        if name.hasSuffix("bias") || name.hasSuffix("beta") || name.hasSuffix("moving_mean") {
            return fill(0)
        }
        if name.hasSuffix("gamma") || name.hasSuffix("moving_var") { return fill(1) }
        guard name.hasSuffix("weight") else {
            throw EngineError.invalidArgument(
                "Unknown initialization pattern for \(name). Default initialization is limited to \"weight\", \"bias\", \"gamma\" (1.0), and \"beta\" (0.0)")
        }
        switch self {
        case let .uniform(scale):
            for i in 0..<count { buffer[i] = generator.uniform(-scale, scale) }
        case let .normal(sigma):
            for i in 0..<count { buffer[i] = Float(generator.normal(standardDeviation: Double(sigma))) }
        case let .constant(value):
            fill(value)
        case .xavier:
            let fanOut = Float(shape.first ?? 1), fanIn = Float(shape.dropFirst().reduce(1, *))
            let scale = (3 / max((fanIn + fanOut) / 2, 1)).squareRoot()
            for i in 0..<count { buffer[i] = generator.uniform(-scale, scale) }
        }
    }
}

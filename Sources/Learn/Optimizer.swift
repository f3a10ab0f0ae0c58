// Optimizers with MXNet 1.9.1's update rules (sgd_update, sgd_mom_update, adam_update).
import Foundation
import Tensor

/// Updates parameters in place from their gradients (MXNet `mx.optimizer.Optimizer`).
///
/// `prepare` allocates the per-parameter state once; `update` is then allocation-free.
/// Weight decay applies only to parameters whose names end in `_weight` or `_gamma` (MXNet's
/// default `wd_mult`: 0 for biases and betas).
public protocol Optimizer: AnyObject {
    /// The base learning rate.
    var learningRate: Float { get set }
    /// Factor applied to every gradient first (`fit` sets `1 / batchSize`).
    var rescaleGrad: Float { get set }
    /// Allocates state for parameters `names[i]` of `counts[i]` elements (index = position).
    /// - Throws: `EngineError.outOfMemory`.
    func prepare(names: [String], counts: [Int]) throws
    /// Applies one step to parameter `index`: `weight` and `gradient` hold `count` elements.
    func update(index: Int, weight: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, count: Int)
}

/// Options shared by MXNet's optimizers.
struct OptimizerCommon {
    var learningRate: Float
    var weightDecay: Float = 0
    var rescaleGrad: Float = 1
    /// Clip threshold for the rescaled gradient; `nil` (MXNet: unset or ≤ 0 is falsy) = no clipping.
    var clipGradient: Float?
    var weightDecayMultipliers: [Float] = []
    /// MXNet `lazy_update` (default true): with a row-sparse gradient (`Embedding(sparse_grad=True)`),
    /// update only the rows the gradient holds.
    var lazyUpdate = true

    mutating func prepare(names: [String]) {
        weightDecayMultipliers = names.map { $0.hasSuffix("_weight") || $0.hasSuffix("_gamma") ? 1 : 0 }
    }

    func weightDecay(for index: Int) -> Float {
        index < weightDecayMultipliers.count ? weightDecay * weightDecayMultipliers[index] : weightDecay
    }

    /// Sets an option every MXNet optimizer takes (`learning_rate`, `wd`, `rescale_grad`,
    /// `clip_gradient`, `lazy_update`; `multi_precision` is accepted and ignored).
    /// - Returns: `false` when `key` is not one of them.
    mutating func apply(_ key: String, _ value: Double) -> Bool {
        switch key {
        case "learning_rate": learningRate = Float(value)
        case "wd": weightDecay = Float(value)
        case "rescale_grad": rescaleGrad = Float(value)
        case "clip_gradient": clipGradient = value > 0 ? Float(value) : nil
        case "lazy_update": lazyUpdate = value != 0
        case "multi_precision": break
        default: return false
        }
        return true
    }
}

private func unexpectedOption(_ optimizer: String, _ key: String) -> EngineError {
    EngineError.invalidArgument("\(optimizer) got an unexpected optimizer parameter '\(key)'")
}

/// Stochastic gradient descent (MXNet `sgd`). Without momentum:
/// `w = (1 − lr·wd)·w − lr·clip(rescale·g)`. With momentum:
/// `m = momentum·m − lr·wd·w − lr·clip(rescale·g)`, `w += m`.
public final class SGD: Optimizer {
    var common: OptimizerCommon
    public var momentum: Float
    private var states: [TensorStorage?] = []

    public var learningRate: Float {
        get { common.learningRate }
        set { common.learningRate = newValue }
    }
    public var rescaleGrad: Float {
        get { common.rescaleGrad }
        set { common.rescaleGrad = newValue }
    }

    /// MXNet's defaults: learning rate 0.01, momentum 0, wd 0, no clipping.
    public init(learningRate: Float = 0.01, momentum: Float = 0, weightDecay: Float = 0,
                rescaleGrad: Float = 1, clipGradient: Float? = nil) {
        common = OptimizerCommon(learningRate: learningRate, weightDecay: weightDecay,
                                 rescaleGrad: rescaleGrad, clipGradient: clipGradient)
        self.momentum = momentum
    }

    public func prepare(names: [String], counts: [Int]) throws {
        common.prepare(names: names)
        states = try counts.map { momentum == 0 ? nil : try TensorStorage(count: $0) }
    }

    public func update(index: Int, weight: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, count: Int) {
        Parallel.forEachChunk(count: count, minimumChunk: 65_536) { range in
            step(index: index, range: range, weight: weight, gradient: gradient + range.lowerBound)
        }
    }

    /// The SGD step of parameter `index` over the elements in `range`; `rangeGradient` points
    /// at the gradient of element `range.lowerBound` (the range's gradients are contiguous).
    func step(index: Int, range: Range<Int>, weight: UnsafeMutablePointer<Float>, gradient rangeGradient: UnsafePointer<Float>) {
        let lr = common.learningRate, wd = common.weightDecay(for: index), rescale = common.rescaleGrad
        let clip = common.clipGradient, momentum = self.momentum
        let gradient = RangeGradient(base: rangeGradient, offset: range.lowerBound)
        let state = index < states.count ? states[index] : nil
        if let momentumBuffer = state?.pointer {
            for i in range {
                let g = clip.map { Swift.min(Swift.max(rescale * gradient[i], -$0), $0) } ?? rescale * gradient[i]
                momentumBuffer[i] = momentum * momentumBuffer[i] - lr * wd * weight[i] - lr * g
                weight[i] += momentumBuffer[i]
            }
        } else if let clip {
            for i in range {
                let g = Swift.min(Swift.max(rescale * gradient[i], -clip), clip)
                weight[i] = (1 - lr * wd) * weight[i] - lr * g
            }
        } else {
            let scaled = lr * rescale
            for i in range { weight[i] = (1 - lr * wd) * weight[i] - scaled * gradient[i] }
        }
    }
}

/// Adam (MXNet `adam`, Kingma & Ba) with MXNet's arrangement: `g = rescale·grad + wd·w`,
/// clipped; `m = β1·m + (1 − β1)·g`; `v = β2·v + (1 − β2)·g²`;
/// `w −= lr_t · m / (√v + ε)` with `lr_t = lr·√(1 − β2^t)/(1 − β1^t)` (ε outside the bias
/// correction, as in MXNet), `t` counting this parameter's updates from 1. Dense: every element
/// (every embedding row) is updated each step.
public final class Adam: Optimizer {
    var common: OptimizerCommon
    public var beta1: Float
    public var beta2: Float
    public var epsilon: Float
    var means: [TensorStorage] = []
    var variances: [TensorStorage] = []
    var updateCounts: [Int] = []
    /// Per parameter, the row bookkeeping of lazy updates (`nil`: updated densely so far).
    var lazyRows: [LazyRowState?] = []
    /// Per parameter, `lr_t` of every step so far (index `t − 1`), for lazy catch-up.
    var stepRates: [[Float]] = []
    /// Per parameter, the largest `lr_t` so far (bounds every replayed step's rate).
    var largestRates: [Float] = []

    /// Whether `Module` updates embedding tables row-lazily when it can tell which rows a batch
    /// touches and `wd` is 0: each row's skipped zero-gradient steps are replayed when a batch
    /// next reads it (see `Adam+LazyRows.swift`), which gives dense Adam's weights (MXNet's
    /// semantics: every row steps every batch) to within float32 rounding while moving only the
    /// touched rows. On by default; `false` forces the dense update of every row.
    public var lazyRowUpdates = true

    public var learningRate: Float {
        get { common.learningRate }
        set { common.learningRate = newValue }
    }
    public var rescaleGrad: Float {
        get { common.rescaleGrad }
        set { common.rescaleGrad = newValue }
    }

    /// MXNet's defaults: learning rate 0.001, β1 0.9, β2 0.999, ε 1e-8.
    public init(learningRate: Float = 0.001, beta1: Float = 0.9, beta2: Float = 0.999, epsilon: Float = 1e-8,
                weightDecay: Float = 0, rescaleGrad: Float = 1, clipGradient: Float? = nil) {
        common = OptimizerCommon(learningRate: learningRate, weightDecay: weightDecay,
                                 rescaleGrad: rescaleGrad, clipGradient: clipGradient)
        self.beta1 = beta1
        self.beta2 = beta2
        self.epsilon = epsilon
    }

    public func prepare(names: [String], counts: [Int]) throws {
        common.prepare(names: names)
        try MemoryGuard.check(count: 2 * counts.reduce(0, +))
        means = try counts.map { try TensorStorage(count: $0) }
        variances = try counts.map { try TensorStorage(count: $0) }
        updateCounts = Array(repeating: 0, count: counts.count)
        lazyRows = Array(repeating: nil, count: counts.count)
        stepRates = Array(repeating: [], count: counts.count)
        largestRates = Array(repeating: 0, count: counts.count)
    }

    /// The number of updates parameter `index` has had (MXNet's `t`).
    public func updateCount(for index: Int) -> Int { index < updateCounts.count ? updateCounts[index] : 0 }

    public func update(index: Int, weight: UnsafeMutablePointer<Float>, gradient: UnsafePointer<Float>, count: Int) {
        guard index < means.count else { return }
        // Rows left behind by lazy updates are brought up to date before a dense step.
        if lazyRows[index] != nil {
            synchronizeRows(index: index, weight: weight)
            lazyRows[index] = nil
        }
        let lr = beginStep(index: index)
        let wd = common.weightDecay(for: index), rescale = common.rescaleGrad, clip = common.clipGradient
        let (beta1, beta2, epsilon) = (self.beta1, self.beta2, self.epsilon)
        let mean = means[index].pointer, variance = variances[index].pointer
        Parallel.forEachChunk(count: count, minimumChunk: 65_536) { range in
            adamKernel(range: range, weight: weight, gradient: gradient + range.lowerBound, mean: mean, variance: variance,
                       lr: lr, wd: wd, rescale: rescale, clip: clip, beta1: beta1, beta2: beta2, epsilon: epsilon)
        }
    }
}

extension Adam {
    /// Counts one more update of parameter `index` and returns its `lr_t` (recorded for lazy
    /// catch-up): `lr·√(1 − β2^t)/(1 − β1^t)`.
    func beginStep(index: Int) -> Float {
        updateCounts[index] += 1
        let t = Double(updateCounts[index])
        // The bias correction is computed in Double, as MXNet's Python does, then passed as Float.
        let correction = (1 - pow(Double(beta2), t)).squareRoot() / (1 - pow(Double(beta1), t))
        let lr = Float(Double(common.learningRate) * correction)
        stepRates[index].append(lr)
        largestRates[index] = Swift.max(largestRates[index], lr.magnitude)
        return lr
    }
}

/// The gradients of a range of elements, indexed by element: `self[i]` is
/// `base[i − offset]`, so a range's gradients may lie apart from its weights (a row-sparse
/// gradient's compact rows).
struct RangeGradient {
    let base: UnsafePointer<Float>
    let offset: Int

    @inline(__always)
    subscript(i: Int) -> Float { base[i - offset] }

    /// The gradient of elements `i..<i + 8`.
    @inline(__always)
    func lanes(at i: Int) -> SIMD8<Float> { UnsafeRawPointer(base + (i - offset)).loadUnaligned(as: SIMD8<Float>.self) }
}

/// The Adam step over `range`, eight lanes at a time (explicit SIMD so the loop vectorises
/// whatever the aliasing analysis concludes), then a scalar tail with the same arithmetic;
/// `rangeGradient` points at the gradient of element `range.lowerBound` (the range's gradients
/// are contiguous).
@inline(__always)
func adamKernel(
    range: Range<Int>, weight: UnsafeMutablePointer<Float>, gradient rangeGradient: UnsafePointer<Float>,
    mean: UnsafeMutablePointer<Float>, variance: UnsafeMutablePointer<Float>,
    lr: Float, wd: Float, rescale: Float, clip: Float?, beta1: Float, beta2: Float, epsilon: Float
) {
    let gradient = RangeGradient(base: rangeGradient, offset: range.lowerBound)
    typealias Lanes = SIMD8<Float>
    let limit = clip ?? .infinity, clipping = clip != nil
    var i = range.lowerBound
    let vectorEnd = range.lowerBound + (range.count / 8) * 8
    let oneMinusBeta1 = 1 - beta1, oneMinusBeta2 = 1 - beta2
    while i < vectorEnd {
        let w = UnsafeRawPointer(weight + i).loadUnaligned(as: Lanes.self)
        var g = gradient.lanes(at: i) * rescale + w * wd
        if clipping { g = g.clamped(lowerBound: Lanes(repeating: -limit), upperBound: Lanes(repeating: limit)) }
        let m = UnsafeRawPointer(mean + i).loadUnaligned(as: Lanes.self) * beta1 + g * oneMinusBeta1
        let v = UnsafeRawPointer(variance + i).loadUnaligned(as: Lanes.self) * beta2 + g * g * oneMinusBeta2
        UnsafeMutableRawPointer(mean + i).storeBytes(of: m, as: Lanes.self)
        UnsafeMutableRawPointer(variance + i).storeBytes(of: v, as: Lanes.self)
        let updated = w - lr * m / (v.laneSquareRoot() + epsilon)
        UnsafeMutableRawPointer(weight + i).storeBytes(of: updated, as: Lanes.self)
        i += 8
    }
    while i < range.upperBound {
        var g = rescale * gradient[i] + wd * weight[i]
        if clipping { g = Swift.min(Swift.max(g, -limit), limit) }
        mean[i] = mean[i] * beta1 + g * oneMinusBeta1
        variance[i] = variance[i] * beta2 + g * g * oneMinusBeta2
        weight[i] -= lr * mean[i] / (variance[i].squareRoot() + epsilon)
        i += 1
    }
}

/// Creates an optimizer by MXNet name (`sgd`, `adam`; case-insensitive) with MXNet-named
/// options: `learning_rate`, `wd`, `rescale_grad`, `clip_gradient`, and `momentum` (sgd) or
/// `beta1`, `beta2`, `epsilon` (adam); `lazy_update` applies to `Embedding(sparse_grad=True)` tables.
/// - Throws: `EngineError.invalidArgument` for an unknown optimizer or option.
public func makeOptimizer(name: String, options: [(String, Double)]) throws -> Optimizer {
    switch name.lowercased() {
    case "sgd":
        let sgd = SGD()
        for (key, value) in options {
            if sgd.common.apply(key, value) { continue }
            guard key == "momentum" else { throw unexpectedOption("sgd", key) }
            sgd.momentum = Float(value)
        }
        return sgd
    case "adam":
        let adam = Adam()
        for (key, value) in options {
            if adam.common.apply(key, value) { continue }
            switch key {
            case "beta1": adam.beta1 = Float(value)
            case "beta2": adam.beta2 = Float(value)
            case "epsilon": adam.epsilon = Float(value)
            default: throw unexpectedOption("adam", key)
            }
        }
        return adam
    default:
        throw EngineError.invalidArgument("Cannot find optimizer '\(name)'; supported: sgd, adam")
    }
}
